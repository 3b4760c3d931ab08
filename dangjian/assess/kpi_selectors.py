"""Reads of department KPIs (业绩评价指标): the units in reach with their indicators' count and
attainment, a unit's board (each indicator with its latest value, one query), an indicator's
series for the trend chart, and the attainment count the indicator `assess.kpi_attainment`
reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from dangjian.assess import kpi_periods as periods
from dangjian.assess import rules_kpi as rules
from dangjian.assess.models import Kpi, KpiValue, RuleItem, RuleSet
from dangjian.assess.ruleset_selectors import rulesets_for
from dangjian.lib.indicators import Period
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action


def units_q(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}category__in": rules.UNIT_CATEGORIES,
            f"{prefix}org_type__in": rules.UNIT_ORG_TYPES,
            f"{prefix}is_active": True,
        }
    )


def unit_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Organization]:
    """The units (rules_kpi.UNIT_CATEGORIES) in the user's reach for `action`."""
    return Organization.objects.visible_to(user, action).filter(units_q()).order_by("path")


def unit_get(user: User, pk: int, action: str = Action.VIEW) -> Organization:
    """A unit in reach; anything else (out of reach, not a unit) is a 404."""
    return get_object_or_404(unit_queryset(user, action).select_related("parent"), pk=pk)


def _latest(field: str) -> Subquery:
    # The values of the KPI rows of the outer query, which is scoped by the caller.
    rows = KpiValue.objects.unscoped("the latest value of a KPI row of the scoped outer query")
    return Subquery(rows.filter(kpi=OuterRef("pk")).order_by("-period_start").values(field)[:1])


def with_latest(kpis: QuerySet[Kpi]) -> QuerySet[Kpi]:
    """Each KPI with its latest value (`latest_start`, `latest_value`, `latest_note`): one
    query."""
    return kpis.annotate(
        latest_start=_latest("period_start"),
        latest_value=_latest("value"),
        latest_note=_latest("note"),
    )


@dataclass(frozen=True)
class BoardRow:
    kpi: Kpi
    period: str  # "2026-03", "" without a value
    value: Decimal | None
    note: str
    met: bool | None  # None without a value


def board_row(kpi: Kpi) -> BoardRow:
    start = getattr(kpi, "latest_start", None)
    value = getattr(kpi, "latest_value", None)
    if start is None or value is None:
        return BoardRow(kpi, "", None, "", None)
    # A subquery's decimal comes back unconverted (a float or a bare number on SQLite).
    value = Decimal(str(value)).quantize(Decimal("0.01"))
    met = periods.attained(kpi.direction, kpi.target, value)
    return BoardRow(kpi, periods.text(start, kpi.frequency), value, kpi.latest_note or "", met)


def board(user: User, org: Organization, *, inactive: bool = False) -> list[BoardRow]:
    """The unit's KPIs (those in use, or all) with their latest values — one query."""
    kpis = Kpi.objects.visible_to(user).filter(org=org)
    if not inactive:
        kpis = kpis.filter(is_active=True)
    kpis = with_latest(kpis.select_related("rule_item")).order_by("-is_active", "position", "pk")
    return [board_row(kpi) for kpi in kpis]


def kpi_get(user: User, pk: int, action: str = Action.VIEW) -> Kpi:
    rows = Kpi.objects.visible_to(user, action).select_related(
        "org", "rule_item", "rule_item__ruleset"
    )
    return get_object_or_404(rows, pk=pk)


@dataclass(frozen=True)
class Point:
    value: KpiValue
    period: str
    met: bool


