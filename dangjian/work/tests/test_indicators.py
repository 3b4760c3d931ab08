"""Work tracking's indicators (lib.indicators) against the hand counts of the parts' selector
tests, the clock moved to the day those counts are made (time-machine)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from dangjian.lib.indicators import Period, indicator, registered
from dangjian.work.tests.test_progress_selectors import build as build_items
from dangjian.work.tests.test_rect_selectors import _row as rect_row
from dangjian.work.tests.test_visit_coverage import tree  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _noon_in_shanghai(day: datetime.date):
    # 12:00 +08:00 is 04:00 UTC: the same date in both zones.
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 4, tzinfo=datetime.UTC), tick=False
    )


def test_work_registers_its_four_indicators():
    assert {
        "work.items_on_time",
        "work.items_overdue",
        "work.rectifications_on_time",
        "work.visit_coverage",
    } <= set(registered())
    assert indicator("work.items_overdue").higher_is_better is False


def test_items_on_time_and_overdue_match_the_hand_count(county):
    """test_progress_selectors' items, today 2026-02-01. January: items 1, 2, 3, 5, 6, 7 first
    due in it, on time 1 and 7 → 2 of 6. Overdue on 31 January (the period's last day): item 3
    only (due the 20th, returned: 11 days), of the three first due before the 31st (3, 5, 7).
    February, still running: items 3 (12 days) and 6 (1 day) overdue today."""
    build_items(county)
    on_time = indicator("work.items_on_time").measure
    overdue = indicator("work.items_overdue").measure
    january = Period.month(2026, 1)
    with _noon_in_shanghai(datetime.date(2026, 2, 1)):
        result = on_time(county.township_a, january)
        late = overdue(county.township_a, january)
        february = overdue(county.township_a, Period.month(2026, 2))
    assert (result.achieved, result.expected) == (2, 6)
    assert "2" in result.explanation and "6" in result.explanation
    assert (late.achieved, late.expected) == (1, 3)
    assert "11" in late.explanation  # days overdue in all
    assert february.achieved == 2 and "13" in february.explanation


def test_rectifications_on_time_match_the_hand_count(county):
    """test_rect_selectors' rows, today 2026-07-01: Q1 — three first due 31 March, two closed
    on time → 2 of 3; Q2 — 30 April closed on time, the two of 31 May late → 1 of 3 (the row
    due 1 July is not in Q2)."""
    d = datetime.date
    rect_row(county, d(2026, 3, 31), "closed", done_on=d(2026, 3, 30), closed_on=d(2026, 4, 10))
    rect_row(county, d(2026, 3, 31), "closed", done_on=d(2026, 3, 31), closed_on=d(2026, 3, 31))
    rect_row(county, d(2026, 3, 31), "closed", done_on=d(2026, 4, 1), closed_on=d(2026, 4, 2))
    rect_row(county, d(2026, 4, 30), "closed", closed_on=d(2026, 4, 29))
    rect_row(county, d(2026, 5, 31), "reported", done_on=d(2026, 5, 1))
    rect_row(county, d(2026, 5, 31), "open", moved=d(2026, 8, 31))
    rect_row(county, d(2026, 7, 1), "open")
    measure = indicator("work.rectifications_on_time").measure
    with _noon_in_shanghai(d(2026, 7, 1)):
        q1 = measure(county.township_a, Period.quarter(2026, 1))
        q2 = measure(county.township_a, Period.quarter(2026, 2))
    assert (q1.achieved, q1.expected) == (2, 3)
    assert (q2.achieved, q2.expected) == (1, 3)
    assert "1" in q2.explanation and "3" in q2.explanation


def test_visit_coverage_matches_the_hand_count(county, tree):  # noqa: F811
    """test_visit_coverage's tree: four grassroots organizations (A1, A2, A2-1, B1). Q2:
    April none, May B1 (the 31st), June A1 and A2-1 → 3 of 12 organization-months; township A
    alone: 2 of 9."""
    measure = indicator("work.visit_coverage").measure
    q2 = measure(county.root, Period.quarter(2026, 2))
    assert (q2.achieved, q2.expected) == (3, 12)
    assert "3" in q2.explanation and "12" in q2.explanation
    township = measure(county.township_a, Period.quarter(2026, 2))
    assert (township.achieved, township.expected) == (2, 9)
