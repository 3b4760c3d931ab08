"""Writes of key projects (项目化管理): create and change a project and its milestones, report
progress (meeting a milestone), finish it. Every write checks the actor's right, validates all
of its input before anything is saved, and is audited; notices and files follow the commit.

Who may do what:
- create, change, add or remove milestones, finish — a CHANGE holder at the project's
  organization (its secretary, the department);
- report progress — the responsible cadre (责任人, the person linked to the account) or a
  CHANGE holder at the project's organization.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import save_on_commit, upload_errors
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, can, may_at, person_id_of
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope
from dangjian.work import rules as shared_rules
from dangjian.work import rules_project as rules
from dangjian.work.models import KeyProject, ProjectFile, ProjectMilestone, ProjectReport, WorkItem
from dangjian.work.people import responsible_error
from dangjian.work.tracking import length_errors, local_today

ERRORS = {
    "no_right": _("You may not manage the key projects of this organization."),
    "no_report_right": _(
        "Only the responsible cadre or the project's organization may report on this project."
    ),
    "title": _("Give the project a title."),
    "statement": _("Give the target-responsibility statement (目标责任书)."),
    "year": _("The year must lie between %(min)s and %(max)s."),
    "no_milestones": _("Give at least one milestone with its date."),
    "too_many": _("A project keeps at most %(limit)s milestones."),
    "milestone_title": _("Milestone %(number)s (%(date)s) needs a title."),
    "milestone_year": _(
        "Milestone %(number)s “%(title)s” on %(date)s lies outside the project's year %(year)s."
    ),
    "item_org": _(
        "The plan item “%(item)s” belongs to a plan of %(org)s, outside this project's "
        "organization."
    ),
    "item_year": _("The plan item “%(item)s” belongs to the %(plan_year)s plan, not %(year)s."),
    "finished": _("This project was finished on %(date)s: it cannot be changed any more."),
    "text": _("Say what progress was made."),
    "milestone_other": _("That milestone does not belong to this project."),
    "milestone_met": _("The milestone “%(title)s” was already met on %(date)s."),
    "met_stays": _(
        "The milestone “%(title)s” was met on %(date)s: it stays, with its date and title."
    ),
    "unmet": _("Not every milestone is met yet: %(titles)s."),
}

MilestoneRow = tuple[datetime.date, str]


def require_change(actor: User, org: Organization) -> None:
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_right"])


def may_report(actor: User, project: KeyProject) -> bool:
    """The responsible cadre, or a CHANGE holder at the project's organization."""
    own = person_id_of(actor) is not None and person_id_of(actor) == project.responsible_id
    return own or may_at(actor, Action.CHANGE, project.org.path)


def _visible(actor: User, project: KeyProject) -> None:
    """Out of the actor's sight: the model's DoesNotExist (404), as for no project at all."""
    if not can(actor, Action.VIEW, project):
        raise KeyProject.DoesNotExist(f"KeyProject {project.pk} is out of reach")


def _not_finished(project: KeyProject) -> None:
    if project.finished_on is not None:
        raise ValidationError(ERRORS["finished"] % {"date": project.finished_on.isoformat()})


def _check_project(
    org: Organization,
    year: int,
    title: str,
    responsible: Person | None,
    statement: str,
    item: WorkItem | None,
    today: datetime.date,
) -> dict[str, list]:
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [ERRORS["title"]]
    if not statement.strip():
        errors["statement"] = [ERRORS["statement"]]
    lowest, highest = rules.YEAR_MIN, today.year + 1
    if not lowest <= year <= highest:
        errors["year"] = [ERRORS["year"] % {"min": lowest, "max": highest}]
    if responsible is None:
        errors["responsible"] = [_("Choose the responsible cadre.")]
    elif refusal := responsible_error(responsible, org):
        errors["responsible"] = [refusal]
    if item is not None:
        plan = item.plan
        if not plan.org.path.startswith(org.path):
            errors["item"] = [ERRORS["item_org"] % {"item": item.title, "org": plan.org.name}]
        elif plan.year != year:
            params = {"item": item.title, "plan_year": plan.year, "year": year}
            errors["item"] = [ERRORS["item_year"] % params]
    return errors


def _check_milestones(rows: Sequence[MilestoneRow], year: int, first: int = 1) -> list[str]:
    """Each row's problem, named by its number (from `first`, in the order given)."""
    if not rows:
        return [str(ERRORS["no_milestones"])]
    problems = []
    if len(rows) > rules.MILESTONES_MAX:
        problems.append(str(ERRORS["too_many"] % {"limit": rules.MILESTONES_MAX}))
    for number, (due_on, title) in enumerate(rows, start=first):
        params = {"number": number, "date": due_on.isoformat(), "title": title, "year": year}
        if not title.strip():
            problems.append(str(ERRORS["milestone_title"] % params))
        if due_on.year != year:
            problems.append(str(ERRORS["milestone_year"] % params))
    return problems


