"""The report rules shared by work items and rectifications (tracking.py): overdue from the
local date, the explanation a not-done or overdue report needs, each missing field named."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangjian.work import rules, tracking
from dangjian.work.models import WorkItem
from dangjian.work.tests import fixtures

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 1, 31)


def _item(county, **extra) -> WorkItem:
    row = fixtures.item(county, **extra)
    row.deadline = row.first_deadline = DUE
    row.save()
    return row


def test_overdue_from_the_day_after_the_deadline_in_shanghai(county, settings):
    row = _item(county)
    assert not tracking.is_overdue(row, DUE)
    assert tracking.is_overdue(row, DUE + datetime.timedelta(days=1))
    assert tracking.days_overdue(row, datetime.date(2026, 2, 3)) == 3
    # 16:00 UTC on the 31st is 00:00 on 1 February in Asia/Shanghai: the local date decides.
    assert settings.TIME_ZONE == "Asia/Shanghai"
    before = datetime.datetime(2026, 1, 31, 15, 59, 59, tzinfo=datetime.UTC)
    after = datetime.datetime(2026, 1, 31, 16, 0, 1, tzinfo=datetime.UTC)
    assert timezone.localdate(before) == DUE
    assert tracking.is_overdue(row, timezone.localdate(after))


def test_overdue_and_due_soon_queries_match_the_row_rule(county):
    rows = {days: _item(county, number=i + 1) for i, days in enumerate((-1, 0, 3, 4))}
    for days, row in rows.items():
        row.deadline = DUE + datetime.timedelta(days=days)
        row.save()
    closed = rows[-1]
    items = WorkItem.objects.unscoped("test")
    assert set(items.filter(tracking.overdue_q(DUE))) == {rows[-1]}
    assert set(items.filter(tracking.due_soon_q(DUE))) == {rows[0], rows[3]}
    assert rules.DUE_SOON_DAYS == 3
    closed.status = "closed"
    closed.save()
    assert not items.filter(tracking.overdue_q(DUE)).exists()
    assert not tracking.is_overdue(closed, DUE + datetime.timedelta(days=9))
    # A row reported done waits for verification: it is not overdue meanwhile.
    rows[0].status = "reported"
    rows[0].save()
    assert not tracking.is_overdue(rows[0], DUE + datetime.timedelta(days=9))


def test_a_done_report_before_the_deadline_needs_only_its_text(county):
    row = _item(county)
    assert tracking.report_errors(row, {"outcome": "done", "text": "已完成"}, DUE) == {}
    errors = tracking.report_errors(row, {"outcome": "finished", "text": " "}, DUE)
    assert set(errors) == {"outcome", "text"}


@pytest.mark.parametrize("outcome", ["done", "partly", "not_done"])
def test_an_overdue_report_names_each_missing_explanation(county, outcome):
    row = _item(county)
    errors = tracking.report_errors(
        row, {"outcome": outcome, "text": "推进中", "reason": "  "}, DUE + datetime.timedelta(1)
    )
    assert set(errors) == {"reason", "measures", "new_deadline"}
    assert "2026" in errors["reason"][0]  # the passed deadline is named


def test_a_not_done_report_before_the_deadline_needs_the_explanation(county):
    row = _item(county)
    errors = tracking.report_errors(row, {"outcome": "not_done", "text": "未启动"}, DUE)
    assert set(errors) == {"reason", "measures", "new_deadline"}
    complete = {
        "outcome": "not_done",
        "text": "未启动",
        "reason": "资金未到位",
        "measures": "协调县财政",
        "new_deadline": DUE + datetime.timedelta(days=30),
    }
    assert tracking.report_errors(row, complete, DUE) == {}


def test_a_new_deadline_in_the_past_or_not_later_is_refused(county):
    row = _item(county)
    base = {"outcome": "not_done", "text": "x", "reason": "r", "measures": "m"}
    late_today = DUE + datetime.timedelta(days=5)
    past = tracking.report_errors(
        row, base | {"new_deadline": late_today - datetime.timedelta(1)}, late_today
    )
    assert list(past) == ["new_deadline"] and "早于今天" in past["new_deadline"][0]
    assert tracking.report_errors(row, base | {"new_deadline": late_today}, late_today) == {}
    not_later = tracking.report_errors(row, base | {"new_deadline": DUE}, DUE)
    assert list(not_later) == ["new_deadline"]
    two_years = DUE + datetime.timedelta(days=rules.LONGEST_DEADLINE_DAYS)
    assert tracking.report_errors(row, base | {"new_deadline": two_years}, DUE) == {}
    too_far = two_years + datetime.timedelta(days=1)
    assert list(tracking.report_errors(row, base | {"new_deadline": too_far}, DUE)) == [
        "new_deadline"
    ]


@pytest.mark.parametrize(("status", "code"), [("closed", "closed"), ("reported", "awaiting")])
def test_a_closed_or_awaiting_row_takes_no_report(county, status, code):
    row = _item(county)
    row.status = status
    with pytest.raises(ValidationError) as raised:
        tracking.report_errors(row, {"outcome": "done", "text": "x"}, DUE)
    assert raised.value.code == code
