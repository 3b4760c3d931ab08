"""The daily reminders of work items: due soon and overdue, each once, through
`manage.py notices_daily` too."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command

from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.work import progress_reminders, progress_services, tracking
from dangjian.work.models import WorkItem
from dangjian.work.tests import fixtures

TODAY = tracking.local_today()


def rows(model):
    return model.objects.unscoped("test")


def test_due_soon_and_overdue_are_told_once(county):
    plan = fixtures.plan(county)
    soon = fixtures.item(county, plan, days=3)
    late = fixtures.item(county, plan, number=2, days=-1)
    fixtures.item(county, plan, number=3, days=5)  # outside the window, today and tomorrow
    fixtures.item(county, plan, number=4, days=-9, status="reported")  # awaiting verification
    draft = fixtures.plan(county, county.village_b1, status="draft")
    fixtures.item(county, draft, days=-2, owner=None)  # a draft plan's item is nobody's work yet

    sent = progress_reminders.item_reminders(TODAY)
    due = Notice.objects.filter(key__startswith="work.item.due:")
    assert {(n.recipient.username, n.key) for n in due} == {
        ("member_a", f"work.item.due:{soon.pk}:{soon.deadline}"),
        ("secretary_a", f"work.item.due:{soon.pk}:{soon.deadline}"),
    }
    overdue = Notice.objects.filter(key__startswith="work.item.overdue:")
    assert {n.recipient.username for n in overdue} == {"member_a", "secretary_a"}
    assert sent == 4
    assert rows(WorkItem).get(pk=late.pk).overdue_noticed_on == TODAY
    entry = AuditEntry.objects.unscoped("test").get(action="work.item.overdue")
    assert entry.target_id == str(late.pk) and entry.data["days"] == 1
    # Idempotent: the same day, and the next.
    assert progress_reminders.item_reminders(TODAY) == 0
    assert progress_reminders.item_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert AuditEntry.objects.unscoped("test").filter(action="work.item.overdue").count() == 1


def test_a_new_deadline_earns_new_notices(county):
    item = fixtures.item(county, days=-1)
    progress_reminders.item_reminders(TODAY)
    progress_services.item_report(
        actor=county.member_a,
        item=item,
        outcome="not_done",
        text="x",
        reason="r",
        measures="m",
        new_deadline=TODAY + datetime.timedelta(days=2),
    )
    sent = progress_reminders.item_reminders(TODAY)
    assert sent == 2  # due soon now, on the new deadline
    later = TODAY + datetime.timedelta(days=3)
    assert progress_reminders.item_reminders(later) == 2  # overdue again
    assert rows(WorkItem).get(pk=item.pk).overdue_noticed_on == later


def test_through_the_daily_command(county):
    late = fixtures.item(county, days=-5)
    out = io.StringIO()
    call_command("notices_daily", stdout=out)
    assert "dangjian.work.progress_reminders.item_reminders: 2 notice(s)" in out.getvalue()
    assert rows(WorkItem).get(pk=late.pk).overdue_noticed_on == TODAY
    out = io.StringIO()
    call_command("notices_daily", stdout=out)
    assert "dangjian.work.progress_reminders.item_reminders: 0 notice(s)" in out.getvalue()


def test_county_plan_overdue_tells_the_county(county):
    plan = fixtures.plan(county, county.root, title="县委计划")
    fixtures.item(county, plan, days=-1, org=county.township_a, owner=None)
    progress_reminders.item_reminders(TODAY)
    overdue = Notice.objects.filter(key__startswith="work.item.overdue:")
    assert {n.recipient.username for n in overdue} == {"dept_admin"}
