"""Reads of 创先争优 monthly targets (月度目标): who must hand them in, each committee's status in a
month (on time, late with its days, missing, not yet due), the marks, and one committee's
history.

**Grassroots committees** (基层党委, `grassroots_committees_q`): the active organizations of type
committee below the county root — township committees (乡镇党委), county-unit 党组/committees and
enterprise committees. The county committee itself (depth 0) reports to nobody; branches and
groups report through their committee.

**Status** of a committee in a month: submitted on or before the deadline (the day
`rules_target.DEADLINE_DAY` of the month, local date in Asia/Shanghai) → on time; submitted
after it → late, by the days between the deadline and the local date of submission; not
submitted and the deadline passed → missing; otherwise → pending (not yet due).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dangjian.assess import rules_target as rules
from dangjian.assess.models import MonthlyTarget, TargetItem
from dangjian.lib import months
from dangjian.lib.months import add_months as add_months  # re-exported for the part
from dangjian.lib.months import month_end as month_end
from dangjian.orgs.models import Organization, OrgType, User
from dangjian.orgs.scoping import Action

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
PENDING = "pending"
STATUSES = (ON_TIME, LATE, MISSING, PENDING)
MARKS = tuple(TargetItem.Mark.values)


def parse_month(text: str | None) -> datetime.date | None:
    """ "2026-11" → 2026-11-01; anything else (or a year outside 2000–2100) → None."""
    return months.parse_month(text, years=(2000, 2100))


def local_today() -> datetime.date:
    """Today in Asia/Shanghai."""
    return timezone.localdate()


def deadline_of(month: datetime.date) -> datetime.date:
    """The day a month's targets are due (rules_target.DEADLINE_DAY of that month, or its
    last day when the month is shorter)."""
    return month.replace(day=min(rules.DEADLINE_DAY, month_end(month).day))


def submitted_on(target: MonthlyTarget) -> datetime.date | None:
    """The local date (Asia/Shanghai) of the submission."""
    if target.submitted_at is None:
        return None
    return timezone.localtime(target.submitted_at).date()


def days_late(target: MonthlyTarget) -> int:
    day = submitted_on(target)
    return max(0, (day - target.deadline).days) if day else 0


def status_of(
    target: MonthlyTarget | None, deadline: datetime.date, today: datetime.date
) -> tuple[str, int]:
    """(status, days late) of one committee's month."""
    if target is not None and target.status == MonthlyTarget.Status.SUBMITTED:
        late = days_late(target)
        return (LATE, late) if late else (ON_TIME, 0)
    return (MISSING, 0) if today > deadline else (PENDING, 0)


def grassroots_committees_q(prefix: str = "") -> Q:
    """基层党委: active committees below the county root (depth ≥ 1), within `prefix`."""
    condition = Q(is_active=True, org_type=OrgType.COMMITTEE, depth__gte=1)
    if prefix:
        condition &= Q(path__startswith=prefix)
    return condition


def committees_of_month_q(month: datetime.date, prefix: str = "") -> Q:
    """The grassroots committees that owed `month`'s targets: those that existed in the month
    (founded on or before its last day — or, without a founding date, recorded by then) and
    are active today or handed in that month (a committee dissolved since keeps its past)."""
    end = month_end(month)
    recorded_by = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    condition = Q(org_type=OrgType.COMMITTEE, depth__gte=1)
    if prefix:
        condition &= Q(path__startswith=prefix)
    existed = Q(founded_on__lte=end) | Q(founded_on__isnull=True, created_at__lt=recorded_by)
    handed_in = MonthlyTarget.objects.unscoped("which committees have a month: ids only").filter(
        month=month
    )
    return condition & existed & (Q(is_active=True) | Q(pk__in=handed_in.values("org_id")))


def committees(user: User, under: Organization, month: datetime.date | None = None):
    """The grassroots committees of `under`'s subtree (itself included) the user sees; with
    `month`, those that owed that month's targets (committees_of_month_q)."""
    condition = (
        grassroots_committees_q(under.path)
        if month is None
        else committees_of_month_q(month, under.path)
    )
    return Organization.objects.visible_to(user, Action.VIEW).filter(condition).order_by("path")


def committee_choices(user: User, action: str = Action.CHANGE) -> list[Organization]:
    """The committees the user may hand in targets for (CHANGE at the org)."""
    return list(
        Organization.objects.visible_to(user, action)
        .filter(grassroots_committees_q())
        .order_by("path")[:500]
    )


