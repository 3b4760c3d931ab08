"""Reads of the rectification ledger (整改台账), scoped to the user; and `closed_on_time`,
the rate assessment and dashboards reuse.

`closed_on_time(org, year)` — the rule (stated once, here):
- counted: rectifications of `org`'s subtree whose FIRST deadline (the one set when the
  problem was listed, before any move) falls in `year` and is over — it lies before today
  (Asia/Shanghai): until the deadline's day has ended the row may still be closed in time;
- on time: closed (销号), and the done report that led to the close was filed on or before the
  first deadline (local date) — acceptance takes the issuing level's time, which the
  rectifying organization does not control; a row closed without a report on record (demo
  or imported rows) counts by its close date;
- rate: on time / counted, None when nothing is counted.
A moved deadline does not make a late fix on time: the first deadline is the yardstick.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action
from dangjian.work import tracking
from dangjian.work.models import (
    ProblemSource,
    Rectification,
    RectificationDeadlineChange,
    RectificationEvidence,
    RectificationReport,
)
from dangjian.work.models.tracking import Outcome, TrackedStatus

OVERDUE = "overdue"
DUE_SOON = "due_soon"
STATUS_FILTERS = (*TrackedStatus.values, OVERDUE, DUE_SOON)


@dataclass(frozen=True)
class RectFilters:
    under: Organization | None = None
    source: str = ""
    status: str = ""  # a stored status, or OVERDUE / DUE_SOON
    year: int | None = None  # the year of the current deadline


def rect_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Rectification]:
    return Rectification.objects.visible_to(user, action)


def rect_list(
    user: User, filters: RectFilters, today: datetime.date | None = None
) -> QuerySet[Rectification]:
    today = today or tracking.local_today()
    rows = rect_queryset(user).select_related("org", "issued_by", "responsible")
    if filters.under is not None:
        rows = rows.filter(org__path__startswith=filters.under.path)
    if filters.source in ProblemSource.values:
        rows = rows.filter(source=filters.source)
    if filters.status == OVERDUE:
        rows = rows.filter(tracking.overdue_q(today))
    elif filters.status == DUE_SOON:
        rows = rows.filter(tracking.due_soon_q(today))
    elif filters.status in TrackedStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.year:
        rows = rows.filter(deadline__year=filters.year)
    return rows.order_by("deadline", "pk")


def rect_get(user: User, pk: int) -> Rectification:
    """A rectification in the user's reach (with its organizations), else 404."""
    rect = (
        rect_queryset(user)
        .select_related("org", "issued_by", "responsible", "closed_by", "created_by")
        .filter(pk=pk)
        .first()
    )
    if rect is None:
        raise Http404("no such rectification")
    return rect


def reports_of(rect: Rectification) -> list[RectificationReport]:
    """The row's reports, oldest first, each with its evidence files (two queries)."""
    reports = list(
        RectificationReport.objects.unscoped("reports of a rectification the caller may see")
        .filter(rectification=rect)
        .select_related("reported_by")
        .order_by("reported_at", "pk")
    )
    files: dict[int, list[RectificationEvidence]] = {}
    for row in (
        RectificationEvidence.objects.unscoped("files of a rectification the caller may see")
        .filter(report__rectification=rect)
        .order_by("pk")
    ):
        files.setdefault(row.report_id, []).append(row)
    for report in reports:
        report.files = files.get(report.pk, [])
    return reports


def deadline_changes_of(rect: Rectification) -> list[RectificationDeadlineChange]:
    return list(
        RectificationDeadlineChange.objects.unscoped(
            "deadline history of a rectification the caller may see"
        )
        .filter(rectification=rect)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def latest_report_texts(rects: list[Rectification]) -> dict[int, RectificationReport]:
    """The latest report of each row on a page (one query): the ledger's 整改进展 column."""
    ids = [rect.pk for rect in rects]
    latest = (
        RectificationReport.objects.unscoped("reports of the rows on the caller's page")
        .filter(rectification_id__in=ids)
        .values("rectification_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    rows = RectificationReport.objects.unscoped("reports of the rows on the caller's page").filter(
        pk__in=latest
    )
    return {row.rectification_id: row for row in rows}


# ---- closed on time ----


@dataclass(frozen=True)
class OnTime:
    counted: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.counted if self.counted else None


def closed_on_time(org: Organization, year: int, today: datetime.date | None = None) -> OnTime:
    """Rectifications closed on time in `org`'s subtree in `year` (rule: the module's
    docstring). `org` was obtained through a scoped read: its subtree is the scope."""
    return _closed_on_time(org, Q(first_deadline__year=year), today)


def closed_on_time_between(
    org: Organization, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> OnTime:
    """As `closed_on_time`, for the rows whose first deadline lies in [start, end]
    (assessment's periods)."""
    return _closed_on_time(org, Q(first_deadline__range=(start, end)), today)


def _closed_on_time(org: Organization, which: Q, today: datetime.date | None) -> OnTime:
    today = today or tracking.local_today()
    last_done = (
        RectificationReport.objects.unscoped("reports of the rows counted")
        .filter(rectification=OuterRef("pk"), outcome=Outcome.DONE)
        .order_by("-reported_at", "-pk")
        .values("reported_at")[:1]
    )
    rows = (
        Rectification.objects.unscoped("the subtree of an organization the caller scoped")
        .filter(which, org__path__startswith=org.path, first_deadline__lt=today)
        .annotate(last_done=Subquery(last_done))
        .values_list("status", "first_deadline", "last_done", "closed_at")
    )
    counted = on_time = 0
    for status, first_deadline, last_done_at, closed_at in rows:
        counted += 1
        if status != TrackedStatus.CLOSED:
            continue
        done_at = last_done_at or closed_at
        if done_at is not None and timezone.localdate(done_at) <= first_deadline:
            on_time += 1
    return OnTime(counted=counted, on_time=on_time)


# ---- seminars to take in ----


def seminars_to_take_in(user: User) -> QuerySet:
    """Seminars (座谈) of organizations whose records the user may change that still have open
    problem rows not taken in, newest first, with how many such rows each has."""
    from django.db.models import Count

    from dangjian.study.models import EventIssue, StudyEvent

    taken = Rectification.objects.unscoped("whether a row was taken in, in any ledger").filter(
        event_issue__isnull=False
    )
    waiting = Q(issues__status=EventIssue.Status.OPEN) & ~Q(
        issues__pk__in=taken.values("event_issue_id")
    )
    return (
        StudyEvent.objects.visible_to(user, Action.CHANGE)
        .filter(kind=StudyEvent.Kind.SEMINAR)
        .annotate(waiting=Count("issues", filter=waiting))
        .filter(waiting__gt=0)
        .select_related("org")
        .order_by("-starts_on", "-pk")
    )


def seminar_get(user: User, pk: int):
    """A study event in the user's reach, else 404."""
    from dangjian.study.models import StudyEvent

    event = StudyEvent.objects.visible_to(user, Action.VIEW).filter(pk=pk).first()
    if event is None:
        raise Http404("no such seminar")
    return event
