"""Pages of key projects (项目化管理): the board (columns on track / at risk / late / finished;
stacked as a list grouped by status on a phone), a project, create and edit (milestones as
repeated rows), the progress report (phone first) and the finish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id, whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, may, may_at
from dangjian.work import project_selectors as selectors
from dangjian.work import project_services as services
from dangjian.work import rules_project as rules
from dangjian.work.models import KeyProject, WorkItem
from dangjian.work.project_forms import MilestoneFormSet, ProjectForm, ReportForm, milestone_rows
from dangjian.work.tracking import local_today

CHOICES_MAX = 500


def board_filters(request: HttpRequest) -> selectors.ProjectFilters:
    org_pk = query_id(request.GET.get("org"))
    under = org_selectors.org_get(request.user, org_pk) if org_pk else None
    year_text = request.GET.get("year", "")
    year = whole_number(year_text) if year_text != "all" else None
    if year_text != "all" and (year is None or year > 9999):
        year = local_today().year
    status = request.GET.get("status", "")
    status = status if status in rules.ProjectStatus.values else ""
    return selectors.ProjectFilters(under=under, year=year, status=status)


@require_safe
def project_board(request: HttpRequest) -> HttpResponse:
    """重点项目看板 — the projects in reach by status, filtered by year and organization."""
    filters = board_filters(request)
    context = {
        "columns": selectors.project_board(request.user, filters),
        "filters": filters,
        "years": selectors.years_of(request.user),
        "orgs": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[:CHOICES_MAX],
        "creator": may(request.user, Action.CHANGE),
        "at_risk_days": rules.AT_RISK_DAYS,
        "stale_days": rules.STALE_REPORT_DAYS,
    }
    return render(request, "work/project_board.html", context)


def _people(user: User, org: Organization, current: Person | None = None) -> list[Person]:
    """Who may be chosen as responsible: the people of the organization itself and those
    with an account anywhere below it (a cadre reports through their account)."""
    people = list(
        Person.objects.visible_to(user, Action.VIEW)
        .filter(primary_org__path__startswith=org.path, is_active=True, exit_on__isnull=True)
        .filter(Q(primary_org=org) | Q(user__isnull=False))
        .select_related("primary_org")
        .order_by("name", "pk")[:CHOICES_MAX]
    )
    if current is not None and current.pk not in {person.pk for person in people}:
        people.insert(0, current)
    return people


def _items(user: User, org: Organization, current: WorkItem | None = None) -> list[WorkItem]:
    items = list(
        WorkItem.objects.visible_to(user, Action.VIEW)
        .filter(plan__org__path__startswith=org.path)
        .select_related("plan__org")
        .order_by("-plan__year", "plan__org__path", "number")[:CHOICES_MAX]
    )
    if current is not None and current.pk not in {item.pk for item in items}:
        items.insert(0, current)
    return items


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    """A new key project of an organization the user may change (chosen first, by GET)."""
    orgs = list(
        org_selectors.org_choices(request.user, Action.CHANGE).order_by("path")[:CHOICES_MAX]
    )
    if not orgs:
        raise PermissionDenied(services.ERRORS["no_right"])
    by_pk = {org.pk: org for org in orgs}
    source = request.POST if request.method == "POST" else request.GET
    org = by_pk.get(whole_number(source.get("org")) or 0) or orgs[0]
    form = ProjectForm(
        request.POST or None,
        initial={"org": org.pk, "year": local_today().year},
        orgs=orgs,
        people=_people(request.user, org),
        items=_items(request.user, org),
    )
    formset = MilestoneFormSet(request.POST or None, prefix="milestones")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [(due_on, title) for _pk, due_on, title in milestone_rows(formset)]
        try:
            project = services.project_create(
                actor=request.user, org=org, milestones=rows, **form.project_arguments()
            )
        except ValidationError as error:
            _attach(form, formset, error)
        else:
            messages.success(request, _("Key project created."))
            return redirect("work:project-detail", pk=project.pk)
    context = {"form": form, "formset": formset, "org": org, "orgs": orgs, "project": None}
    return render(request, "work/project_form.html", context)


def _attach(form: ProjectForm, formset, error: ValidationError) -> None:
    """Milestone problems go above the rows (the formset has no such field); the rest onto
    the project's fields."""
    found = getattr(error, "error_dict", None)
    if found is None:
        attach_errors(form, error)
        return
    rows = found.get("milestones", [])
    formset.service_errors = [message for e in rows for message in e]
    rest = {name: errors for name, errors in found.items() if name != "milestones"}
    if rest:
        attach_errors(form, ValidationError(rest))
    else:
        form.add_error(None, _("Correct the milestones below."))


def _managed(request: HttpRequest, pk: int) -> KeyProject:
    project = selectors.project_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, project.org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    return project


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    if project.finished_on:
        messages.error(request, _("A finished project cannot be changed."))
        return redirect("work:project-detail", pk=project.pk)
    milestones = selectors.project_row(project).milestones
    form = ProjectForm(
        request.POST or None,
        initial={
            "year": project.year,
            "title": project.title,
            "responsible": project.responsible_id,
            "statement": project.statement,
            "item": project.item_id,
        },
        people=_people(request.user, project.org, project.responsible),
        items=_items(request.user, project.org, project.item),
    )
    formset = MilestoneFormSet(
        request.POST or None,
        prefix="milestones",
        initial=[{"id": m.pk, "due_on": m.due_on, "title": m.title} for m in milestones],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                milestones=milestone_rows(formset),
                **form.project_arguments(),
            )
        except ValidationError as error:
            _attach(form, formset, error)
        else:
            messages.success(request, _("Key project saved."))
            return redirect("work:project-detail", pk=project.pk)
    met = {m.pk: m.met_on for m in milestones if m.met_on}
    context = {"form": form, "formset": formset, "org": project.org, "project": project, "met": met}
    return render(request, "work/project_form.html", context)


@require_safe
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)
    context = {
        "project": project,
        "row": selectors.project_row(project),
        "reports": selectors.reports_of(project),
        "files": selectors.files_of(project),
        "manager": may_at(request.user, Action.CHANGE, project.org.path),
        "reporter": services.may_report(request.user, project),
        "rules": rules,
    }
    return render(request, "work/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_report(request: HttpRequest, pk: int) -> HttpResponse:
    """进展报告 — one column on a phone: what was done, the milestone met, evidence."""
    project = selectors.project_get(request.user, pk)
    if not services.may_report(request.user, project):
        raise PermissionDenied(services.ERRORS["no_report_right"])
    if project.finished_on:
        messages.error(request, _("A finished project takes no more reports."))
        return redirect("work:project-detail", pk=project.pk)
    row = selectors.project_row(project)
    form = ReportForm(request.POST or None, request.FILES or None, milestones=row.milestones)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_report(actor=request.user, project=project, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("work:project-detail", pk=project.pk)
    return render(request, "work/project_report.html", {"project": project, "form": form})


@require_http_methods(["GET", "POST"])
def project_finish(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a project whose every milestone is met."""
    project = _managed(request, pk)
    row = selectors.project_row(project)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.project_finish(actor=request.user, project=project)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Key project finished."))
            return redirect("work:project-detail", pk=project.pk)
    return render(
        request, "work/project_finish.html", {"project": project, "row": row, "errors": errors}
    )
