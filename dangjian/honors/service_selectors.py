"""Reads of 党员百时奉献: activities a user may see, records in reach, the verification
queue, and yearly progress — per member and per organization (with its sub-organizations).

Progress pages keep a constant number of queries whatever the number of members: a page of
members is annotated with its two sums (subqueries), and an organization's totals come from
one grouped query over its subtree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from dangjian.honors import rules_service as rules
from dangjian.honors import service_checkin_codes as codes
from dangjian.honors import service_pace as pace
from dangjian.honors.models import ServiceActivity, ServiceRecord, ServiceSignup
from dangjian.orgs.models import Organization, Person, User, path_ids
from dangjian.orgs.scoping import Action, person_id_of, scope_prefixes, scope_q

Status = ServiceRecord.Status
ZERO = Decimal(0)


def member_of(user: User) -> Person | None:
    """The person record linked to the account (with its organization), or None."""
    person_id = person_id_of(user)
    if person_id is None:
        return None
    return (
        Person.objects.unscoped("the account's own person record")
        .select_related("primary_org")
        .filter(pk=person_id)
        .first()
    )


def reads_subtrees(user: User) -> bool:
    """Secretaries, department administrators, inspectors: they read whole subtrees."""
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user)))


# Activities ---------------------------------------------------------------------------------


def activities_for(user: User) -> QuerySet[ServiceActivity]:
    """Activities the user may see: those of organizations in their reach, and — as a member —
    those organised by their own organization or any above it (an activity is for its
    organization's whole subtree)."""
    seen = scope_q(user, ServiceActivity, Action.VIEW)
    person = member_of(user)
    if person is not None:
        seen |= Q(org_id__in=path_ids(person.primary_org.path))
    rows = ServiceActivity.objects.unscoped("the caller's reach or their own chain, right here")
    return rows.filter(seen).select_related("org")


def activity_get(user: User, pk: int) -> ServiceActivity:
    return get_object_or_404(activities_for(user), pk=pk)


def activity_by_code(code: str) -> ServiceActivity:
    """The activity a check-in code names (ValidationError for an expired or forged code, 404
    for a code of an activity that no longer exists); the check-in service checks who
    scans it."""
    pk = codes.activity_pk_of(code)
    rows = ServiceActivity.objects.unscoped("named by a signed check-in code; reach checked next")
    found = rows.select_related("org").filter(pk=pk).first()
    if found is None:
        raise Http404("no such activity")
    return found


def checkin_activity(user: User, code: str) -> ServiceActivity:
    """The activity of a scanned code, for those it concerns: members of its subtree and
    those whose reach holds it; anyone else gets a 404, as for a code that names nothing."""
    activity = activity_by_code(code)
    if in_activity_subtree(activity, member_of(user)):
        return activity
    if not ServiceActivity.objects.visible_to(user).filter(pk=activity.pk).exists():
        raise Http404("no such check-in code")
    return activity


def signups_of(activity: ServiceActivity) -> QuerySet[ServiceSignup]:
    rows = ServiceSignup.objects.unscoped("the sign-ups of an activity read in reach")
    return rows.filter(activity=activity).select_related("person").order_by("signed_up_at", "pk")


def signup_count(activity: ServiceActivity) -> int:
    return (
        ServiceSignup.objects.unscoped("capacity counts every sign-up")
        .filter(activity=activity)
        .count()
    )


def own_signup(activity: ServiceActivity, person: Person | None) -> ServiceSignup | None:
    if person is None:
        return None
    rows = ServiceSignup.objects.unscoped("the member's own sign-up")
    return rows.filter(activity=activity, person=person).first()


def own_checkin(
    activity: ServiceActivity, person: Person | None
) -> tuple[ServiceSignup, ServiceRecord | None] | None:
    """The member's check-in to `activity` (their sign-up, checked in) and the record it made
    (None when it is gone), or None when they have not checked in."""
    row = own_signup(activity, person)
    if row is None or row.checked_in_at is None:
        return None
    records = ServiceRecord.objects.unscoped("the member's own check-in record")
    return row, records.filter(source_activity=activity, person=person).order_by("-pk").first()


def in_activity_subtree(activity: ServiceActivity, person: Person | None) -> bool:
    return person is not None and person.primary_org.path.startswith(activity.org.path)


# Records ------------------------------------------------------------------------------------


def records_for(user: User, action: str = Action.VIEW) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.visible_to(user, action).select_related("person", "org")


def record_get(user: User, pk: int, action: str = Action.VIEW) -> ServiceRecord:
    return get_object_or_404(records_for(user, action), pk=pk)


def own_records(person: Person, year: int) -> QuerySet[ServiceRecord]:
    rows = ServiceRecord.objects.unscoped("the member's own records")
    return rows.filter(person=person, date__year=year).order_by("-date", "-start", "-pk")


def queue(user: User) -> QuerySet[ServiceRecord]:
    """Pending records the user may verify (CHANGE at the record's organization), oldest
    first, never the user's own."""
    rows = records_for(user, Action.CHANGE).filter(status=Status.PENDING)
    own = person_id_of(user)
    if own is not None:
        rows = rows.exclude(person_id=own)
    return rows.order_by("date", "start", "pk")


def overlapping(
    person_id: int,
    date: datetime.date,
    start: datetime.time,
    end: datetime.time,
    exclude: int | None = None,
) -> ServiceRecord | None:
    """The member's first non-rejected record that day whose hours meet [start, end)."""
    rows = ServiceRecord.objects.unscoped("a member's own hours are never counted twice")
    rows = rows.filter(person_id=person_id, date=date, start__lt=end, end__gt=start).exclude(
        status=Status.REJECTED
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.order_by("start", "pk").first()


# Progress -----------------------------------------------------------------------------------


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _sum(status: str, year: int, until: datetime.date | None = None) -> Coalesce:
    first, last = year_range(year)
    rows = ServiceRecord.objects.unscoped("sums of the person rows of a scoped outer query")
    rows = rows.filter(
        person=OuterRef("pk"), status=status, date__gte=first, date__lte=min(last, until or last)
    )
    total = rows.values("person").annotate(total=Sum("hours")).values("total")
    decimal = DecimalField(max_digits=9, decimal_places=2)
    return Coalesce(Subquery(total, output_field=decimal), Value(ZERO), output_field=decimal)


def with_hours(people: QuerySet[Person], year: int) -> QuerySet[Person]:
    """Each person with `verified_hours` and `pending_hours` in `year` (one query)."""
    return people.annotate(
        verified_hours=_sum(Status.VERIFIED, year), pending_hours=_sum(Status.PENDING, year)
    )


@dataclass(frozen=True)
class Progress:
    person: Person
    year: int
    verified: Decimal
    pending: Decimal
    expected: Decimal  # hours due by the day of reckoning (pace)
    target: Decimal = rules.TARGET_HOURS

    @property
    def on_pace(self) -> bool:
        return self.verified >= self.expected

    @property
    def reached(self) -> bool:
        return self.verified >= self.target

    @property
    def percent(self) -> int:
        return pace.percent(self.verified, self.target)

    @property
    def pending_percent(self) -> int:
        return min(pace.percent(self.verified + self.pending, self.target), 100) - self.percent

    @property
    def pace_percent(self) -> int:
        return pace.percent(self.expected, self.target)


def _hours(value) -> Decimal:
    # A subquery's decimal may come back unconverted (a float on SQLite).
    return Decimal(str(value or 0)).quantize(pace.TWO_PLACES)


def progress_row(person: Person, year: int, today: datetime.date) -> Progress:
    """A person annotated by `with_hours` as a Progress."""
    return Progress(
        person,
        year,
        _hours(person.verified_hours),
        _hours(person.pending_hours),
        pace.expected_hours(year, today),
    )


def progress_of(person: Person, year: int, today: datetime.date) -> Progress:
    rows = with_hours(
        Person.objects.unscoped("one person read in reach").filter(pk=person.pk), year
    )
    return progress_row(rows.get(), year, today)


def members_in(user: User, org: Organization) -> QuerySet[Person]:
    """The active Party members (rules_service.MEMBER_STATUSES) of `org`'s subtree in the
    user's reach, by organization and name."""
    return (
        Person.objects.visible_to(user)
        .filter(
            primary_org__path__startswith=org.path,
            is_active=True,
            party_status__in=rules.MEMBER_STATUSES,
        )
        .select_related("primary_org")
        .order_by("primary_org__path", "name", "pk")
    )


@dataclass
class Totals:
    """An organization's (or a sub-organization's) members this year."""

    org: Organization | None
    members: int = 0
    reached: int = 0
    on_pace: int = 0
    verified: Decimal = ZERO

    @property
    def average(self) -> Decimal:
        if not self.members:
            return ZERO
        return (self.verified / self.members).quantize(pace.TWO_PLACES)

    @property
    def on_pace_percent(self) -> int:
        return round(100 * self.on_pace / self.members) if self.members else 0


@dataclass
class Attainment:
    org: Organization
    year: int
    expected: Decimal
    total: Totals
    children: list[Totals] = field(default_factory=list)
    direct: Totals | None = None  # members recorded at the organization itself


def verified_by_person(
    org_path: str, first: datetime.date, last: datetime.date
) -> dict[int, Decimal]:
    """Verified hours between two days of the subtree's members, by person (one query)."""
    rows = ServiceRecord.objects.unscoped("sums over a subtree checked in reach by the caller")
    rows = rows.filter(
        person__primary_org__path__startswith=org_path,
        status=Status.VERIFIED,
        date__gte=first,
        date__lte=last,
    )
    return {
        person: _hours(total)
        for person, total in rows.values("person")
        .annotate(total=Sum("hours"))
        .values_list("person", "total")
    }


def attainment(user: User, org: Organization, year: int, today: datetime.date) -> Attainment:
    """Totals of `org`'s members and of each sub-organization's (three queries)."""
    expected = pace.expected_hours(year, today)
    children = list(
        Organization.objects.visible_to(user).filter(parent=org, is_active=True).order_by("path")
    )
    by_child = {child.path: Totals(child) for child in children}
    direct = Totals(org)
    total = Totals(org)
    hours = verified_by_person(org.path, *year_range(year))
    for pk, path in members_in(user, org).values_list("pk", "primary_org__path"):
        verified = hours.get(pk, ZERO)
        child_path = path_prefix(path, org.path)
        bucket = by_child.get(child_path, direct) if child_path else direct
        for totals in (total, bucket):
            totals.members += 1
            totals.verified += verified
            totals.reached += verified >= rules.TARGET_HOURS
            totals.on_pace += verified >= expected
    return Attainment(org, year, expected, total, list(by_child.values()), direct)


def path_prefix(path: str, parent_path: str) -> str:
    """The path of the child of `parent_path` that `path` lies under ("" for the parent)."""
    rest = path[len(parent_path) :]
    if not rest:
        return ""
    return parent_path + rest.split("/", 1)[0] + "/"


def default_org(user: User) -> Organization | None:
    """The organization a progress page opens with: the user's widest reach."""
    prefixes = scope_prefixes(user)
    rows = Organization.objects.visible_to(user)
    if prefixes:
        return rows.filter(path=prefixes[0]).first()
    if user.is_superuser:
        return rows.filter(parent__isnull=True).order_by("path").first()
    return None


def org_get(user: User, pk: int) -> Organization:
    """An organization whose subtree the user reads (a member's own reach is no subtree)."""
    if not reads_subtrees(user):
        raise Http404("no subtree in reach")
    return get_object_or_404(Organization.objects.visible_to(user), pk=pk)


def with_signup_counts(activities: QuerySet[ServiceActivity]) -> QuerySet[ServiceActivity]:
    """Each activity with `taken`, its number of sign-ups (one query)."""
    rows = ServiceSignup.objects.unscoped("counts for the activity rows of the outer query")
    taken = rows.filter(activity=OuterRef("pk")).values("activity").annotate(n=Count("pk"))
    return activities.annotate(
        taken=Coalesce(Subquery(taken.values("n"), output_field=IntegerField()), Value(0))
    )
