"""Compliance (落实情况) against a hand count, its periods' boundaries, and the 25th reminder."""

from __future__ import annotations

import datetime

import pytest

from dangjian.conftest import make_person, make_user
from dangjian.notices.models import Notice
from dangjian.orglife import meeting_reminders
from dangjian.orglife import meeting_selectors as selectors
from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.tests.matrix_meeting import meeting, with_committee

MAY = datetime.date(2025, 5, 1)


def _ledger(county):
    """Village A1 and its group in 2025 (a hand-made ledger), and one meeting in township B."""
    a1, g = county.village_a1, county.group_a1
    with_committee(county, a1)
    with_committee(county, county.village_b1)
    d = datetime.date
    for org, kind, day, extra in (
        (a1, "committee", d(2025, 5, 3), {}),
        (a1, "committee", d(2025, 4, 30), {}),  # April: not May's
        (a1, "theme_day", d(2025, 6, 1), {}),  # June: not May's
        (a1, "branch_assembly", d(2025, 4, 1), {}),  # first day of Q2
        (a1, "branch_assembly", d(2025, 3, 31), {}),  # last day of Q1
        (a1, "party_lecture", d(2025, 6, 30), {"lecturer": "书记"}),  # last day of Q2
        (a1, "member_review", d(2025, 1, 1), {}),  # the year's first day
        (a1, "life_meeting", d(2024, 12, 31), {}),  # last year's
        (g, "group", d(2025, 5, 31), {}),
        (county.village_b1, "committee", d(2025, 5, 5), {}),
    ):
        person = county.person_b if org == county.village_b1 else county.person_a
        meeting(
            county,
            org=org,
            kind=kind,
            held_on=day,
            attendance=[(person.pk, "present", "")],
            **extra,
        )


def _cells(rows):
    return {
        (row.org_id, cell.kind): (cell.required, cell.held, cell.missing)
        for row in rows
        for cell in row.cells
        if cell.required or cell.held
    }


def test_compliance_matches_the_hand_count(county):
    _ledger(county)
    rows = selectors.meeting_compliance(county.township_a, MAY)
    a1, g = county.village_a1.pk, county.group_a1.pk
    assert [row.org_id for row in rows] == [a1, g]  # the township (a 党委) is judged on none
    assert _cells(rows) == {
        (a1, "committee"): (1, 1, 0),
        (a1, "theme_day"): (1, 0, 1),
        (a1, "branch_assembly"): (1, 1, 0),
        (a1, "party_lecture"): (1, 1, 0),
        (a1, "life_meeting"): (1, 0, 1),
        (a1, "member_review"): (1, 1, 0),
        (g, "group"): (1, 1, 0),
    }
    assert selectors.compliance_rate(county.township_a, MAY) == pytest.approx(5 / 7)
    # In April: Q2's assembly and lecture, April's committee; no theme day, no group meeting.
    april = _cells(selectors.meeting_compliance(county.township_a, datetime.date(2025, 4, 1)))
    assert april[(a1, "committee")] == (1, 1, 0)
    assert april[(a1, "theme_day")] == (1, 0, 1)
    assert april[(g, "group")] == (1, 0, 1)
    # In March (Q1): the assembly of 31 March counts, the lecture of 30 June does not.
    march = _cells(selectors.meeting_compliance(county.township_a, datetime.date(2025, 3, 1)))
    assert march[(a1, "branch_assembly")] == (1, 1, 0)
    assert march[(a1, "party_lecture")] == (1, 0, 1)
    assert march[(a1, "committee")] == (1, 0, 1)


def test_rates_per_township_match_the_hand_count(county):
    _ledger(county)
    rates = selectors.compliance_rates_below(county.root, MAY)
    # Township A: 5 of 7 (as above); township B: its committee of 6 branch kinds; the unit
    # (a 党组 with nothing below) has nothing required.
    assert rates == {
        county.township_a.pk: pytest.approx(5 / 7),
        county.township_b.pk: pytest.approx(1 / 6),
        county.unit.pk: None,
    }
    assert selectors.compliance_rate(county.root, MAY) == pytest.approx(6 / 13)


def test_county_compliance_holds_both_townships_and_sorts(county):
    _ledger(county)
    rows = selectors.compliance_table(county.root, MAY, sort="-missing")
    assert [row.org_id for row in rows][:1] == [county.village_b1.pk]  # 5 missing
    assert rows[0].missing == 5
    by_name = selectors.compliance_table(county.root, MAY, sort="name")
    assert [row.org_name for row in by_name] == sorted(row.org_name for row in by_name)
    missing_theme_day = selectors.compliance_table(county.root, MAY, missing="theme_day")
    assert {row.org_id for row in missing_theme_day} == {county.village_a1.pk, county.village_b1.pk}
    missing_committee = selectors.compliance_table(county.root, MAY, missing="committee")
    assert missing_committee == []


