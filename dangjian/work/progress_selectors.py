"""Reads of report-style progress on work items, scoped to the user; and the progress figures
that assessment and dashboards reuse (`on_time_rate`, `overdue_summary`).

Only the items of published plans are tracked: a draft plan's items are not yet anyone's work.

The figures take an Organization the caller has already scoped (`orgs.selectors.subtree_org`
or `org_get` for the user): they read that organization's whole subtree, so the subtree is the
scope, and no user is passed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, person_id_of
from dangjian.work import tracking
from dangjian.work.models import (
    ItemDeadlineChange,
    ItemEvidence,
    ItemReport,
    Milestone,
    PlanStatus,
    WorkItem,
)
from dangjian.work.models.tracking import Outcome, TrackedStatus

OVERDUE = "overdue"
DUE_SOON = "due_soon"
OPEN = "open"
CLOSED = "closed"
STATUSES = (OVERDUE, DUE_SOON, OPEN, CLOSED)

# Sort keys of the lists: (query value, order_by).
SORTS = {
    "deadline": ("deadline", "org__path", "pk"),
    "-deadline": ("-deadline", "org__path", "pk"),
    "org": ("org__path", "deadline", "pk"),
    "title": ("title", "deadline", "pk"),
}
DEFAULT_SORT = "deadline"


def _tracked(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    return items.filter(plan__status=PlanStatus.PUBLISHED)


def status_q(status: str, today: datetime.date) -> Q:
    """overdue | due_soon | open (not closed: in progress or awaiting verification) | closed."""
    if status == OVERDUE:
        return tracking.overdue_q(today)
    if status == DUE_SOON:
        return tracking.due_soon_q(today)
    if status == OPEN:
        return ~Q(status=TrackedStatus.CLOSED)
    if status == CLOSED:
        return Q(status=TrackedStatus.CLOSED)
    return Q()


def items_visible(
    user: User,
    org: Organization | None = None,
    status: str = "",
    today: datetime.date | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[WorkItem]:
    """Items of published plans the user may see, optionally over `org`'s subtree (an
    organization from `subtree_org`, whose whole subtree the user reaches) and by status."""
    today = today or tracking.local_today()
    items = _tracked(WorkItem.objects.visible_to(user, Action.VIEW))
    if org is not None:
        items = items.filter(org__path__startswith=org.path)
    if status:
        items = items.filter(status_q(status, today))
    return items.select_related("org", "owner", "plan", "plan__org").order_by(
        *SORTS.get(sort, SORTS[DEFAULT_SORT])
    )


def list_org(user: User, pk: int | None) -> Organization | None:
    """The organization a list is narrowed to: None for everything in reach; a given one
    must be a subtree the user reaches (404 otherwise, as for a member)."""
    if pk is None:
        return None
    return org_selectors.subtree_org(user, pk)


def my_items(user: User, today: datetime.date | None = None) -> QuerySet[WorkItem]:
    """The items the user is responsible for (责任人), open ones first by deadline."""
    person_id = person_id_of(user)
    if person_id is None:
        return WorkItem.objects.visible_to(user, Action.VIEW).none()
    items = _tracked(WorkItem.objects.visible_to(user, Action.VIEW)).filter(owner_id=person_id)
    return items.select_related("org", "owner", "plan", "plan__org").order_by(
        "status", "deadline", "pk"
    )


def item_get(user: User, pk: int, action: str = Action.VIEW) -> WorkItem:
    """One item of a published plan in reach (404 otherwise)."""
    items = _tracked(WorkItem.objects.visible_to(user, action))
    return get_object_or_404(
        items.select_related("org", "owner", "owner__user", "plan", "plan__org", "closed_by"),
        pk=pk,
    )


@dataclass(frozen=True)
class ItemHistory:
    reports: list[ItemReport]
    deadline_changes: list[ItemDeadlineChange]
    milestones: list[Milestone]


def history_of(item: WorkItem) -> ItemHistory:
    """The reports (with their evidence), deadline changes and milestones of an item the
    caller may see (they share its organization): four queries, however long the history."""
    reports = list(
        ItemReport.objects.unscoped("the reports of an item the caller may see")
        .filter(item=item)
        .select_related("reported_by", "milestone")
        .order_by("reported_at", "pk")
    )
    evidence: dict[int, list[ItemEvidence]] = {}
    for row in ItemEvidence.objects.unscoped("the files of an item the caller may see").filter(
        report__item=item
    ):
        evidence.setdefault(row.report_id, []).append(row)
    for report in reports:
        report.files = evidence.get(report.pk, [])
    changes = list(
        ItemDeadlineChange.objects.unscoped("the deadline history of an item the caller may see")
        .filter(item=item)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )
    milestones = list(
        Milestone.objects.unscoped("the milestones of an item the caller may see").filter(item=item)
    )
    return ItemHistory(reports=reports, deadline_changes=changes, milestones=milestones)


def with_days_overdue(items: list[WorkItem], today: datetime.date | None = None) -> list[WorkItem]:
    """Each row of a page gets `days_overdue` (0 unless overdue) and `is_overdue`."""
    today = today or tracking.local_today()
    for item in items:
        item.days_overdue = tracking.days_overdue(item, today)
        item.is_overdue = item.days_overdue > 0
    return items


# ---- figures reused by assessment and dashboards -------------------------------------------


def _subtree_items(org: Organization) -> QuerySet[WorkItem]:
    return _tracked(
        WorkItem.objects.unscoped("a figure over an organization the caller already scoped")
    ).filter(org__path__startswith=org.path)


@dataclass(frozen=True)
class OnTimeRate:
    due: int  # items whose first deadline is over
    on_time: int  # of those, completed on time
    rate: float | None  # on_time / due, None when nothing was due


def on_time_rate(org: Organization, year: int, today: datetime.date | None = None) -> OnTimeRate:
    """按时完成率 of `org`'s subtree for the plans of `year`.

    Rule: the items of published plans of `year` in the subtree whose FIRST deadline is over
    (it lies before today, Asia/Shanghai) are due; an item is completed on time when it stands
    reported done or closed and its latest done report was made (local date) on or before
    that first deadline. A report returned by the verifier leaves the item open, so it no
    longer counts; a later done report counts only if it too came by the first deadline. A
    moved deadline does not move the measure.
    """
    return _on_time(_subtree_items(org).filter(plan__year=year), today)


def on_time_between(
    org: Organization, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> OnTimeRate:
    """As `on_time_rate`, for the items whose first deadline lies in [start, end] (a month, a
    quarter: assessment's periods)."""
    return _on_time(_subtree_items(org).filter(first_deadline__range=(start, end)), today)


def _on_time(items: QuerySet[WorkItem], today: datetime.date | None) -> OnTimeRate:
    today = today or tracking.local_today()
    due = items.filter(first_deadline__lt=today)
    last_done = (
        ItemReport.objects.unscoped("the reports of the items being counted")
        .filter(item=OuterRef("pk"), outcome=Outcome.DONE)
        .order_by("-reported_at", "-pk")
        .values("reported_at")[:1]
    )
    zone = timezone.get_current_timezone()
    counts = due.annotate(last_done_on=TruncDate(Subquery(last_done), tzinfo=zone)).aggregate(
        due=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(
                status__in=[TrackedStatus.REPORTED, TrackedStatus.CLOSED],
                last_done_on__lte=F("first_deadline"),
            ),
        ),
    )
    rate = counts["on_time"] / counts["due"] if counts["due"] else None
    return OnTimeRate(due=counts["due"], on_time=counts["on_time"], rate=rate)


@dataclass(frozen=True)
class OverdueSummary:
    count: int  # overdue items
    total_days: int  # their days overdue, added up
    max_days: int  # the longest overdue


def overdue_summary(org: Organization, today: datetime.date | None = None) -> OverdueSummary:
    """逾期情况 of `org`'s subtree today: overdue items (open, deadline before today, local
    date), their days overdue in total and the most. One query, grouped by deadline."""
    today = today or tracking.local_today()
    rows = (
        _subtree_items(org)
        .filter(tracking.overdue_q(today))
        .values("deadline")
        .annotate(n=Count("pk"))
        .order_by()
    )
    count = total = longest = 0
    for row in rows:
        days = (today - row["deadline"]).days
        count += row["n"]
        total += days * row["n"]
        longest = max(longest, days)
    return OverdueSummary(count=count, total_days=total, max_days=longest)
