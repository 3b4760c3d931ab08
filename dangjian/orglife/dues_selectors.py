"""党费 reads: the yearly sheet of a branch (per member per month: due, paid, owed), the owed
list, one member's history, and `dues_on_time` for assessment and dashboards.

The sheet is three queries whatever the number of members: the people, their bases, their
payments; months are filled in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from dangjian.orglife.dues_calc import add_months, due_fen, month_end
from dangjian.orglife.models import DuesBase, DuesPayment
from dangjian.orgs.models import Organization, PartyStatus, Person, User
from dangjian.orgs.scoping import Action

MEMBER_STATUSES = (PartyStatus.PROBATIONARY, PartyStatus.FULL)


@dataclass
class MonthCell:
    month: datetime.date
    due_fen: int | None  # None: no base in force that month
    paid_fen: int | None = None
    paid_on: datetime.date | None = None
    owed: bool = False  # due, not paid, and the month has begun
    advance: bool = False  # paid for a month after the current one


@dataclass
class MemberRow:
    person: Person
    cells: list[MonthCell]
    base: DuesBase | None = None  # the base in force in the last month of the sheet
    due_total: int = 0
    paid_total: int = 0
    owed_total: int = 0
    owed_months: list[datetime.date] = field(default_factory=list)


def branch_members(org: Organization) -> QuerySet[Person]:
    """The members who pay dues in `org`: active full and probationary members on its rolls."""
    return Person.objects.unscoped("the members of an organization already in reach").filter(
        primary_org=org, is_active=True, party_status__in=MEMBER_STATUSES
    )


def base_in_force(bases: list[DuesBase], month: datetime.date) -> DuesBase | None:
    """The last declaration effective on or before `month` (`bases` oldest first)."""
    found = None
    for base in bases:
        if base.effective_from > month:
            break
        found = base
    return found


def base_due(base: DuesBase | None) -> int | None:
    if base is None:
        return None
    return due_fen(base.category, base.income_fen, base.fixed_fen)


def dues_sheet(
    user: User, org: Organization, year: int, *, today: datetime.date, everyone: bool = False
) -> list[MemberRow]:
    """The year's sheet of `org`'s members that `user` may see (a member: their own row);
    with `everyone`, all its members (the publication to members, 党费收缴公示)."""
    if everyone:
        people = branch_members(org)
    else:
        people = Person.objects.visible_to(user, Action.VIEW).filter(
            primary_org=org, is_active=True, party_status__in=MEMBER_STATUSES
        )
    people = list(people.order_by("name", "pk"))
    ids = [person.pk for person in people]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    bases: dict[int, list[DuesBase]] = {pk: [] for pk in ids}
    for base in (
        DuesBase.objects.unscoped("bases of the members on a sheet in reach")
        .filter(person_id__in=ids, effective_from__lte=last)
        .order_by("person_id", "effective_from")
    ):
        bases[base.person_id].append(base)
    payments = {
        (payment.person_id, payment.month): payment
        for payment in DuesPayment.objects.unscoped("payments of the members on a sheet in reach")
        .filter(person_id__in=ids, month__gte=first, month__lte=last)
        .only("person_id", "month", "amount_fen", "paid_on")
    }
    current = today.replace(day=1)
    rows = []
    for person in people:
        row = MemberRow(person=person, cells=[])
        for index in range(12):
            month = add_months(first, index)
            base = base_in_force(bases[person.pk], month)
            cell = MonthCell(month=month, due_fen=base_due(base))
            payment = payments.get((person.pk, month))
            if payment is not None:
                cell.paid_fen, cell.paid_on = payment.amount_fen, payment.paid_on
                cell.advance = month > current
                row.paid_total += payment.amount_fen
            elif cell.due_fen is not None and month <= current:
                cell.owed = True
                row.owed_total += cell.due_fen
                row.owed_months.append(month)
            if cell.due_fen is not None and month <= current:
                row.due_total += cell.due_fen
            row.cells.append(cell)
        row.base = base_in_force(bases[person.pk], last)
        rows.append(row)
    return rows


def owed_rows(rows: list[MemberRow]) -> list[MemberRow]:
    """The members with at least one month due and unpaid (the owed list, 欠缴名单)."""
    return [row for row in rows if row.owed_months]


def person_history(person: Person) -> tuple[list[DuesBase], list[DuesPayment]]:
    """A member's declarations (newest first) and payments (newest first); `person` is in reach."""
    bases = DuesBase.objects.unscoped("the history of a member in reach").filter(person=person)
    payments = DuesPayment.objects.unscoped("the history of a member in reach").filter(
        person=person
    )
    return (
        list(bases.select_related("org").order_by("-effective_from")),
        list(payments.select_related("org").order_by("-month")),
    )


