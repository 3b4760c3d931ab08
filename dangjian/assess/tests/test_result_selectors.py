"""An organization's published result of a year (result_selectors.year_results): the yearly
round's total first, else the mean of the monthly rounds, else of the quarterly ones; only
published rounds of the year, issued at the reader's issuer or above; one query."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dangjian.assess.models import AssessRound, ScoreSheet
from dangjian.assess.result_selectors import MONTHS, QUARTERS, YEAR, year_results
from dangjian.assess.tests import fixtures

pytestmark = pytest.mark.django_db
YEAR_NO = 2025


def _round(county, kind, start, end, totals, *, status="published", org=None, grade="good"):
    rules = fixtures.ruleset(county, year=start.year) if not hasattr(county, "_rs") else county._rs
    county._rs = rules
    row = AssessRound.objects.create(
        org=org or county.root,
        name=f"{kind} {start}",
        period_kind=kind,
        period_start=start,
        period_end=end,
        status=status,
        published_at=timezone.now(),
    )
    for target, total in totals.items():
        ScoreSheet.objects.create(
            round=row, org=target, ruleset=rules, total=Decimal(total), grade=grade
        )
    return row


def _month(county, month, totals, **extra):
    start = datetime.date(YEAR_NO, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return _round(county, "month", start, end, totals, **extra)


def test_yearly_total_else_monthly_mean_else_quarterly_mean(county, django_assert_num_queries):
    a, b, b1 = county.township_a, county.township_b, county.village_b1
    year = (datetime.date(YEAR_NO, 1, 1), datetime.date(YEAR_NO, 12, 31))
    _round(county, "year", *year, {a: "88.4"}, grade="good")
    _round(county, "year", *year, {a: "91.25"}, grade="excellent")  # published later: wins
    _month(county, 1, {a: "50", b: "80"})
    _month(county, 2, {b: "85"})
    _month(county, 3, {b: "90.3"})
    _month(county, 4, {b: "100"}, status="scoring")  # not published: not counted
    q1 = (datetime.date(YEAR_NO, 1, 1), datetime.date(YEAR_NO, 3, 31))
    q2 = (datetime.date(YEAR_NO, 4, 1), datetime.date(YEAR_NO, 6, 30))
    _round(county, "quarter", *q1, {b1: "90", b: "10"})
    _round(county, "quarter", *q2, {b1: "91.05"})
    last = (datetime.date(YEAR_NO - 1, 1, 1), datetime.date(YEAR_NO - 1, 12, 31))
    _round(county, "year", *last, {county.unit: "99"})  # another year
    with django_assert_num_queries(1):
        found = year_results(county.root, YEAR_NO)
    assert set(found) == {a.pk, b.pk, b1.pk}
    assert (found[a.pk].score, found[a.pk].source, found[a.pk].grade) == (
        Decimal("91.3"),
        YEAR,
        "excellent",
    )
    # (80 + 85 + 90.3) / 3 = 85.1; the quarterly 10 is not mixed in.
    assert (found[b.pk].score, found[b.pk].source, found[b.pk].rounds) == (
        Decimal("85.1"),
        MONTHS,
        3,
    )
    assert found[b.pk].grade == "good"  # 85.1 by the grade lines (80 ≤ … < 90)
    # (90 + 91.05) / 2 = 90.525 → 90.5 (one decimal, half up)
    assert (found[b1.pk].score, found[b1.pk].source) == (Decimal("90.5"), QUARTERS)


def test_only_the_issuers_subtree_and_rounds_at_or_above_it(county):
    a, b = county.township_a, county.township_b
    year = (datetime.date(YEAR_NO, 1, 1), datetime.date(YEAR_NO, 12, 31))
    _round(county, "year", *year, {a: "90", b: "80"})
    _round(county, "year", *year, {county.village_b1: "70"}, org=b)  # township B's own round
    under_a = year_results(a, YEAR_NO)
    assert under_a == {}  # township A itself is the reader, not rated by itself
    under_b = year_results(b, YEAR_NO)
    assert set(under_b) == {county.village_b1.pk}
    # The county does not read township B's own round (issued below it).
    assert county.village_b1.pk not in year_results(county.root, YEAR_NO)
    assert set(year_results(county.root, YEAR_NO, org_ids=[a.pk])) == {a.pk}