def subtree_roots(user: User, action: str = Action.VIEW) -> list[Organization]:
    """The organizations whose whole subtree the user reaches for `action` (VIEW: the
    supervision list's picker; CHANGE: the organizations the user issues or writes for),
    shallowest first — built from the grants reaching that action, so a view grant higher up
    does not hide a change grant below it."""
    if user.is_superuser:
        return list(
            Organization.objects.visible_to(user, Action.VIEW)
            .filter(depth=0, is_active=True)
            .order_by("path")
        )
    from dangjian.orgs.scoping import scope_prefixes

    prefixes = scope_prefixes(user, action)
    if not prefixes:
        return []
    return list(
        Organization.objects.visible_to(user, action)
        .filter(path__in=prefixes)
        .order_by("depth", "path")
    )


@dataclass
class CommitteeMonth:
    """One committee's month: its status and marks (the supervision list's row)."""

    org_id: int
    name: str
    path: str
    category: str
    status: str
    days_late: int = 0
    target_id: int | None = None
    submitted_at: datetime.datetime | None = None
    items: int = 0
    marks: dict[str, int] = field(default_factory=dict)

    @property
    def unmarked(self) -> int:
        return self.items - sum(self.marks.values())


@dataclass
class MonthReport:
    month: datetime.date
    deadline: datetime.date
    rows: list[CommitteeMonth]

    def having(self, status: str) -> list[CommitteeMonth]:
        return [row for row in self.rows if row.status == status]

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            found[row.status] += 1
        return found

    @property
    def marks(self) -> dict[str, int]:
        found = dict.fromkeys(MARKS, 0)
        for row in self.rows:
            for mark, count in row.marks.items():
                found[mark] += count
        return found


def _mark_counts():
    return {
        f"marked_{mark}": Count("items", filter=Q(items__mark=mark), distinct=False)
        for mark in MARKS
    } | {"item_count": Count("items")}


def month_report(orgs, targets, month: datetime.date, today: datetime.date) -> MonthReport:
    """The month of each committee in `orgs` (an Organization queryset, already scoped),
    with `targets` the scoped MonthlyTarget queryset to read from: two queries."""
    deadline = deadline_of(month)
    org_rows = list(orgs.values_list("pk", "name", "path", "category"))
    found = {
        target.org_id: target
        for target in targets.filter(month=month, org_id__in=[row[0] for row in org_rows])
        .annotate(**_mark_counts())
        .only("pk", "org_id", "month", "deadline", "status", "submitted_at")
    }
    rows = []
    for pk, name, path, category in org_rows:
        target = found.get(pk)
        status, late = status_of(target, deadline, today)
        row = CommitteeMonth(pk, name, path, category, status, late)
        if target is not None:
            row.target_id = target.pk
            row.submitted_at = target.submitted_at
            row.items = target.item_count
            row.marks = {mark: getattr(target, f"marked_{mark}") for mark in MARKS}
        rows.append(row)
    return MonthReport(month, deadline, rows)


def month_status(
    user: User, under: Organization, month: datetime.date, today: datetime.date | None = None
) -> MonthReport:
    """The supervision list: every grassroots committee of `under`'s subtree the user sees."""
    return month_report(
        committees(user, under, month),
        MonthlyTarget.objects.visible_to(user, Action.VIEW),
        month,
        today or local_today(),
    )


def target_get(user: User, pk: int) -> MonthlyTarget:
    """A target in the user's sight (404 otherwise)."""
    return get_object_or_404(
        MonthlyTarget.objects.visible_to(user, Action.VIEW).select_related("org", "submitted_by"),
        pk=pk,
    )


def target_of(user: User, org: Organization, month: datetime.date) -> MonthlyTarget | None:
    return (
        MonthlyTarget.objects.visible_to(user, Action.VIEW)
        .select_related("org", "submitted_by")
        .filter(org=org, month=month)
        .first()
    )


def items_of(target: MonthlyTarget) -> list[TargetItem]:
    return list(
        TargetItem.objects.unscoped("the items of a target already read in scope")
        .filter(target=target)
        .select_related("marked_by")
        .order_by("position", "pk")
    )


def history(user: User, org: Organization) -> list[MonthlyTarget]:
    """One committee's months, newest first, with their mark counts (one query)."""
    rows = list(
        MonthlyTarget.objects.visible_to(user, Action.VIEW)
        .filter(org=org)
        .annotate(**_mark_counts())
        .order_by("-month")[:120]
    )
    for row in rows:
        row.marks = {mark: getattr(row, f"marked_{mark}") for mark in MARKS}
        row.state, row.late_days = status_of(row, row.deadline, local_today())
    return rows


def org_get(user: User, pk: int | None, action: str = Action.VIEW) -> Organization:
    """An organization the user reaches for `action` (404 otherwise)."""
    if pk is None:
        raise Http404("no organization given")
    return get_object_or_404(Organization.objects.visible_to(user, action), pk=pk)
