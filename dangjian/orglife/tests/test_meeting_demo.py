"""The demo's meeting ledger: a year of meetings following the rules' periods, attendance on
recent ones with reasons for leave, members only, and removed with the county."""

import datetime

import pytest
from django.db.models import Count

from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.meeting_selectors import full_member_counts, meeting_compliance
from dangjian.orglife.models import Meeting, MeetingAttendance
from dangjian.orgs import demo
from dangjian.orgs.models import Membership, Organization

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_a_plausible_ledger_and_reset_removes_it():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Organization life:")]
    assert "meetings:" in line
    meetings = Meeting.objects.unscoped("test")
    assert meetings.count() > 50
    # Written by plain INSERTs: the values read back as the ORM's own types.
    first = meetings.order_by("pk").first()
    assert isinstance(first.created_at, datetime.datetime) and first.created_at.tzinfo
    assert isinstance(first.start_time, datetime.time) and isinstance(first.held_on, datetime.date)
    assert not meetings.filter(held_on__gt=TODAY).exists()
    assert not meetings.filter(held_on__lt=datetime.date(2025, 1, 1)).exists()
    # Each organization holds only the kinds of its type, at most once a period for
    # quarterly kinds and once a month for monthly ones.
    for row in meetings.values("org__org_type", "kind").distinct():
        assert row["kind"] in rules.kinds_for(row["org__org_type"])
    # 支委会 only where a committee exists (7 or more full members, or a 总支).
    full = full_member_counts(Organization.objects.unscoped("test").get(depth=0).path, TODAY)
    for org_id, org_type in meetings.filter(kind="committee").values_list(
        "org_id", "org__org_type"
    ):
        assert rules.required_times("committee", org_type, full.get(org_id, 0)) == 1
    per_month = (
        meetings.filter(kind="committee")
        .values("org_id", "held_on__month")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert set(per_month) == {1}
    assert not meetings.filter(kind="party_lecture", lecturer="").exists()
    rows = MeetingAttendance.objects.unscoped("test")
    assert rows.count() > 0
    assert rows.filter(status="present").count() > rows.exclude(status="present").count()
    assert not rows.filter(status="leave", reason="").exists()
    # Everyone listed was a member of the meeting's organization on its day.
    for row in rows.select_related("meeting")[:300]:
        assert (
            Membership.objects.unscoped("test")
            .filter(
                person_id=row.person_id,
                org_id=row.meeting.org_id,
                started_on__lte=row.meeting.held_on,
            )
            .exists()
        )
    root = Organization.objects.unscoped("test").get(depth=0)
    states = {cell.state for row in meeting_compliance(root, TODAY) for cell in row.cells}
    assert {"ok", "missing"} <= states
    demo.delete_county()
    assert not Meeting.objects.unscoped("test").exists()
    assert not MeetingAttendance.objects.unscoped("test").exists()
