"""The demo's study sessions: the department's every-other-Friday study and weekly village
study from January to today, attendance on past sessions only, removed with the county."""

import datetime
import itertools

import pytest
from django.utils import timezone

from dangjian.orgs import demo
from dangjian.study.models import Attendance, StudySchedule, StudySession

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_sessions_follow_their_rules_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("study:")]
    assert "sessions:" in line
    root_schedule = StudySchedule.objects.unscoped("test").get(org__depth=0)
    days = [
        timezone.localtime(s.starts_at).date()
        for s in StudySession.objects.unscoped("test").filter(schedule=root_schedule)
    ]
    # Fridays every other week from the first Friday of January (3 January 2025) to today.
    assert days[0] == datetime.date(2025, 1, 3) and days[-1] <= TODAY
    assert {d.weekday() for d in days} == {4}
    assert {(b - a).days for a, b in itertools.pairwise(days)} == {14}
    villages = StudySchedule.objects.unscoped("test").exclude(pk=root_schedule.pk)
    assert villages.count() >= 3 and {s.weekday for s in villages} == {2}
    rows = Attendance.objects.unscoped("test")
    assert rows.filter(status="present").count() > rows.exclude(status="present").count()
    assert not rows.filter(status="leave", reason="").exists()
    assert not rows.filter(session__status="planned").exclude(status="expected").exists()
    demo.delete_county()
    assert not StudySession.objects.unscoped("test").exists()
    assert not StudySchedule.objects.unscoped("test").exists()
