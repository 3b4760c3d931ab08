"""The progress figures reused by assessment and dashboards, each against a hand count on
rows whose every date is stated here (today 2026-02-01, Asia/Shanghai)."""

from __future__ import annotations

import datetime
import zoneinfo

from dangjian.work import progress_selectors as selectors
from dangjian.work.models import ItemReport, WorkItem
from dangjian.work.tests import fixtures

TODAY = datetime.date(2026, 2, 1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def item(county, plan, number, first, *, deadline=None, status="open", org=None, done_at=()):
    """An item of `plan` first due `first` (now due `deadline`), with done reports made at
    the local times `done_at`."""
    row = fixtures.item(county, plan, number=number, status=status, org=org or plan.org)
    WorkItem.objects.unscoped("test").filter(pk=row.pk).update(
        first_deadline=first, deadline=deadline or first
    )
    for when in done_at:
        report = ItemReport.objects.create(item=row, outcome="done", text="完成")
        ItemReport.objects.unscoped("test").filter(pk=report.pk).update(reported_at=when)
    return row


def build(county):
    a_plan = fixtures.plan(county, year=2026)
    jan = datetime.date(2026, 1, 31)
    # 1: done at 23:59 on the deadline day (local), closed — on time.
    item(county, a_plan, 1, jan, status="closed", done_at=[local(2026, 1, 31, 23, 59)])
    # 2: done half a minute after local midnight — late (in UTC it was still the 31st).
    item(county, a_plan, 2, jan, status="reported", done_at=[local(2026, 2, 1, 0, 0, 30)])
    # 3: done in time, then returned by the verifier: open again, overdue 12 days.
    item(county, a_plan, 3, datetime.date(2026, 1, 20), done_at=[local(2026, 1, 19, 10)])
    # 4: due today — not yet due, not overdue.
    item(county, a_plan, 4, TODAY)
    # 5: first due 01-15, deadline moved to March: due for the rate (not on time), not overdue.
    item(county, a_plan, 5, datetime.date(2026, 1, 15), deadline=datetime.date(2026, 3, 1))
    # 6: open, due the 31st — overdue 1 day.
    item(county, a_plan, 6, jan)
    # 7: returned once, then done again in time — on time.
    item(
        county,
        a_plan,
        7,
        datetime.date(2026, 1, 25),
        status="closed",
        done_at=[local(2026, 1, 10, 9), local(2026, 1, 24, 9)],
    )
    # Last year's plan: another year, not counted.
    old = fixtures.plan(county, year=2025, title="去年计划")
    item(county, old, 1, datetime.date(2025, 12, 31), status="closed", done_at=[local(2025, 12, 1)])
    # A draft plan's overdue item: nobody's work yet.
    draft = fixtures.plan(county, county.group_a1, year=2026, status="draft")
    item(county, draft, 1, datetime.date(2026, 1, 1))
    # Township B: one closed on time, one open 3 days overdue.
    b_plan = fixtures.plan(county, county.village_b1, year=2026)
    item(
        county, b_plan, 1, datetime.date(2026, 1, 10), status="closed", done_at=[local(2026, 1, 9)]
    )
    item(county, b_plan, 2, datetime.date(2026, 1, 29))


def test_on_time_rate_by_hand(county):
    build(county)
    # Township A: due 1, 2, 3, 5, 6, 7 (6 items); on time 1 and 7.
    a = selectors.on_time_rate(county.township_a, 2026, today=TODAY)
    assert (a.due, a.on_time) == (6, 2) and a.rate == 2 / 6
    # The county: + township B's two (one on time).
    county_rate = selectors.on_time_rate(county.root, 2026, today=TODAY)
    assert (county_rate.due, county_rate.on_time) == (8, 3)
    assert selectors.on_time_rate(county.unit, 2026, today=TODAY).rate is None
    # A day earlier item 6 and items 1, 2 (due the 31st) are not yet due.
    earlier = selectors.on_time_rate(county.township_a, 2026, today=datetime.date(2026, 1, 31))
    assert (earlier.due, earlier.on_time) == (3, 1)


def test_overdue_summary_by_hand(county):
    build(county)
    # Township A: item 3 (12 days) and item 6 (1 day).
    assert selectors.overdue_summary(county.township_a, today=TODAY) == selectors.OverdueSummary(
        count=2, total_days=13, max_days=12
    )
    # The county: + township B's item 2 (3 days).
    assert selectors.overdue_summary(county.root, today=TODAY) == selectors.OverdueSummary(
        count=3, total_days=16, max_days=12
    )
    assert selectors.overdue_summary(county.unit, today=TODAY) == selectors.OverdueSummary(0, 0, 0)


def test_lists_hold_published_items_in_reach(county):
    build(county)
    overdue = selectors.items_visible(county.secretary_a, status="overdue", today=TODAY)
    assert sorted(i.number for i in overdue) == [3, 6]
    assert selectors.items_visible(county.secretary_b, status="overdue", today=TODAY).count() == 1
    closed = selectors.items_visible(county.dept_admin, status="closed", today=TODAY)
    assert closed.count() == 4
    mine = selectors.my_items(county.member_a)
    assert mine.count() == 10  # person_a owns every fixture item of published plans
    assert not selectors.my_items(county.secretary_a).exists()
