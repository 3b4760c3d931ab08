"""Reads of 发展党员: a person's record, the pipeline per organization, step timeliness and
the alerts (预备期满, 谈话逾期, 半年考察缺失). Every read that serves a page takes the user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404

from dangjian.orglife import rules_development as rules
from dangjian.orglife.development_checks import probation_end
from dangjian.orglife.models import DevelopmentDocument, DevelopmentStep
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, scope_prefixes

SYSTEM = "development pipeline and alerts of an organization the caller already reaches"


def person_get(user: User, person_id: int) -> Person:
    """The person, if the user may see them (404 otherwise; a member sees only themselves)."""
    people = Person.objects.visible_to(user, Action.VIEW).select_related("primary_org")
    return get_object_or_404(people, pk=person_id)


def person_in_reach(user: User, person_id: int) -> Person | None:
    """A person the user sees (a contact or sponsor named by id), or None."""
    return Person.objects.visible_to(user, Action.VIEW).filter(pk=person_id).first()


def full_members(user: User):
    """The active full members the user sees: the choices for contacts and sponsors."""
    people = Person.objects.visible_to(user, Action.VIEW)
    return people.filter(is_active=True, party_status=rules.FULL).order_by("name", "pk")


def document_get(user: User, document_id: int) -> DevelopmentDocument:
    rows = DevelopmentDocument.objects.visible_to(user, Action.VIEW)
    return get_object_or_404(rows, pk=document_id)


def person_step_get(person: Person, step_id: int) -> DevelopmentStep:
    """One step of the record, with what the API shows of it (fixed queries)."""
    return next(s for s in person_steps(person) if s.pk == step_id)


def person_steps(person: Person) -> list[DevelopmentStep]:
    """The person's steps in order, with who recorded them and their documents (fixed queries).

    Called only with a person the caller may see (from `person_get`)."""
    rows = DevelopmentStep.objects.unscoped("the steps of a person the caller may see")
    return list(
        rows.filter(person=person)
        .select_related("recorded_by", "approved_by", "first_person", "second_person", "org")
        .prefetch_related(
            Prefetch(
                "documents",
                DevelopmentDocument.objects.unscoped("the documents of steps the caller may see"),
            )
        )
        .order_by("date", "pk")
    )


def sees_pipeline(user: User) -> bool:
    """Organization-wide views (pipeline, alerts): who sees a whole subtree (not members)."""
    return user.is_superuser or bool(scope_prefixes(user, Action.VIEW))


def development_pipeline(org: Organization) -> dict[str, int]:
    """发展党员 pipeline of `org`'s subtree: active people at each stage (assessment reuses it)."""
    people = Person.objects.unscoped(SYSTEM).filter(
        primary_org__path__startswith=org.path, is_active=True, party_status__in=rules.STAGES
    )
    counts = dict.fromkeys(rules.STAGES, 0)
    for status, count in people.values_list("party_status").annotate(n=Count("pk")).order_by():
        counts[status] = count
    return counts


@dataclass
class PipelineRow:
    org: Organization
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        return [self.counts[s] for s in rules.STAGES]

    @property
    def developing(self) -> int:
        return sum(self.counts[s] for s in rules.STAGES if s != rules.FULL)


def pipeline_by_child(org: Organization) -> list[PipelineRow]:
    """One row per organization directly below `org` (its whole subtree counted), plus `org`'s
    own people; one query, whatever the number of children."""
    children = list(Organization.objects.unscoped(SYSTEM).filter(parent=org).order_by("path"))
    rows = {child.path: PipelineRow(child, dict.fromkeys(rules.STAGES, 0)) for child in children}
    own = PipelineRow(org, dict.fromkeys(rules.STAGES, 0))
    people = Person.objects.unscoped(SYSTEM).filter(
        primary_org__path__startswith=org.path, is_active=True, party_status__in=rules.STAGES
    )
    grouped = people.values_list("primary_org__path", "party_status").annotate(n=Count("pk"))
    for path, status, count in grouped.order_by():
        child_path = path[: path.index("/", len(org.path)) + 1] if path != org.path else None
        row = rows.get(child_path) if child_path else own
        if row is not None:
            row.counts[status] += count
    return ([own] if any(own.counts.values()) else []) + list(rows.values())


def people_at_stage(org: Organization, stage: str) -> list[Person]:
    people = Person.objects.unscoped(SYSTEM).filter(
        primary_org__path__startswith=org.path, is_active=True, party_status=stage
    )
    return list(people.select_related("primary_org").order_by("primary_org__path", "name")[:500])


def development_timeliness(
    org: Organization, start: datetime.date, end: datetime.date
) -> tuple[int, int, float | None]:
    """Steps with a deadline (talk within a month, half-year records) done in [start, end] in
    `org`'s subtree: (on time, all, ratio); ratio None when there was none."""
    steps = DevelopmentStep.objects.unscoped(SYSTEM).filter(
        org__path__startswith=org.path, step__in=rules.TIMED_STEPS, date__range=(start, end)
    )
    totals = steps.aggregate(all=Count("pk"), late=Count("pk", filter=Q(late=True)))
    total, late = totals["all"], totals["late"]
    return total - late, total, ((total - late) / total if total else None)


@dataclass
class Alert:
    kind: str  # probation_ending | talk_overdue | training_missing
    person: Person
    due_on: datetime.date


def alerts(people, today: datetime.date) -> list[Alert]:
    """预备期满 within a month (or over, not yet converted), talks overdue, half-year records
    missing, for the active people of the queryset `people` (scoped by the caller)."""
    people = people.filter(is_active=True).select_related("primary_org")
    found: list[Alert] = []
    probationary = people.filter(party_status=rules.PROBATIONARY)
    extensions: dict[int, list[DevelopmentStep]] = {}
    # A subquery rather than a list of ids: one query whether there are none or thousands.
    for row in DevelopmentStep.objects.unscoped(SYSTEM).filter(
        person__in=probationary.values("pk"), step="extend_probation"
    ):
        extensions.setdefault(row.person_id, []).append(row)
    horizon = today + datetime.timedelta(days=rules.PROBATION_ALERT_DAYS)
    for person in list(probationary):
        end = probation_end(person, extensions.get(person.pk, []))
        if end is not None and end <= horizon:
            found.append(Alert("probation_ending", person, end))
    talked = DevelopmentStep.objects.unscoped(SYSTEM).filter(step="talk").values("person")
    overdue = people.filter(
        party_status=rules.APPLICANT,
        applied_on__lt=today - relativedelta(months=rules.TALK_WITHIN_MONTHS),
    ).exclude(pk__in=talked)
    for person in overdue:
        due = person.applied_on + relativedelta(months=rules.TALK_WITHIN_MONTHS)
        found.append(Alert("talk_overdue", person, due))
    activists = people.filter(party_status=rules.ACTIVIST).annotate(
        last_record=Max(
            "development_steps__date", filter=Q(development_steps__step="training_record")
        )
    )
    limit = today - relativedelta(months=rules.TRAINING_RECORD_MONTHS)
    for person in activists:
        last = person.last_record or person.activist_on
        if last is not None and last < limit:
            due = last + relativedelta(months=rules.TRAINING_RECORD_MONTHS)
            found.append(Alert("training_missing", person, due))
    return sorted(found, key=lambda alert: (alert.due_on, alert.person.pk))


def alerts_for(user: User, today: datetime.date) -> list[Alert]:
    return alerts(Person.objects.visible_to(user, Action.VIEW), today)
