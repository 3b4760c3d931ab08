"""Coverage of the visit rules against hand counts, month edges, and fixed query counts."""

from __future__ import annotations

import datetime

import pytest

from dangjian.conftest import make_org
from dangjian.orgs.models import Organization
from dangjian.work import visit_selectors as selectors
from dangjian.work.tests.matrix_visit import assignment, unit_cadre, visit

JUNE = datetime.date(2026, 6, 1)


@pytest.fixture
def tree(county):
    """Township A: A1 (branch), A2 (general branch) with its branch A2-1, a township office
    branch and an inactive branch (neither counted); township B: B1. Grassroots: A1, A2,
    A2-1, B1."""
    su = county.superuser
    a2 = make_org(su, county.township_a, "A2", "甲二村党总支", org_type="general_branch")
    a21 = make_org(su, a2, "A21", "甲二村第一党支部")
    make_org(su, county.township_a, "TAO", "甲镇机关党支部", category="township")
    gone = make_org(su, county.township_a, "A9", "甲九村党支部")
    Organization.objects.unscoped("test").filter(pk=gone.pk).update(is_active=False)
    cadre1, cadre2, cadre3 = (unit_cadre(county, name) for name in ("干部一", "干部二", "干部三"))
    assignment(county, county.village_a1, cadre=cadre1, started_on=datetime.date(2026, 1, 1))
    assignment(county, a2, cadre=cadre2, started_on=datetime.date(2026, 6, 20))
    assignment(
        county,
        county.village_b1,
        cadre=cadre3,
        started_on=datetime.date(2026, 1, 1),
        ended_on=datetime.date(2026, 5, 31),
    )
    assignment(county, county.village_b1, cadre=False, started_on=datetime.date(2026, 1, 1))
    visit(county, county.village_a1, visitor=cadre1, visited_on=datetime.date(2026, 6, 1))
    visit(county, county.village_a1, visitor=cadre1, visited_on=datetime.date(2026, 6, 30))
    visit(county, a21, visitor=cadre2, visited_on=datetime.date(2026, 6, 15))
    visit(county, county.village_b1, visitor=cadre3, visited_on=datetime.date(2026, 5, 31))
    visit(county, county.village_b1, visitor=cadre3, visited_on=datetime.date(2026, 7, 1))
    return {"a2": a2, "a21": a21, "cadres": (cadre1, cadre2, cadre3)}


def test_county_hand_count(county, tree):
    report = selectors.coverage_report(county.root, JUNE)
    assert (report.total, report.visited, report.share) == (4, 2, 0.5)
    assert {mark.code for mark in report.not_visited} == {"A2", "B1"}
    assert [(t.name, t.total, t.visited) for t in report.townships] == [
        ("甲镇党委", 3, 2),
        ("乙镇党委", 1, 0),
    ]
    a1 = next(mark for mark in report.marks if mark.code == "A1")
    assert (a1.visits, a1.last_visit) == (2, datetime.date(2026, 6, 30))
    cadre2 = tree["cadres"][1]
    # cadre3's assignment ended in May; the unit-wide assignment names no cadre.
    assert [(c.name, c.visits, c.missing) for c in report.cadres] == [
        ("干部一", 2, 0),
        ("干部二", 1, 1),
    ]
    assert [c.person_id for c in report.cadres_below] == [cadre2.pk]
    assert selectors.visit_coverage(county.root, JUNE) == 0.5


def test_township_hand_counts(county, tree):
    report = selectors.coverage_report(county.township_a, JUNE)
    assert (report.total, report.visited) == (3, 2)
    assert [t.name for t in report.townships] == ["甲镇党委"]  # one group below the county
    assert selectors.visit_coverage(county.township_a, JUNE) == pytest.approx(2 / 3)
    b = selectors.coverage_report(county.township_b, JUNE)
    assert (b.total, b.visited, b.cadres) == (1, 0, [])
    assert selectors.visit_coverage(county.unit, JUNE) is None  # no grassroots org there


def test_month_edges(county, tree):
    """The last day of May counts in May, the first of July in July, never in June."""
    may = selectors.coverage_report(county.township_b, datetime.date(2026, 5, 1))
    july = selectors.coverage_report(county.township_b, datetime.date(2026, 7, 1))
    assert (may.visited, july.visited) == (1, 1)
    # The last day of a month of 31 days and of February.
    cadre = tree["cadres"][0]
    visit(county, county.village_a1, visitor=cadre, visited_on=datetime.date(2026, 1, 31))
    visit(county, county.village_a1, visitor=cadre, visited_on=datetime.date(2026, 2, 28))
    jan = selectors.coverage_report(county.township_a, datetime.date(2026, 1, 15))
    feb = selectors.coverage_report(county.township_a, datetime.date(2026, 2, 1))
    mar = selectors.coverage_report(county.township_a, datetime.date(2026, 3, 1))
    assert (jan.visited, feb.visited, mar.visited) == (1, 1, 0)
    assert [c.visits for c in jan.cadres] == [1]


def test_fixed_query_count(county, tree, django_assert_num_queries):
    with django_assert_num_queries(5):
        selectors.coverage_report(county.root, JUNE)
    with django_assert_num_queries(2):
        selectors.visit_coverage(county.root, JUNE)
    # Twice the organizations, cadres and visits: the same queries.
    su = county.superuser
    for number in range(4):
        org = make_org(su, county.township_b, f"B{number + 2}", f"乙{number + 2}村党支部")
        cadre = unit_cadre(county, f"新干部{number}")
        assignment(county, org, cadre=cadre, started_on=datetime.date(2026, 1, 1))
        visit(county, org, visitor=cadre, visited_on=datetime.date(2026, 6, 2))
    with django_assert_num_queries(5):
        report = selectors.coverage_report(county.root, JUNE)
    assert (report.total, report.visited) == (8, 6)


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # 15:59:59 UTC on 31 January is still 23:59:59 on the 31st in Asia/Shanghai.
        ((2026, 1, 31, 15, 59, 59), "2026-01-31 2026-01-01 2026-01-31"),
        # 16:00:01 UTC is 00:00:01 on 1 February: the quick form's date and the default
        # month of the coverage report are February's.
        ((2026, 1, 31, 16, 0, 1), "2026-02-01 2026-02-01 2026-02-28"),
    ],
)
def test_today_and_its_month_are_local_around_midnight(utc, expected):
    """The system clock moved (time-machine), not a date passed in: the server's clock is UTC."""
    import time_machine

    from dangjian.work.tracking import local_today
    from dangjian.work.visit_selectors import month_bounds

    with time_machine.travel(datetime.datetime(*utc, tzinfo=datetime.UTC), tick=False):
        today = local_today()
        assert " ".join(day.isoformat() for day in (today, *month_bounds(today))) == expected


def test_visit_on_the_local_first_counts_in_the_new_month(county):
    """Recorded at 00:30 on 1 February, Asia/Shanghai (16:30 UTC on 31 January)."""
    from dangjian.work import visit_services

    cadre = assignment(county, started_on=datetime.date(2026, 1, 1)).cadre
    visit_services.visit_record(
        actor=county.secretary_a,
        org=county.village_a1,
        visitor=cadre,
        visited_on=datetime.date(2026, 2, 1),
        purpose="政策宣讲",
        today=datetime.date(2026, 2, 1),
    )
    jan = selectors.coverage_report(county.township_a, datetime.date(2026, 1, 1))
    feb = selectors.coverage_report(county.township_a, datetime.date(2026, 2, 1))
    assert (jan.visited, feb.visited) == (0, 1)
