"""Reads of the meeting ledger and its compliance (三会一课落实情况), scoped to the user.

`meeting_compliance(org, month)` and `compliance_rate(org, month)` are the selectors that
assessment and dashboards reuse: they read the subtree of an organization the caller already
obtained through a scoped read (`orgs.selectors.org_get`), so the subtree is the scope.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from dangjian.orglife import dues_calc
from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.models import Meeting, MeetingAttachment, MeetingAttendance, MeetingKind
from dangjian.orgs.models import Membership, Organization, OrgType, PartyStatus, User
from dangjian.orgs.scoping import Action

Status = MeetingAttendance.Status


def parse_month(text: str | None, default: datetime.date) -> datetime.date:
    """ "2026-11" → 2026-11-01; a missing value is `default`'s month; a bad one is a 404."""
    if not text:
        return default.replace(day=1)
    month = dues_calc.parse_month(text)
    if month is None:
        raise Http404("bad month")
    return month


def next_month(month: datetime.date) -> datetime.date:
    return dues_calc.add_months(month.replace(day=1), 1)


def period_bounds(month: datetime.date, period: str) -> tuple[datetime.date, datetime.date]:
    """[start, end) of the month, quarter or year that contains `month`."""
    month = month.replace(day=1)
    if period == rules.MONTH:
        return month, next_month(month)
    if period == rules.QUARTER:
        start = month.replace(month=(month.month - 1) // 3 * 3 + 1)
        return start, dues_calc.add_months(start, 3)
    return month.replace(month=1), datetime.date(month.year + 1, 1, 1)


# ---- the ledger --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFilters:
    under: Organization | None = None
    kind: str = ""
    month: datetime.date | None = None


def meeting_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user, action)


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """应到/实到/请假/缺席 as columns: a list costs the same queries for 1 row as for 100."""
    return meetings.select_related("org", "host").annotate(
        expected=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__status=Status.PRESENT)),
        on_leave=Count("attendances", filter=Q(attendances__status=Status.LEAVE)),
        absent=Count("attendances", filter=Q(attendances__status=Status.ABSENT)),
    )


