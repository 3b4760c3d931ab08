"""honors.commitments_kept counted by hand: township A's subtree, the period's year, evaluated
by the period's end; kept 2, partly kept 1, not kept 0, out of 2 per commitment evaluated."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from dangjian.honors.commitment_indicators import commitments_kept
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.lib.indicators import Period, registered

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def records(county):
    dec3, jan10 = datetime.date(2026, 12, 3), datetime.date(2027, 1, 10)
    a = county.person_a
    fx.commitment(county, person=a, year=2026, verdict="kept", evaluated_at=_at(dec3))
    fx.commitment(county, person=a, year=2026, verdict="kept", evaluated_at=_at(dec3), title="二")
    fx.commitment(county, person=a, year=2026, verdict="partly", evaluated_at=_at(dec3), title="三")
    fx.commitment(
        county, org=county.village_a1, year=2026, verdict="not_kept", evaluated_at=_at(dec3)
    )
    fx.commitment(county, org=county.township_a, year=2026, verdict="kept", evaluated_at=_at(jan10))
    # Evaluated on 1 January 2027 at 00:30 in Shanghai (31 December 16:30 UTC): after 2026's end.
    fx.commitment(
        county,
        org=county.group_a1,
        year=2026,
        verdict="kept",
        evaluated_at=datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC),
    )
    fx.commitment(county, person=a, year=2026, title="未评议")  # published, not evaluated
    fx.commitment(county, person=a, year=2025, verdict="kept", evaluated_at=_at(dec3))
    fx.commitment(county, person=county.person_b, year=2026, verdict="kept", evaluated_at=_at(dec3))


def test_is_registered():
    assert "honors.commitments_kept" in registered()


def test_year_2026_by_its_end(county, records):
    with translation.override("en"):
        found = commitments_kept(county.township_a, Period.year(2026))
    # Township A's subtree, evaluated by 31 Dec 2026 (Shanghai): kept, kept, partly, not kept.
    assert (found.achieved, found.expected) == (2 + 2 + 1 + 0, 2 * 4)
    assert found.explanation == (
        "2 of 4 evaluated commitments were kept and 1 partly kept (counted as half)."
    )


def test_village_and_quarter(county, records):
    found = commitments_kept(county.village_a1, Period.quarter(2026, 4))
    # Village A1 and its group: the group's verdict fell on 1 January 2027 local time.
    assert (found.achieved, found.expected) == (5, 8)
    before = commitments_kept(county.township_a, Period.month(2026, 11))
    assert (before.achieved, before.expected) == (0, 0)
    assert before.ratio is None


def test_the_whole_county_counts_both_townships(county, records):
    found = commitments_kept(county.root, Period.year(2026))
    assert (found.achieved, found.expected) == (5 + 2, 10)
