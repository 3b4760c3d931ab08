"""The key-project status rule (rules_project), every edge one day before / on the day /
one day after; and overdue-style dates read in Asia/Shanghai."""

import datetime

import pytest

from dangjian.work.rules_project import (
    AT_RISK_DAYS,
    STALE_REPORT_DAYS,
    ProjectStatus,
    project_status,
)

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


def status(milestones, last_report_on=None, finished_on=None, today=TODAY):
    return project_status(
        finished_on=finished_on,
        milestones=milestones,
        last_report_on=last_report_on,
        today=today,
    )


def test_the_numbers_are_ours_and_stated():
    assert AT_RISK_DAYS == 14 and STALE_REPORT_DAYS == 30


def test_finished_wins_over_everything():
    assert status([(TODAY - 10 * DAY, None)], finished_on=TODAY) == ProjectStatus.FINISHED


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY - DAY, ProjectStatus.LATE),  # yesterday's milestone unmet: late today
        (TODAY, ProjectStatus.ON_TRACK),  # due today: not late yet (reported recently)
    ],
)
def test_late_from_the_day_after_the_milestone(due, expected):
    assert status([(due, None)], last_report_on=TODAY) == expected


def test_a_met_past_milestone_is_not_late():
    assert status([(TODAY - DAY, TODAY - DAY)], last_report_on=TODAY) == ProjectStatus.ON_TRACK


@pytest.mark.parametrize(
    ("days_ahead", "expected"),
    [
        (0, ProjectStatus.AT_RISK),
        (AT_RISK_DAYS - 1, ProjectStatus.AT_RISK),
        (AT_RISK_DAYS, ProjectStatus.AT_RISK),  # on the last day of the window
        (AT_RISK_DAYS + 1, ProjectStatus.ON_TRACK),  # one day beyond it
    ],
)
def test_at_risk_window_without_reports(days_ahead, expected):
    assert status([(TODAY + days_ahead * DAY, None)]) == expected


@pytest.mark.parametrize(
    ("report_days_ago", "expected"),
    [
        (STALE_REPORT_DAYS - 1, ProjectStatus.ON_TRACK),
        (STALE_REPORT_DAYS, ProjectStatus.ON_TRACK),  # a report 30 days ago still counts
        (STALE_REPORT_DAYS + 1, ProjectStatus.AT_RISK),  # 31 days ago: stale
    ],
)
def test_a_recent_report_keeps_a_due_soon_project_on_track(report_days_ago, expected):
    milestones = [(TODAY + 5 * DAY, None)]
    assert status(milestones, last_report_on=TODAY - report_days_ago * DAY) == expected


@pytest.mark.parametrize(
    ("met_on", "expected"),
    [
        (datetime.date(2026, 5, 31), ProjectStatus.ON_TRACK),  # the day before
        (datetime.date(2026, 6, 1), ProjectStatus.ON_TRACK),  # on the day
        (datetime.date(2026, 6, 2), ProjectStatus.AT_RISK),  # one day late
    ],
)
def test_the_last_milestone_met_late_puts_the_project_at_risk(met_on, expected):
    milestones = [(datetime.date(2026, 6, 1), met_on), (datetime.date(2026, 12, 1), None)]
    assert status(milestones, last_report_on=TODAY) == expected


def test_only_the_last_met_milestone_counts_for_lateness():
    milestones = [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 9)),  # met late, earlier
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 1)),  # the last one met on time
        (datetime.date(2026, 12, 1), None),
    ]
    assert status(milestones, last_report_on=TODAY) == ProjectStatus.ON_TRACK


def test_late_wins_over_at_risk():
    milestones = [(TODAY - DAY, None), (TODAY + DAY, None)]
    assert status(milestones) == ProjectStatus.LATE


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 1, 31), ProjectStatus.ON_TRACK),
        (datetime.date(2026, 2, 1), ProjectStatus.LATE),  # month end: late on the 1st
    ],
)
def test_month_end(today, expected):
    assert status([(datetime.date(2026, 1, 31), None)], last_report_on=today, today=today) == (
        expected
    )
