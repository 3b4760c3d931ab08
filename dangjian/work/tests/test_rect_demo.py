"""The demo's rectification ledger: plausible rows for the year, scaled by the county, the
ledger's own rules hold (closed rows reported done first, moved deadlines on record), and
removed with the county."""

import datetime

import pytest

from dangjian.orgs import demo
from dangjian.orgs.models import Organization
from dangjian.work.models import (
    Rectification,
    RectificationDeadlineChange,
    RectificationReport,
)
from dangjian.work.rect_selectors import closed_on_time

TODAY = datetime.date(2026, 9, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_a_plausible_ledger_and_reset_removes_it():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Work tracking")]
    assert "rectifications:" in line
    rows = Rectification.objects.unscoped("test")
    assert rows.count() >= 7  # 300 members / 40, and at least the townships'
    assert set(rows.values_list("source", flat=True)) >= {"inspection", "self_examination"}
    assert not rows.filter(found_on__gt=TODAY).exists()
    assert not rows.filter(found_on__lt=datetime.date(2026, 1, 1)).exists()
    assert all(row.first_deadline > row.found_on for row in rows)
    # The issuing level is the organization itself or above it.
    for row in rows.select_related("org", "issued_by"):
        assert row.org.path.startswith(row.issued_by.path)
    # Closed rows were reported done, before the close; most past-deadline rows are closed.
    done = RectificationReport.objects.unscoped("test").filter(outcome="done")
    closed = rows.filter(status="closed")
    assert closed.exists() and not closed.exclude(pk__in=done.values("rectification_id")).exists()
    for row in closed:
        last = done.filter(rectification=row).latest("reported_at")
        assert last.reported_at <= row.closed_at
    # Every moved deadline is on record with its reason.
    for change in RectificationDeadlineChange.objects.unscoped("test"):
        assert change.rectification.deadline == change.new_deadline and change.reason
    root = Organization.objects.unscoped("test").get(depth=0)
    result = closed_on_time(root, 2026, today=TODAY)
    assert result.counted and 0 < result.on_time <= result.counted
    demo.delete_county()
    assert not Rectification.objects.unscoped("test").exists()