@dataclass(frozen=True)
class OnTime:
    expected: int  # members with a base in force that month
    on_time: int  # of them, paid within the month
    rate: float | None  # on_time / expected; None when nobody was expected


def dues_on_time(org: Organization, year: int, month: int) -> OnTime:
    """党费按时交纳率 of `org`'s subtree for one month: of the active members with a base in
    force that month, how many paid that month's dues within the month (assessment,
    dashboards; system read, the caller has already checked `org` is in reach)."""
    first = datetime.date(year, month, 1)
    people = Person.objects.unscoped("a rate of an organization in reach").filter(
        primary_org__path__startswith=org.path,
        is_active=True,
        party_status__in=MEMBER_STATUSES,
    )
    expected_ids = (
        DuesBase.objects.unscoped("a rate of an organization in reach")
        .filter(person__in=people.values("pk"), effective_from__lte=first)
        .values("person_id")
        .distinct()
    )
    expected = expected_ids.count()
    on_time = (
        DuesPayment.objects.unscoped("a rate of an organization in reach")
        .filter(person_id__in=expected_ids, month=first, paid_on__lte=month_end(first))
        .count()
    )
    return OnTime(expected, on_time, on_time / expected if expected else None)


@dataclass
class BranchMonth:
    org: Organization
    members: int = 0  # active full and probationary members
    expected: int = 0  # of them, with a base in force that month
    paid: int = 0  # paid that month's dues (whenever)
    on_time: int = 0  # paid within the month

    @property
    def owing(self) -> int:
        return self.expected - self.paid

    @property
    def rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


def dues_summary(user: User, org: Organization, month: datetime.date) -> list[BranchMonth]:
    """Per organization of `org`'s subtree with members: the month's collection (four queries,
    whatever the number of organizations). The organizations are those `user` sees."""
    people = Person.objects.unscoped("members of an organization in reach").filter(
        primary_org__path__startswith=org.path,
        is_active=True,
        party_status__in=MEMBER_STATUSES,
    )
    members = dict(
        people.values("primary_org_id").annotate(n=Count("pk")).values_list("primary_org_id", "n")
    )
    expected = dict(
        DuesBase.objects.unscoped("a summary of an organization in reach")
        .filter(person__in=people.values("pk"), effective_from__lte=month)
        .values("person__primary_org_id")
        .annotate(n=Count("person", distinct=True))
        .values_list("person__primary_org_id", "n")
    )
    payments = (
        DuesPayment.objects.unscoped("a summary of an organization in reach")
        .filter(person__in=people.values("pk"), month=month)
        .values("person__primary_org_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(paid_on__lte=month_end(month))))
    )
    paid = {row["person__primary_org_id"]: row for row in payments}
    orgs = Organization.objects.visible_to(user, Action.VIEW).filter(pk__in=list(members))
    rows = []
    for each in orgs.order_by("path"):
        row = BranchMonth(org=each, members=members[each.pk], expected=expected.get(each.pk, 0))
        counted = paid.get(each.pk)
        if counted:
            row.paid, row.on_time = counted["n"], counted["on_time"]
        rows.append(row)
    return rows
