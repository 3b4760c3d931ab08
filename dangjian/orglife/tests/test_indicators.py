"""Organization life's indicators (lib.indicators) against hand counts: the explanation states
the same numbers the hand count gives."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.lib.indicators import Period, indicator, registered
from dangjian.orglife import development_services
from dangjian.orglife.tests.development_helpers import applicant
from dangjian.orglife.tests.dues_fixtures import declare, pay
from dangjian.orglife.tests.test_meeting_compliance import _ledger

pytestmark = pytest.mark.django_db


def test_orglife_registers_its_three_indicators():
    codes = set(registered())
    assert {
        "orglife.meeting_compliance",
        "orglife.development_timeliness",
        "orglife.dues_on_time",
    } <= codes
    with pytest.raises(LookupError):
        indicator("orglife.no_such_thing")


def test_periods_cover_whole_months():
    assert Period.month(2024, 2) == Period(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    q4 = Period.quarter(2025, 4)
    assert (q4.start, q4.end) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert [m.month for m in Period.year(2025).months()] == list(range(1, 13))


def test_meetings_held_matches_the_hand_count(county):
    """Township A in 2025 (the ledger of test_meeting_compliance): in May 5 of 7 (as the
    compliance page); in Q2 — committee Apr ✓ May ✓ Jun ✗ (2/3), theme day Jun ✓ (1/3),
    assembly ✓ (1/1), lecture ✓ (1/1), life meeting ✗ (0/1, last year's does not count),
    member review ✓ (1/1), the group's meeting May ✓ (1/3): 7 of 13, each quarterly and
    yearly meeting counted once."""
    _ledger(county)
    measure = indicator("orglife.meeting_compliance").measure
    may = measure(county.township_a, Period.month(2025, 5))
    assert (may.achieved, may.expected) == (5, 7)
    q2 = measure(county.township_a, Period.quarter(2025, 2))
    assert (q2.achieved, q2.expected) == (7, 13)
    assert q2.ratio == pytest.approx(7 / 13)
    assert "7" in q2.explanation and "13" in q2.explanation
    # The unit holds no branch meetings: nothing expected, no ratio.
    assert measure(county.unit, Period.month(2025, 5)).ratio is None


def test_development_on_time_matches_the_hand_count(county):
    """Three applicants' talks a month after applying, one a day late: 2 of 3."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    for i in range(3):
        person = applicant(county, f"申请{i}")
        development_services.step_record(
            actor=county.superuser, person=person, step="applicant", date=start
        )
        talk = start + relativedelta(months=1) + datetime.timedelta(days=1 if i == 0 else 0)
        development_services.step_record(
            actor=county.superuser, person=person, step="talk", date=talk
        )
    measure = indicator("orglife.development_timeliness").measure
    result = measure(county.township_a, Period(start, today))
    assert (result.achieved, result.expected) == (2, 3)
    assert "2" in result.explanation and "3" in result.explanation
    assert measure(county.township_b, Period(start, today)).expected == 0


def test_dues_on_time_matches_the_hand_count(county):
    """Q1 of last year in township A: three members with a base from January; only March's
    dues were paid — person_a on 31 March (on time), 乙 on 1 April (late), 丙 in February
    (ahead, on time): January 0/3, February 0/3, March 2/3 → 2 of 9."""
    year = timezone.localdate().year - 1
    march = datetime.date(year, 3, 1)
    b = make_person(county.superuser, county.village_a1, "乙")
    c = make_person(county.superuser, county.group_a1, "丙")
    for person in (county.person_a, b, c, county.person_b):
        declare(county, person, month=datetime.date(year, 1, 1))
    pay(county, month=march, paid_on=datetime.date(year, 3, 31))
    pay(county, b, month=march, paid_on=datetime.date(year, 4, 1))
    pay(county, c, month=march, paid_on=datetime.date(year, 2, 10))
    pay(county, county.person_b, month=march, paid_on=march)
    measure = indicator("orglife.dues_on_time").measure
    result = measure(county.township_a, Period.quarter(year, 1))
    assert (result.achieved, result.expected) == (2, 9)
    assert measure(county.township_a, Period.month(year, 3)).ratio == pytest.approx(2 / 3)
