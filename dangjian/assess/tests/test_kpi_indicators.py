"""`assess.kpi_attainment` against a hand count, and the selectors it shares with the pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from dangjian.assess import kpi_selectors as selectors
from dangjian.assess.tests import fixtures_kpi as kf
from dangjian.lib.indicators import Period, indicator, registered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


d = datetime.date


def build(county):
    """Township A: 5 KPIs with values in 2026-Q1, township B and unit U one each.

    1 覆盖率 monthly, higher, target 95: Jan 96, Feb 94, Mar 95 → latest in Q1 Mar 95: met
    2 培训学时 quarterly, higher, 40: Q1 38 → not met
    3 投诉件数 monthly, lower, 3: Jan 2, Feb 5 → latest Feb 5: not met (Q1); Jan alone 2: met
    4 党费按时交纳率 yearly, higher, 100: 2026 100 → met in the year, inside no quarter
    5 结对帮扶户数 monthly, higher, 10: Apr 12 → outside Q1; met in the year
    6 (out of use) 旧指标 monthly, higher, 1: Jan 0 → still counted: it was measured
    village A1 has none. Township B: 1 KPI, Jan 50 of 60: not met. Unit U: Mar 1 of 1: met.
    """
    a = county.township_a
    k1 = kf.kpi(county, a, name="覆盖率", target="95")
    for month, amount in ((1, 96), (2, 94), (3, 95)):
        kf.value(k1, d(2026, month, 1), amount)
    k2 = kf.kpi(county, a, name="培训学时", target="40", frequency="quarter")
    kf.value(k2, d(2026, 1, 1), 38)
    k3 = kf.kpi(county, a, name="投诉件数", target="3", direction="lower")
    kf.value(k3, d(2026, 1, 1), 2)
    kf.value(k3, d(2026, 2, 1), 5)
    k4 = kf.kpi(county, a, name="党费按时交纳率", target="100", frequency="year")
    kf.value(k4, d(2026, 1, 1), 100)
    k5 = kf.kpi(county, a, name="结对帮扶户数", target="10")
    kf.value(k5, d(2026, 4, 1), 12)
    k6 = kf.kpi(county, a, name="旧指标", target="1", is_active=False)
    kf.value(k6, d(2026, 1, 1), 0)
    kf.value(kf.kpi(county, county.township_b, name="乙镇指标", target="60"), d(2026, 1, 1), 50)
    kf.value(kf.kpi(county, county.unit, name="教育局指标", target="1"), d(2026, 3, 1), 1)
    return k1, k2, k3, k4, k5, k6


def test_kpi_attainment_is_registered():
    assert "assess.kpi_attainment" in registered()
    assert indicator("assess.kpi_attainment").higher_is_better is True


def test_kpi_attainment_matches_the_hand_count(county):
    build(county)
    measure = indicator("assess.kpi_attainment").measure
    q1 = measure(county.township_a, Period.quarter(2026, 1))
    # Q1: KPIs 1 (met), 2 (not), 3 (not, Feb 5), 6 (not) → 1 of 4.
    assert (q1.achieved, q1.expected) == (1, 4)
    assert q1.explanation == "1 of 4 performance indicators met their target in the period."
    january = measure(county.township_a, Period.month(2026, 1))
    # January: 1 (96 met), 3 (2 met), 6 (0 not) → 2 of 3 (the quarterly and yearly not inside).
    assert (january.achieved, january.expected) == (2, 3)
    year = measure(county.township_a, Period.year(2026))
    # The year: 1 met (Mar 95), 2 not, 3 not (Feb 5), 4 met, 5 met, 6 not → 3 of 6.
    assert (year.achieved, year.expected) == (3, 6)
    county_wide = measure(county.root, Period.year(2026))
    assert (county_wide.achieved, county_wide.expected) == (3 + 0 + 1, 6 + 1 + 1)


def test_an_org_with_no_kpis_expects_nothing(county):
    build(county)
    found = indicator("assess.kpi_attainment").measure(county.village_a1, Period.year(2026))
    assert (found.achieved, found.expected, found.ratio) == (0, 0, None)
    assert "0 of 0" in found.explanation


def test_the_board_shows_each_kpi_with_its_latest_value(county):
    k1, k2, k3, k4, _k5, _k6 = build(county)
    rows = selectors.board(county.secretary_a, county.township_a)
    assert [row.kpi.name for row in rows] == [
        "覆盖率",
        "培训学时",
        "投诉件数",
        "党费按时交纳率",
        "结对帮扶户数",
    ]
    latest = {row.kpi.pk: (row.period, str(row.value), row.met) for row in rows}
    assert latest[k1.pk] == ("2026-03", "95.00", True)
    assert latest[k2.pk] == ("2026-Q1", "38.00", False)
    assert latest[k3.pk] == ("2026-02", "5.00", False)
    assert latest[k4.pk] == ("2026", "100.00", True)
    assert len(selectors.board(county.secretary_a, county.township_a, inactive=True)) == 6
    assert selectors.board(county.secretary_b, county.township_a) == []


def test_units_in_scope_with_their_counts_and_attainment(county):
    build(county)
    orgs = list(selectors.unit_queryset(county.dept_admin))
    rows = selectors.unit_rows(county.dept_admin, orgs, Period.year(2026))
    assert {r.org.name: (r.kpis, r.measured, r.met) for r in rows} == {
        "甲镇党委": (5, 6, 3),
        "乙镇党委": (1, 1, 0),
        "县教育局党组": (1, 1, 1),
    }
    assert [o.name for o in selectors.unit_queryset(county.secretary_b)] == ["乙镇党委"]
    assert list(selectors.unit_queryset(county.member_a)) == []


def test_the_series_is_in_period_order_with_attainment(county):
    k1, *_ = build(county)
    points = selectors.series(k1)
    assert [(p.period, p.met) for p in points] == [
        ("2026-01", True),
        ("2026-02", False),
        ("2026-03", True),
    ]
    assert [p.period for p in selectors.series(k1, limit=2)] == ["2026-02", "2026-03"]


def test_the_explanation_is_chinese_in_the_chinese_ui(county):
    build(county)
    with translation.override("zh-hans"):
        found = indicator("assess.kpi_attainment").measure(
            county.township_a, Period.quarter(2026, 1)
        )
    assert found.explanation == "本期4项业绩评价指标中有1项达到目标。"