def test_committee_meetings_are_due_from_branches_of_seven_full_members(county):
    """Art. 26: 7 full members → a committee → a monthly 支委会; 6 → a secretary only."""
    assert rules.COMMITTEE_MIN_FULL_MEMBERS == 7
    with_committee(county, county.village_a1, size=6)
    make_person(county.superuser, county.village_a1, "预备党员", party_status="probationary")
    month = datetime.date(2025, 5, 1)

    def committee_required() -> int:
        rows = selectors.meeting_compliance(county.village_a1, month)
        return rows[0].cell("committee").required

    assert committee_required() == 0
    # Neither village has a committee yet: nobody is reminded.
    assert meeting_reminders.committee_meeting_reminders(datetime.date(2025, 5, 25)) == 0
    make_person(county.superuser, county.village_a1, "第七名正式党员")
    assert committee_required() == 1
    assert meeting_reminders.committee_meeting_reminders(datetime.date(2025, 5, 25)) == 1
    # The other branch kinds are due whatever the size.
    rows = selectors.meeting_compliance(county.village_b1, month)
    assert rows[0].cell("theme_day").required == 1 and rows[0].cell("committee").required == 0


def test_a_subtree_without_requirements_has_no_rate(county):
    assert selectors.compliance_rate(county.unit, MAY) is None


def test_periods():
    assert selectors.period_bounds(datetime.date(2025, 5, 1), rules.QUARTER) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 7, 1),
    )
    assert selectors.period_bounds(datetime.date(2025, 12, 1), rules.QUARTER) == (
        datetime.date(2025, 10, 1),
        datetime.date(2026, 1, 1),
    )
    assert selectors.period_bounds(datetime.date(2025, 12, 1), rules.MONTH) == (
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
    )


# ---- the reminder on the 25th --------------------------------------------------------------


def _notices(user):
    # Meeting reminders only: other systems remind the same secretaries the same day.
    mine = Notice.objects.filter(recipient=user, key__startswith="orglife.")
    return list(mine.values_list("key", flat=True))


def test_no_reminder_on_the_24th_one_on_the_25th_once(county):
    assert rules.COMMITTEE_REMINDER_DAY == 25
    with_committee(county, county.village_a1)
    with_committee(county, county.village_b1)
    branch_secretary = make_user("sec_a1", ("secretary", county.village_a1))
    assert meeting_reminders.committee_meeting_reminders(datetime.date(2025, 5, 24)) == 0
    assert not Notice.objects.exists()
    sent = meeting_reminders.committee_meeting_reminders(datetime.date(2025, 5, 25))
    # Village A1's own secretary (the nearest), and village B1's township secretary.
    assert sent == 2
    key_a1 = f"orglife.meeting.committee:{county.village_a1.pk}:2025-05"
    assert _notices(branch_secretary) == [key_a1]
    assert _notices(county.secretary_b) == [
        f"orglife.meeting.committee:{county.village_b1.pk}:2025-05"
    ]
    assert _notices(county.secretary_a) == [] and _notices(county.dept_admin) == []
    # Idempotent: the next days send nothing new for May.
    assert meeting_reminders.committee_meeting_reminders(datetime.date(2025, 5, 26)) == 0


def test_a_branch_that_held_its_committee_meeting_is_not_reminded(county):
    with_committee(county, county.village_a1)
    with_committee(county, county.village_b1)
    meeting(county, kind="committee", held_on=datetime.date(2025, 5, 20))
    meeting_reminders.committee_meeting_reminders(datetime.date(2025, 5, 25))
    assert _notices(county.secretary_a) == []
    assert len(_notices(county.secretary_b)) == 1
    # April's meeting does not count for May, nor May's for June.
    assert meeting_reminders.committee_meeting_reminders(datetime.date(2025, 6, 25)) == 2


def test_the_daily_command_runs_the_reminder(county):
    from io import StringIO

    from django.core.management import call_command

    with_committee(county, county.village_b1)
    out = StringIO()
    call_command("notices_daily", "--today", "2025-05-25", stdout=out)
    assert "committee_meeting_reminders: 1 notice(s)" in out.getvalue()
    assert len(_notices(county.secretary_b)) == 1
