"""Reads of village contact and visits (包村 / 下基层), scoped to the user, and the coverage of
the visit rules (rules_visit) for an organization's subtree and a month.

`visit_coverage(org, month)` and `coverage_report(org, month)` read the subtree of an
organization the caller already obtained through a scoped read (`orgs.selectors.subtree_org`):
the subtree is the scope. Both cost a fixed number of queries whatever the county's size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from dangjian.orglife import dues_calc
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, person_id_of
from dangjian.work import rules_visit as rules
from dangjian.work.models import ContactAssignment, Visit
from dangjian.work.visit_services import assignments_of, grassroots_q, in_force_q

CHOICES_LIMIT = 500


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[first day, last day] of the month holding `month`."""
    first = month.replace(day=1)
    return first, dues_calc.month_end(first)


# ---- the log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFilters:
    under: Organization | None = None
    visitor_id: int | None = None
    month: datetime.date | None = None


def visit_list(user: User, filters: VisitFilters) -> QuerySet[Visit]:
    """The log's rows in the user's sight, newest first: org, visitor and recorder joined."""
    visits = Visit.objects.visible_to(user, Action.VIEW)
    if filters.under is not None:
        visits = visits.filter(org__path__startswith=filters.under.path)
    if filters.visitor_id is not None:
        visits = visits.filter(visitor_id=filters.visitor_id)
    if filters.month is not None:
        first, last = month_bounds(filters.month)
        visits = visits.filter(visited_on__gte=first, visited_on__lte=last)
    return visits.select_related("org", "visitor", "recorded_by").order_by("-visited_on", "-pk")


def visit_get(user: User, pk: int) -> Visit:
    visits = Visit.objects.visible_to(user, Action.VIEW).select_related(
        "org", "visitor", "recorded_by"
    )
    return get_object_or_404(visits, pk=pk)


# ---- assignments -----------------------------------------------------------------------------


def assignment_list(
    user: User, *, under: Organization | None = None, current: bool = True, today: datetime.date
) -> QuerySet[ContactAssignment]:
    rows = ContactAssignment.objects.visible_to(user, Action.VIEW)
    if under is not None:
        rows = rows.filter(org__path__startswith=under.path)
    if current:
        rows = rows.filter(in_force_q(today, today))
    return rows.select_related("org", "unit", "cadre").order_by("org__path", "started_on", "pk")


def assignment_get(user: User, pk: int) -> ContactAssignment:
    rows = ContactAssignment.objects.visible_to(user, Action.VIEW).select_related(
        "org", "unit", "cadre"
    )
    return get_object_or_404(rows, pk=pk)


def assignable_orgs(user: User) -> QuerySet[Organization]:
    """Grassroots organizations the user may pair with units and record visits for."""
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(grassroots_q())
        .only("pk", "name", "code", "path")
        .order_by("path")
    )


def unit_choices(user: User) -> QuerySet[Organization]:
    return (
        Organization.objects.visible_to(user, Action.VIEW)
        .filter(is_active=True, category__in=rules.CONTACT_UNIT_CATEGORIES)
        .only("pk", "name", "code", "path")
        .order_by("path")
    )


def cadre_choices(user: User, unit: Organization) -> QuerySet[Person]:
    """Active people of the unit's subtree in the user's sight, cadres (with a position) first."""
    return (
        Person.objects.visible_to(user, Action.VIEW)
        .filter(primary_org__path__startswith=unit.path, is_active=True, exit_on__isnull=True)
        .only("pk", "name", "cadre_position")
        .order_by("-cadre_position", "name", "pk")
    )


# ---- the quick form ------------------------------------------------------------------------


def own_person(user: User) -> Person | None:
    pk = person_id_of(user)
    if pk is None:
        return None
    return (
        Person.objects.unscoped("the account's own person record")
        .select_related("primary_org")
        .filter(pk=pk)
        .first()
    )


def my_assigned_orgs(person: Person | None, today: datetime.date) -> list[Organization]:
    """The grassroots organizations `person` is assigned to today (as cadre or through the
    unit): the quick form shows them first, as big buttons. One query."""
    if person is None:
        return []
    ids = (
        ContactAssignment.objects.unscoped("the assignments of the account's own person")
        .filter(assignments_of(person), in_force_q(today, today))
        .values("org_id")
    )
    return list(
        Organization.objects.unscoped("organizations the person is assigned to visit")
        .filter(grassroots_q(), pk__in=ids)
        .only("pk", "name", "code", "path")
        .order_by("path")
    )


def visitor_choices(user: User, today: datetime.date) -> list[Person]:
    """Visitors a manager may pick: the cadres assigned today to the organizations they may
    change (the account's own person is offered apart)."""
    orgs = Organization.objects.visible_to(user, Action.CHANGE).filter(grassroots_q())
    cadre_ids = (
        ContactAssignment.objects.unscoped("assignments of organizations the user may change")
        .filter(in_force_q(today, today), org__in=orgs.values("pk"), cadre__isnull=False)
        .values("cadre_id")
    )
    return list(
        Person.objects.unscoped("cadres assigned to the user's organizations")
        .filter(pk__in=cadre_ids, is_active=True)
        .only("pk", "name", "cadre_position")
        .order_by("name", "pk")[:CHOICES_LIMIT]
    )


# ---- coverage ------------------------------------------------------------------------------


@dataclass
class OrgMark:
    """One grassroots organization on the tree: visited this month or not."""

    org_id: int
    name: str
    code: str
    path: str
    visits: int = 0
    last_visit: datetime.date | None = None

    @property
    def visited(self) -> bool:
        return self.visits > 0


