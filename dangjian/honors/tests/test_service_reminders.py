"""Reminders and the indicator of 党员百时奉献, counted by hand."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from dangjian.conftest import make_org, make_person, make_user
from dangjian.honors.service_indicators import service_hours
from dangjian.honors.service_reminders import service_reminders
from dangjian.honors.tests import fixtures_service as fx
from dangjian.lib.indicators import Period
from dangjian.notices.models import Notice
from dangjian.orgs.scoping import Role


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _member(county, org, name, username):
    person = make_person(county.superuser, org, name)
    person.user = make_user(username, (Role.MEMBER, org))
    person.save()
    return person


def test_members_behind_the_pace_are_told_on_the_first_day_of_a_quarter(county):
    ahead = _member(county, county.village_a1, "王甲二", "wang")
    # By 30 June 2026: 100 × 181/365 = 49.589… → 49.59 due. person_a has 49 h, wang 50 h.
    for month, hours in ((1, 10), (2, 10), (3, 10), (4, 10), (5, 9)):
        fx.hours_record(county.person_a, datetime.date(2026, month, 3), hours)
    for month in range(1, 6):
        fx.hours_record(ahead, datetime.date(2026, month, 3), 10)
    fx.hours_record(county.person_a, datetime.date(2026, 6, 3), 5, status="pending")
    assert service_reminders(datetime.date(2026, 6, 30)) == 0  # not a reminder day
    assert service_reminders(datetime.date(2026, 7, 1)) == 1
    (notice,) = Notice.objects.all()
    assert (
        notice.recipient == county.member_a
        and "49.59 hours were due by 2026-06-30" in notice.subject
    )
    assert service_reminders(datetime.date(2026, 7, 1)) == 0  # once per key


def test_secretaries_are_told_about_records_waiting_more_than_a_week(county):
    with time_machine.travel(fx.at(2026, 11, 2, 10), tick=False):
        fx.hours_record(county.person_a, datetime.date(2026, 11, 1), 2, status="pending")
    with time_machine.travel(fx.at(2026, 11, 8, 10), tick=False):
        fx.hours_record(county.person_b, datetime.date(2026, 11, 7), 2, status="pending")
    assert service_reminders(datetime.date(2026, 11, 9)) == 0  # 7 days: not yet "more than"
    # Village A1 has no secretary: township A's (the nearest above) is told.
    assert service_reminders(datetime.date(2026, 11, 10)) == 1
    (notice,) = Notice.objects.all()
    assert (
        notice.recipient == county.secretary_a
        and "甲一村党支部: 1 service records" in notice.subject
    )
    assert service_reminders(datetime.date(2026, 11, 11)) == 0  # the same week
    assert service_reminders(datetime.date(2026, 11, 16)) == 2  # a new week; B's is old now


def test_indicator_counts_members_at_the_pace_by_the_periods_end(county):
    village = make_org(county.superuser, county.township_a, "A2", "甲二村党支部")
    second = make_person(county.superuser, village, "王甲二")  # no account: counted too
    make_person(county.superuser, village, "申请人", party_status="applicant")  # not counted
    make_person(county.superuser, county.village_b1, "乙二")  # not in the subtree
    # Q1 2026 ends 31 March: 100 × 90/365 = 24.657… → 24.66 due.
    for day in (5, 6):
        fx.hours_record(county.person_a, datetime.date(2026, 1, day), 12)  # 24 h: short
    fx.hours_record(county.person_a, datetime.date(2026, 4, 1), 1)  # after the period
    fx.hours_record(county.person_a, datetime.date(2025, 12, 31), 12)  # the year before
    fx.hours_record(second, datetime.date(2026, 2, 1), 12)
    fx.hours_record(second, datetime.date(2026, 2, 2), 12)
    fx.record(second, datetime.date(2026, 3, 1), "08:00", "08:40")  # 0.67 → 24.67 ≥ 24.66
    fx.hours_record(second, datetime.date(2026, 3, 2), 5, status="pending")
    measure = service_hours(county.township_a, Period.quarter(2026, 1))
    assert (measure.achieved, measure.expected) == (1, 2)
    assert measure.explanation == (
        "1 of 2 Party members had 24.66 verified service hours by 2026-03-31 (the year's pace "
        "to 100 hours)"
    )
    # April: person_a's 1 h of 1 April brings 25, but 30 April needs 100 × 120/365 = 32.88.
    assert service_hours(county.township_a, Period.month(2026, 4)).achieved == 0