def _notify_responsible(project: KeyProject) -> None:
    """On commit: the responsible cadre's account hears of the assignment (once per person)."""
    person = (
        Person.objects.unscoped("the responsible cadre's account, for the notice")
        .select_related("user")
        .get(pk=project.responsible_id)
    )
    if person.user is None:
        return
    link = reverse("work:project-detail", args=[project.pk])
    notice_send(
        recipients=[person.user],
        subject=gettext("You are responsible for the key project “%(title)s”")
        % {"title": project.title},
        link=link,
        key=f"work.project.assigned:{project.pk}:{person.pk}",
    )


@transaction.atomic
def project_create(
    *,
    actor: User,
    org: Organization,
    year: int,
    title: str,
    responsible: Person | None,
    statement: str,
    milestones: Sequence[MilestoneRow],
    item: WorkItem | None = None,
    today: datetime.date | None = None,
) -> KeyProject:
    """A key project with its milestones (all inside `year`): all of it or nothing."""
    require_change(actor, org)
    today = today or local_today()
    errors = _check_project(org, year, title, responsible, statement, item, today)
    problems = _check_milestones(milestones, year)
    if problems:
        errors["milestones"] = problems
    if errors:
        raise ValidationError(errors)
    project = KeyProject.objects.create(
        org=org,
        year=year,
        title=title.strip(),
        responsible=responsible,
        statement=statement.strip(),
        item=item,
        created_by=actor,
    )
    ProjectMilestone.objects.bulk_create(
        ProjectMilestone(project=project, due_on=due_on, title=text.strip())
        for due_on, text in milestones
    )
    ensure_still_in_scope(actor, project)
    audit_record(
        actor=actor,
        action="work.project.create",
        target=project,
        year=year,
        responsible=responsible.pk,
        milestones=[due_on.isoformat() for due_on, _text in milestones],
    )
    transaction.on_commit(lambda: _notify_responsible(project))
    return project


def _milestones_of(project: KeyProject) -> list[ProjectMilestone]:
    return list(
        ProjectMilestone.objects.unscoped("the milestones of the project being changed")
        .filter(project=project)
        .order_by("due_on", "pk")
    )


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: KeyProject,
    year: int,
    title: str,
    responsible: Person | None,
    statement: str,
    milestones: Sequence[tuple[int | None, datetime.date, str]] | None = None,
    item: WorkItem | None = None,
    today: datetime.date | None = None,
) -> KeyProject:
    """Change a project; `milestones` (id or None for a new one, date, title), when given,
    replace its milestones — a met milestone stays as it was."""
    _visible(actor, project)
    require_change(actor, project.org)
    _not_finished(project)
    today = today or local_today()
    errors = _check_project(project.org, year, title, responsible, statement, item, today)
    existing = {row.pk: row for row in _milestones_of(project)}
    if milestones is None:
        milestones = [(row.pk, row.due_on, row.title) for row in existing.values()]
    problems = _check_milestones([(due_on, text) for _pk, due_on, text in milestones], year)
    kept = {pk for pk, _due, _text in milestones if pk in existing}
    for pk, due_on, text in milestones:
        row = existing.get(pk)
        if row is not None and row.met_on and (row.due_on, row.title) != (due_on, text.strip()):
            problems.append(str(ERRORS["met_stays"] % _met_params(row)))
    for row in existing.values():
        if row.pk not in kept and row.met_on:
            problems.append(str(ERRORS["met_stays"] % _met_params(row)))
    if problems:
        errors["milestones"] = problems
    if errors:
        raise ValidationError(errors)
    before_responsible = project.responsible_id
    project.year, project.title, project.statement = year, title.strip(), statement.strip()
    project.responsible, project.item = responsible, item
    project.save()
    ProjectMilestone.objects.unscoped("the milestones of the project being changed").filter(
        project=project
    ).exclude(pk__in=kept).delete()
    changed, added = [], []
    for pk, due_on, text in milestones:
        row = existing.get(pk)
        if row is None:
            added.append(ProjectMilestone(project=project, due_on=due_on, title=text.strip()))
        elif (row.due_on, row.title) != (due_on, text.strip()):
            row.due_on, row.title = due_on, text.strip()
            changed.append(row)
    ProjectMilestone.objects.bulk_create(added)
    ProjectMilestone.objects.unscoped("the milestones of the project being changed").bulk_update(
        changed, ["due_on", "title"]
    )
    ensure_still_in_scope(actor, project)
    audit_record(
        actor=actor,
        action="work.project.update",
        target=project,
        year=year,
        responsible=responsible.pk,
        milestones=[due_on.isoformat() for _pk, due_on, _text in milestones],
    )
    if responsible.pk != before_responsible:
        transaction.on_commit(lambda: _notify_responsible(project))
    return project


