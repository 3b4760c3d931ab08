"""The round's pure rules: points of an automatic item, totals, ranks, grades with the quota."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.utils import translation

from dangjian.assess import round_scoring as scoring
from dangjian.lib.indicators import Measure


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_share_of_max_rounded_to_a_tenth():
    found = scoring.auto_points(Measure(12, 14, "12 of 14 branches met."), D(10), True)
    assert found.points == D("8.6")
    assert found.explanation == "12 of 14 branches met: 8.6 of 10"


def test_half_rounds_up():
    assert scoring.rounded(D("7.25")) == D("7.3")
    assert scoring.auto_points(Measure(1, 8, "x"), D(10), True).points == D("1.3")  # 1.25


def test_bad_things_counted_lose_points_clamped_at_zero():
    assert scoring.auto_points(Measure(1, 4, "1 of 4 overdue"), D(10), False).points == D("7.5")
    assert scoring.auto_points(Measure(6, 4, "6 of 4"), D(10), False).points == D(0)


def test_nothing_due_scores_full_points_and_says_so():
    found = scoring.auto_points(Measure(0, 0, "0 of 0 meetings."), D(40), True)
    assert found.points == D(40)
    assert found.explanation == "0 of 0 meetings — nothing was due: full points: 40 of 40"


def test_more_than_expected_is_capped_at_max():
    assert scoring.auto_points(Measure(5, 4, "x"), D(10), True).points == D(10)


def _line(kind, points, max_points=10, children=False):
    return scoring.Line(kind, children, D(max_points), None if points is None else D(points))


def test_total_counts_leaves_caps_bonus_and_deduction_and_floors_at_zero():
    lines = [
        _line("indicator", 55, 60, children=True),  # 一级 with children: not counted
        _line("indicator", 35, 40),
        _line("indicator", 20, 20),
        _line("indicator", None, 40),  # not scored yet: 0
        _line("bonus", 4, 5),
        _line("bonus", 3, 5),  # bonus 7, caps 10
        _line("deduction", 2, 10),
    ]
    assert scoring.total(lines) == D(60)
    assert scoring.total([_line("indicator", 1), _line("deduction", 8, 5)]) == D(0)
    assert scoring.total([_line("indicator", 50), _line("bonus", 9, 5)]) == D(55)


def test_ties_share_a_rank():
    assert scoring.ranks([D(90), D(95), D(90), D(80)]) == [2, 1, 2, 4]


def test_grades_by_threshold():
    assert [scoring.grade_of(D(v)) for v in (95, 90, 89.9, 80, 60, 59.9)] == [
        "excellent",
        "excellent",
        "good",
        "good",
        "fair",
        "poor",
    ]


def test_excellent_quota_floor_of_share():
    totals = [D(99), D(98), D(97), D(96), D(95), D(94), D(93), D(92), D(91), D(70)]
    # 10 sheets × 20 % = 2 may be 优秀; the other ≥ 90 are 良好.
    assert scoring.grades(totals, 20) == ["excellent"] * 2 + ["good"] * 7 + ["fair"]


def test_a_tie_across_the_quota_line_is_good_for_all_of_it():
    totals = [D(99), D(95), D(95), D(70), D(60), D(50), D(40), D(30), D(20), D(10)]
    # quota 2: 99 fits; the two 95s would make 3 — equal totals, equal grades: both 良好.
    assert scoring.grades(totals, 20)[:3] == ["excellent", "good", "good"]
    # quota 3 (30 %): the whole tie fits.
    assert scoring.grades(totals, 30)[:3] == ["excellent"] * 3


def test_small_category_may_have_no_excellent():
    assert scoring.grades([D(99), D(98)], 20) == ["good", "good"]