def series(kpi: Kpi, limit: int = rules.SERIES_MAX_POINTS) -> list[Point]:
    """The KPI's values in period order (the latest `limit`), each with its attainment; the
    KPI was read in the caller's reach (one query)."""
    rows = KpiValue.objects.unscoped("the values of a KPI read in the caller's reach")
    rows = list(rows.filter(kpi=kpi).select_related("entered_by").order_by("-period_start")[:limit])
    rows.reverse()
    return [
        Point(
            row,
            periods.text(row.period_start, kpi.frequency),
            periods.attained(kpi.direction, kpi.target, row.value),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Attainment:
    measured: int  # KPIs with a value for a period inside the period
    met: int  # of those, how many met their target with their latest such value


def attainment_of(rows: Iterable[tuple], period: Period) -> Attainment:
    """From (kpi_id, frequency, direction, target, period_start, value) rows in period order:
    each KPI's latest value whose own period lies inside `period`, against its target."""
    latest: dict[int, bool] = {}
    for kpi_id, frequency, direction, target, start, value in rows:
        if periods.within(start, frequency, period):
            latest[kpi_id] = periods.attained(direction, target, value)
    return Attainment(len(latest), sum(latest.values()))


ATTAINMENT_FIELDS = (
    "kpi_id",
    "kpi__frequency",
    "kpi__direction",
    "kpi__target",
    "period_start",
    "value",
)


def _values_in(rows: QuerySet[KpiValue], period: Period) -> QuerySet[KpiValue]:
    rows = rows.filter(period_start__gte=period.start, period_start__lte=period.end)
    return rows.order_by("period_start").values_list(*ATTAINMENT_FIELDS)


def subtree_attainment(org: Organization, period: Period) -> Attainment:
    """The KPIs of `org`'s subtree (one query; `org` was read in the caller's reach)."""
    rows = KpiValue.objects.unscoped("an organization's subtree, read in the caller's reach")
    return attainment_of(
        _values_in(rows.filter(kpi__org__path__startswith=org.path), period), period
    )


@dataclass(frozen=True)
class UnitRow:
    org: Organization
    kpis: int  # in use
    measured: int
    met: int


def unit_rows(user: User, orgs: list[Organization], period: Period) -> list[UnitRow]:
    """For a page of units: the KPIs in use of each and how many met their target in
    `period` (two queries whatever the number of units)."""
    ids = [org.pk for org in orgs]
    counts = dict(
        Kpi.objects.visible_to(user)
        .filter(org_id__in=ids, is_active=True)
        .values("org_id")
        .annotate(count=Count("pk"))
        .values_list("org_id", "count")
    )
    rows = _values_in(KpiValue.objects.visible_to(user).filter(kpi__org_id__in=ids), period)
    by_org: dict[int, list[tuple]] = {}
    for row in rows.values_list("kpi__org_id", *ATTAINMENT_FIELDS):
        by_org.setdefault(row[0], []).append(row[1:])
    result = []
    for org in orgs:
        found = attainment_of(by_org.get(org.pk, []), period)
        result.append(UnitRow(org, counts.get(org.pk, 0), found.measured, found.met))
    return result


def rule_items_for(user: User, org: Organization, today: datetime.date) -> QuerySet[RuleItem]:
    """Items a KPI of `org` may feed: of rule sets the user may read
    (ruleset_selectors.rulesets_for), issued by `org` or an organization above it, in force
    (neither a draft nor superseded), for the unit's category, of this year or last."""
    issuers = [org.path[: index + 1] for index, char in enumerate(org.path) if char == "/"][1:]
    rows = RuleItem.objects.unscoped("bounded by the rule sets the user may read (rulesets_for)")
    return rows.filter(
        ruleset__in=rulesets_for(user).values("pk"),
        ruleset__org__path__in=issuers,
        ruleset__category=org.category,
        ruleset__status=RuleSet.Status.ACTIVE,
        ruleset__year__gte=today.year - 1,
    )


def rule_item_choices(user: User, org: Organization, today: datetime.date) -> list[RuleItem]:
    """The items of `rule_items_for`, newest rule set first (one query)."""
    return list(
        rule_items_for(user, org, today)
        .select_related("ruleset")
        .order_by("-ruleset__year", "ruleset_id", "position", "pk")[: rules.RULE_ITEM_CHOICES_MAX]
    )


def rule_item_get(user: User, org: Organization, pk: int, today: datetime.date) -> RuleItem | None:
    """One of `rule_items_for`, or None whatever the reason (nothing about it is told)."""
    return rule_items_for(user, org, today).select_related("ruleset__org").filter(pk=pk).first()