def _met_params(row: ProjectMilestone) -> dict[str, str]:
    return {"title": row.title, "date": row.met_on.isoformat()}


@transaction.atomic
def milestone_add(
    *, actor: User, project: KeyProject, due_on: datetime.date, title: str
) -> ProjectMilestone:
    """One more milestone, inside the project's year."""
    _visible(actor, project)
    require_change(actor, project.org)
    _not_finished(project)
    count = len(_milestones_of(project))
    # Numbered as the project's next milestone.
    problems = _check_milestones([(due_on, title)], project.year, first=count + 1)
    if count + 1 > rules.MILESTONES_MAX:
        problems.append(str(ERRORS["too_many"] % {"limit": rules.MILESTONES_MAX}))
    if problems:
        raise ValidationError({"milestones": problems})
    row = ProjectMilestone.objects.create(project=project, due_on=due_on, title=title.strip())
    audit_record(
        actor=actor,
        action="work.project.milestone_add",
        target=project,
        milestone=row.pk,
        due_on=due_on.isoformat(),
    )
    return row


@transaction.atomic
def milestone_remove(*, actor: User, milestone: ProjectMilestone) -> None:
    """Remove an unmet milestone (a met one stays; a project keeps at least one)."""
    project = milestone.project
    _visible(actor, project)
    require_change(actor, project.org)
    _not_finished(project)
    if milestone.met_on:
        raise ValidationError({"milestones": [ERRORS["met_stays"] % _met_params(milestone)]})
    if len(_milestones_of(project)) <= 1:
        raise ValidationError({"milestones": [ERRORS["no_milestones"]]})
    audit_record(
        actor=actor,
        action="work.project.milestone_remove",
        target=project,
        milestone=milestone.pk,
        due_on=milestone.due_on.isoformat(),
        title=milestone.title,
    )
    ProjectMilestone.objects.unscoped("the milestone being removed").filter(
        pk=milestone.pk
    ).delete()


@transaction.atomic
def project_report(
    *,
    actor: User,
    project: KeyProject,
    text: str,
    milestone: ProjectMilestone | None = None,
    files: Iterable[File] = (),
    today: datetime.date | None = None,
) -> ProjectReport:
    """A progress report (项目进展); a named milestone is met today (Asia/Shanghai)."""
    _visible(actor, project)
    if not may_report(actor, project):
        raise PermissionDenied(ERRORS["no_report_right"])
    _not_finished(project)
    today = today or local_today()
    uploads = list(files)
    errors: dict[str, list] = {}
    if not text.strip():
        errors["text"] = [ERRORS["text"]]
    errors.update(length_errors(text=text))
    if milestone is not None:
        if milestone.project_id != project.pk:
            errors["milestone"] = [ERRORS["milestone_other"]]
        elif milestone.met_on is not None:
            errors["milestone"] = [ERRORS["milestone_met"] % _met_params(milestone)]
    problems = upload_errors(uploads, shared_rules.EVIDENCE)
    if problems:
        errors["files"] = problems
    if errors:
        raise ValidationError(errors)
    report = ProjectReport.objects.create(
        project=project, milestone=milestone, text=text.strip(), reported_by=actor
    )
    if milestone is not None:
        milestone.met_on = today
        ProjectMilestone.objects.unscoped("the milestone this report meets").filter(
            pk=milestone.pk
        ).update(met_on=today)
    for upload in uploads:
        row = ProjectFile(project=project, name=Path(upload.name).name[:200], uploaded_by=actor)
        row.size = save_on_commit(row.file, upload, f"projects/{project.year}")
        row.save()
    audit_record(
        actor=actor,
        action="work.project.report",
        target=project,
        report=report.pk,
        milestone=milestone.pk if milestone else None,
        met_on=today.isoformat() if milestone else None,
        files=len(uploads),
    )
    return report


@transaction.atomic
def project_finish(
    *, actor: User, project: KeyProject, today: datetime.date | None = None
) -> KeyProject:
    """Close a project whose every milestone is met (finished today, Asia/Shanghai)."""
    _visible(actor, project)
    require_change(actor, project.org)
    _not_finished(project)
    today = today or local_today()
    unmet = [row.title for row in _milestones_of(project) if row.met_on is None]
    if unmet:
        raise ValidationError({"finished_on": [ERRORS["unmet"] % {"titles": "、".join(unmet)}]})
    project.finished_on = today
    project.save(update_fields=["finished_on"])
    audit_record(
        actor=actor, action="work.project.finish", target=project, finished_on=today.isoformat()
    )
    return project