def attach_counts(meetings: list[Meeting]) -> list[Meeting]:
    """应到/实到/请假/缺席 of one page of meetings, in one query: counting over the whole
    ledger before paginating costs a county-wide list a second; a page's ids cost nothing."""
    counts: dict[tuple[int, str], int] = {}
    rows = (
        MeetingAttendance.objects.unscoped("the lists of the meetings on the caller's page")
        .filter(meeting_id__in=[m.pk for m in meetings])
        .values_list("meeting_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for meeting_id, status, n in rows:
        counts[(meeting_id, status)] = n
    for m in meetings:
        m.present = counts.get((m.pk, Status.PRESENT), 0)
        m.on_leave = counts.get((m.pk, Status.LEAVE), 0)
        m.absent = counts.get((m.pk, Status.ABSENT), 0)
        m.expected = m.present + m.on_leave + m.absent
    return meetings


def meeting_list(user: User, filters: MeetingFilters) -> QuerySet[Meeting]:
    """The ledger's rows, newest first, without counts: `attach_counts` adds them per page."""
    meetings = meeting_queryset(user)
    if filters.under is not None:
        meetings = meetings.filter(org__path__startswith=filters.under.path)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.month is not None:
        end = next_month(filters.month)
        meetings = meetings.filter(held_on__gte=filters.month, held_on__lt=end)
    return meetings.select_related("org", "host").order_by("-held_on", "-pk")


def meeting_get(user: User, pk: int, action: str = Action.VIEW) -> Meeting:
    return get_object_or_404(_with_counts(meeting_queryset(user, action)), pk=pk)


def attendance_of(meeting: Meeting) -> list[MeetingAttendance]:
    """The list of a meeting the caller may see (its rows share the meeting's organization)."""
    return list(
        MeetingAttendance.objects.unscoped("the list of a meeting the caller may see")
        .filter(meeting=meeting)
        .select_related("person")
        .order_by("person__name", "pk")
    )


def attachments_of(meeting: Meeting) -> list[MeetingAttachment]:
    return list(
        MeetingAttachment.objects.unscoped("the files of a meeting the caller may see").filter(
            meeting=meeting
        )
    )


def attachment_get(user: User, meeting_pk: int, pk: int) -> MeetingAttachment:
    meeting = meeting_get(user, meeting_pk)
    return get_object_or_404(
        MeetingAttachment.objects.unscoped("a file of a meeting the caller may see"),
        meeting=meeting,
        pk=pk,
    )


def recordable_orgs(user: User) -> QuerySet[Organization]:
    """Organizations the user may record meetings for: branches, 总支 and 党小组 in reach."""
    types = {t for rule in rules.RULES.values() for t in rule.org_types}
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(is_active=True, org_type__in=types)
        .only("pk", "name", "code", "depth", "org_type", "path", "parent_id")
        .order_by("path")
    )


# ---- compliance (落实情况) -----------------------------------------------------------------


@dataclass
class ComplianceCell:
    kind: str
    required: int
    held: int

    @property
    def missing(self) -> int:
        return max(self.required - self.held, 0)

    @property
    def state(self) -> str:
        """ "ok" (held as required), "missing", or "" (not required of this organization)."""
        if not self.required:
            return ""
        return "missing" if self.missing else "ok"


@dataclass
class ComplianceRow:
    org_id: int
    org_name: str
    org_code: str
    org_path: str
    org_type: str
    cells: list[ComplianceCell] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(cell.missing for cell in self.cells)

    def cell(self, kind: str) -> ComplianceCell:
        return next(cell for cell in self.cells if cell.kind == kind)


def meeting_compliance(org: Organization, month: datetime.date) -> list[ComplianceRow]:
    """For each active branch, 总支 and 党小组 in `org`'s subtree and each kind: required, held,
    missing — monthly kinds judged on `month`, quarterly ones on its quarter, yearly ones on its
    year (so in January a yearly meeting not yet held shows as missing for the year so far).
    Two queries whatever the size of the subtree."""
    types = {t for rule in rules.RULES.values() for t in rule.org_types}
    orgs = (
        Organization.objects.unscoped("the subtree of an organization read through a scope")
        .filter(path__startswith=org.path, is_active=True, org_type__in=types)
        .order_by("path")
        .values_list("pk", "name", "code", "path", "org_type")
    )
    year_start, year_end = period_bounds(month, rules.YEAR)
    counts = (
        Meeting.objects.unscoped("the meetings of the same subtree")
        .filter(org__path__startswith=org.path, held_on__gte=year_start, held_on__lt=year_end)
        .values("org_id", "kind")
        .annotate(
            **{
                period: Count("pk", filter=Q(held_on__gte=start, held_on__lt=end))
                for period, (start, end) in (
                    (p, period_bounds(month, p)) for p in (rules.MONTH, rules.QUARTER, rules.YEAR)
                )
            }
        )
    )
    held = {
        (row["org_id"], row["kind"]): row[rules.RULES[row["kind"]].period]
        for row in counts
        if row["kind"] in rules.RULES
    }
    full = full_member_counts(org.path, month)
    rows = []
    for pk, name, code, path, org_type in orgs:
        row = ComplianceRow(pk, name, code, path, org_type)
        for kind in rules.RULES:
            required = rules.required_times(kind, org_type, full.get(pk, 0))
            row.cells.append(ComplianceCell(kind, required, held.get((pk, kind), 0)))
        rows.append(row)
    return rows


def full_member_counts(under: str, month: datetime.date) -> dict[int, int]:
    """Full members (正式党员) of each organization under the path `under` in `month` (a
    membership overlapping the month, not left the Party before it): decides whether a
    branch has a committee (rules.COMMITTEE_MIN_FULL_MEMBERS). One query."""
    start, end = period_bounds(month, rules.MONTH)
    rows = (
        Membership.objects.unscoped("member counts of a subtree read through a scope")
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start),
            Q(person__exit_on__isnull=True) | Q(person__exit_on__gte=start),
            org__path__startswith=under,
            started_on__lt=end,
            person__party_status=PartyStatus.FULL,
        )
        .values("org_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["org_id"]: row["n"] for row in rows}


def compliance_rate(org: Organization, month: datetime.date) -> float | None:
    """The share of required meetings held in `org`'s subtree (each org and kind counts at
    most its required number); None when nothing is required there."""
    return rate_of(meeting_compliance(org, month))


def rate_of(rows: list[ComplianceRow]) -> float | None:
    required = sum(cell.required for row in rows for cell in row.cells)
    done = sum(min(cell.held, cell.required) for row in rows for cell in row.cells)
    return done / required if required else None


def compliance_rates_below(org: Organization, month: datetime.date) -> dict[int, float | None]:
    """The compliance rate of each organization directly below `org` (its whole subtree), for
    dashboards comparing townships: child id → rate (None: nothing required there). Three
    queries whatever the county's size."""
    children = dict(
        Organization.objects.unscoped("the children of an organization read through a scope")
        .filter(parent=org, is_active=True)
        .values_list("path", "pk")
    )
    grouped: dict[int, list[ComplianceRow]] = {pk: [] for pk in children.values()}
    depth = org.path.count("/")
    for row in meeting_compliance(org, month):
        child_path = "/".join(row.org_path.split("/")[: depth + 1]) + "/"
        if child_path in children:
            grouped[children[child_path]].append(row)
    return {pk: rate_of(rows) for pk, rows in grouped.items()}


SORTS = {
    "name": (lambda row: (row.org_name, row.org_path), False),
    "-name": (lambda row: (row.org_name, row.org_path), True),
    "missing": (lambda row: (row.missing, row.org_path), False),
    "-missing": (lambda row: (-row.missing, row.org_path), False),
}


def compliance_table(
    org: Organization, month: datetime.date, *, sort: str = "", missing: str = ""
) -> list[ComplianceRow]:
    """The page's table: sorted (by name or missing count), optionally only the organizations
    that miss `missing` (a kind)."""
    rows = meeting_compliance(org, month)
    if missing in MeetingKind.values:
        rows = [row for row in rows if row.cell(missing).missing]
    if sort in SORTS:
        key, reverse = SORTS[sort]
        rows.sort(key=key, reverse=reverse)
    return rows


def org_type_label(value: str) -> str:
    return str(OrgType(value).label)