@dataclass
class Township:
    """A branch of the tree (the organization below the report's top, a township in the
    county's view) with its grassroots organizations."""

    org_id: int
    name: str
    marks: list[OrgMark] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.marks)

    @property
    def visited(self) -> int:
        return sum(1 for mark in self.marks if mark.visited)

    @property
    def not_visited(self) -> int:
        return self.total - self.visited


@dataclass
class CadreCount:
    person_id: int
    name: str
    position: str
    visits: int

    @property
    def missing(self) -> int:
        return max(rules.VISITS_PER_CADRE - self.visits, 0)


@dataclass
class Coverage:
    org: Organization
    month: datetime.date
    townships: list[Township]
    cadres: list[CadreCount]

    @property
    def marks(self) -> list[OrgMark]:
        return [mark for township in self.townships for mark in township.marks]

    @property
    def total(self) -> int:
        return sum(township.total for township in self.townships)

    @property
    def visited(self) -> int:
        return sum(township.visited for township in self.townships)

    @property
    def share(self) -> float | None:
        """Visited grassroots organizations / all of them (None: none in the subtree)."""
        return self.visited / self.total if self.total else None

    @property
    def not_visited(self) -> list[OrgMark]:
        return [mark for mark in self.marks if not mark.visited]

    @property
    def cadres_below(self) -> list[CadreCount]:
        return [cadre for cadre in self.cadres if cadre.visits < rules.VISITS_PER_CADRE]


def _grassroots_marks(org: Organization) -> list[OrgMark]:
    rows = (
        Organization.objects.unscoped("the subtree of an organization read through a scope")
        .filter(grassroots_q(), path__startswith=org.path)
        .order_by("path")
        .values_list("pk", "name", "code", "path")
    )
    return [OrgMark(pk, name, code, path) for pk, name, code, path in rows]


def _visits_by_org(org: Organization, first: datetime.date, last: datetime.date) -> dict:
    rows = (
        Visit.objects.unscoped("the visits of the same subtree")
        .filter(org__path__startswith=org.path, visited_on__gte=first, visited_on__lte=last)
        .values("org_id")
        .annotate(n=Count("pk"), last=Max("visited_on"))
        .order_by()
    )
    return {row["org_id"]: (row["n"], row["last"]) for row in rows}


def _townships(org: Organization, marks: list[OrgMark]) -> list[Township]:
    """Group the marks by their ancestor one level below `org` (the townships of a county);
    below the county level the report's organization is the one group. One query."""
    level = max(org.depth, 1)
    groups: dict[int, list[OrgMark]] = {}
    for mark in marks:
        ids = mark.path.strip("/").split("/")
        groups.setdefault(int(ids[min(level, len(ids) - 1)]), []).append(mark)
    names = dict(
        Organization.objects.unscoped("the ancestors of marks already in the subtree")
        .filter(pk__in=list(groups))
        .values_list("pk", "name")
    )
    townships = [Township(pk, names.get(pk, ""), rows) for pk, rows in groups.items()]
    return sorted(townships, key=lambda township: township.marks[0].path)


def _cadres(org: Organization, first: datetime.date, last: datetime.date) -> list[CadreCount]:
    """Cadres named on an assignment to an organization of the subtree, in force on some day
    of the month, with their visits to the subtree's organizations in the month."""
    assigned = (
        ContactAssignment.objects.unscoped("the assignments of the same subtree")
        .filter(in_force_q(first, last), org__path__startswith=org.path, cadre__isnull=False)
        .values("cadre_id")
    )
    people = (
        Person.objects.unscoped("cadres assigned to organizations of the subtree")
        .filter(pk__in=assigned)
        .order_by("name", "pk")
        .values_list("pk", "name", "cadre_position")
    )
    counts = dict(
        Visit.objects.unscoped("the visits of the same subtree")
        .filter(
            org__path__startswith=org.path,
            visited_on__gte=first,
            visited_on__lte=last,
            visitor_id__in=assigned,
        )
        .values("visitor_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("visitor_id", "n")
    )
    return [CadreCount(pk, name, position, counts.get(pk, 0)) for pk, name, position in people]


def coverage_report(org: Organization, month: datetime.date) -> Coverage:
    """Who and what is below the visit rules in `month` in `org`'s subtree: each grassroots
    organization visited or not (grouped by township), each assigned cadre's visit count.
    Five queries whatever the size of the subtree."""
    first, last = month_bounds(month)
    marks = _grassroots_marks(org)
    visits = _visits_by_org(org, first, last)
    for mark in marks:
        mark.visits, mark.last_visit = visits.get(mark.org_id, (0, None))
    return Coverage(org, first, _townships(org, marks), _cadres(org, first, last))


def visit_coverage(org: Organization, month: datetime.date) -> float | None:
    """The share of grassroots organizations of `org`'s subtree visited in `month` (None:
    the subtree holds none) — for assessment and dashboards. Two queries."""
    visited, total = visit_counts(org, month)
    return visited / total if total else None


def visit_counts(org: Organization, month: datetime.date) -> tuple[int, int]:
    """(visited, all): the grassroots organizations of `org`'s subtree visited in `month`, and
    all of them."""
    first, last = month_bounds(month)
    total = (
        Organization.objects.unscoped("the subtree of an organization read through a scope")
        .filter(grassroots_q(), path__startswith=org.path)
        .count()
    )
    if not total:
        return 0, 0
    visited = (
        Visit.objects.unscoped("the visits of the same subtree")
        .filter(
            grassroots_q("org__"),
            org__path__startswith=org.path,
            visited_on__gte=first,
            visited_on__lte=last,
        )
        .aggregate(n=Count("org_id", distinct=True))["n"]
    )
    return visited, total
