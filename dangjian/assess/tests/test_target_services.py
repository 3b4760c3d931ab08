"""Monthly targets: writing, submitting (on time / late at the deadline boundary in
Asia/Shanghai), marking (who may, when, with which note), the status per committee, and the
reminders (each once)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.assess import rules_target as rules
from dangjian.assess import target_reminders
from dangjian.assess import target_selectors as selectors
from dangjian.assess import target_services as services
from dangjian.assess.models import MonthlyTarget, TargetItem
from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401
from dangjian.conftest import make_org
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry, Organization

NOV = datetime.date(2026, 11, 1)
UTC = datetime.UTC


def rows(model):
    manager = model.objects
    return manager.unscoped("test") if hasattr(manager, "unscoped") else manager.all()


def save(county, actor=None, org=None, *, month=None, items=None, submit=False, today=None):
    return services.target_save(
        actor=actor or county.secretary_a,
        org=org or county.township_a,
        month=month or fx.this_month(),
        items=fx.items() if items is None else items,
        submit=submit,
        today=today,
    )


def test_a_draft_is_saved_edited_then_submitted_and_frozen(county):
    draft = save(county)
    assert draft.status == "draft" and draft.deadline == fx.this_month().replace(day=5)
    assert rows(TargetItem).filter(target=draft).count() == 2
    save(county, items=fx.items(3))
    assert rows(TargetItem).filter(target=draft).count() == 3
    done = services.target_submit(actor=county.secretary_a, target=draft)
    assert done.status == "submitted" and done.submitted_by == county.secretary_a
    with pytest.raises(ValidationError, match="不能再修改"):
        save(county, items=fx.items(1))
    assert rows(TargetItem).filter(target=draft).count() == 3
    actions = set(rows(AuditEntry).values_list("action", flat=True))
    assert {"assess.target.create", "assess.target.edit", "assess.target.submit"} <= actions


@pytest.mark.parametrize(
    ("moment", "status", "days"),
    [
        # The deadline is 5 November, Shanghai: 15:59:59 UTC on the 5th is 23:59:59 local.
        (datetime.datetime(2026, 11, 5, 15, 59, 59, tzinfo=UTC), "on_time", 0),
        # One second later it is 6 November in Shanghai (still the 5th in UTC): late, 1 day.
        (datetime.datetime(2026, 11, 5, 16, 0, 0, tzinfo=UTC), "late", 1),
        (datetime.datetime(2026, 11, 8, 16, 0, 0, tzinfo=UTC), "late", 4),
        (datetime.datetime(2026, 11, 1, 0, 0, 0, tzinfo=UTC), "on_time", 0),
    ],
)
def test_late_is_counted_on_the_local_date_at_the_deadline(county, moment, status, days):
    with time_machine.travel(moment, tick=False):
        target = save(county, month=NOV, submit=True, today=NOV.replace(day=20))
    report = selectors.month_status(county.dept_admin, county.root, NOV, NOV.replace(day=20))
    (row,) = [row for row in report.rows if row.org_id == county.township_a.pk]
    assert (row.status, row.days_late) == (status, days)
    assert selectors.days_late(target) == days


def test_status_per_committee_on_time_late_missing_pending(county):
    fx.target(county, county.township_a, month=NOV, submitted_at=fx.on_day(NOV, 3))
    fx.target(county, county.township_b, month=NOV, submitted_at=fx.on_day(NOV, 9))
    report = selectors.month_status(county.dept_admin, county.root, NOV, NOV.replace(day=20))
    found = {row.name: (row.status, row.days_late) for row in report.rows}
    # The county committee itself and branches do not hand in targets.
    assert found == {
        "甲镇党委": ("on_time", 0),
        "乙镇党委": ("late", 4),
        "县教育局党组": ("missing", 0),
    }
    early = selectors.month_status(county.dept_admin, county.root, NOV, NOV.replace(day=4))
    assert {row.name: row.status for row in early.rows}["县教育局党组"] == "pending"
    # Township B's secretary sees township B alone.
    mine = selectors.month_status(county.secretary_b, county.township_b, NOV, NOV)
    assert [row.name for row in mine.rows] == ["乙镇党委"]


def test_who_writes_targets(county):
    with pytest.raises(PermissionDenied):
        save(county, county.inspector_b, county.township_b)
    with pytest.raises(Organization.DoesNotExist):  # out of sight: a 404
        save(county, county.secretary_b, county.township_a)
    with pytest.raises(ValidationError, match="不是基层党委"):  # a branch is no committee
        save(county, county.secretary_a, county.village_a1)
    assert save(county, county.dept_admin).org == county.township_a
    assert not rows(MonthlyTarget).filter(org__in=[county.township_b, county.village_a1]).exists()


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "至少填写 1 项"),
        (fx.items(rules.ITEMS_MAX + 1), "最多填写 20 项"),
        ([{"goal": "", "measures": "措施"}], "第 1 项：请填写目标"),
        ([{"goal": "目标", "measures": "  "}], "第 1 项：请填写措施"),
        ([{"goal": "目" * (rules.GOAL_MAX_CHARS + 1), "measures": "措施"}], "最多 300 个字"),
    ],
)
def test_bad_items_are_refused_naming_them_and_nothing_is_saved(county, items, message):
    with pytest.raises(ValidationError) as error:
        save(county, items=items)
    assert any(message in text for text in error.value.message_dict["items"])
    assert not rows(MonthlyTarget).exists() and not rows(TargetItem).exists()


def test_months_out_of_range_are_refused(county):
    today = datetime.date(2026, 11, 20)
    for month in (datetime.date(2025, 10, 1), datetime.date(2027, 1, 1)):
        with pytest.raises(ValidationError) as error:
            save(county, month=month, today=today)
        assert "2025-11 至 2026-12" in error.value.message_dict["month"][0]
    assert save(county, month=datetime.date(2025, 11, 1), today=today)


def mark(county, actor, target, position=1, value="done", note=""):
    item = rows(TargetItem).get(target=target, position=position)
    return services.target_mark(actor=actor, target=target, item=item, mark=value, note=note)


def test_supervisors_mark_the_committee_does_not(county, django_capture_on_commit_callbacks):
    target = fx.target(county, county.township_b, submitted_at=fx.on_day(fx.this_month(), 2))
    with pytest.raises(PermissionDenied, match="不能督查本单位"):
        mark(county, county.secretary_b, target)  # the committee itself
    with pytest.raises(MonthlyTarget.DoesNotExist):
        mark(county, county.secretary_a, target)  # township A does not see township B
    mark(county, county.inspector_b, target)  # the inspector (score)
    assert rows(TargetItem).get(target=target, position=1).mark == "done"
    with django_capture_on_commit_callbacks(execute=True):
        mark(county, county.dept_admin, target, 2, "not_done", "未召开专题会议")
    item = rows(TargetItem).get(target=target, position=2)
    assert (item.mark, item.note, item.marked_by) == (
        "not_done",
        "未召开专题会议",
        county.dept_admin,
    )
    entry = rows(AuditEntry).filter(action="assess.target.mark").order_by("-pk").first()
    assert entry.data["mark"] == ["", "not_done"] and entry.actor == county.dept_admin
    # The committee's secretary is told of an item 未落实.
    assert (
        rows(Notice).filter(recipient=county.secretary_b, key__startswith="assess.target").count()
        == 1
    )


def test_level_above_marks_a_committee_below_it(county):
    enterprise = make_org(
        county.superuser,
        county.township_a,
        "EA",
        "甲镇某企业党委",
        category="enterprise",
        org_type="committee",
    )
    target = fx.target(county, enterprise, submitted_at=fx.on_day(fx.this_month(), 2))
    mark(county, county.secretary_a, target)  # township A approves below itself
    own = fx.target(county, county.township_a, submitted_at=fx.on_day(fx.this_month(), 2))
    with pytest.raises(PermissionDenied):
        mark(county, county.secretary_a, own)


def test_marking_needs_a_submitted_target_and_a_note_when_not_done(county):
    draft = fx.target(county, county.township_b)
    with pytest.raises(ValidationError, match="报送目标后才能督查"):
        mark(county, county.inspector_b, draft)
    target = fx.target(county, county.township_a, month=NOV, submitted_at=fx.on_day(NOV, 2))
    for value, note, field in (("partial", "", "note"), ("bogus", "x", "mark")):
        with pytest.raises(ValidationError) as error:
            mark(county, county.dept_admin, target, 1, value, note)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        mark(county, county.dept_admin, target, 1, "partial", "长" * (rules.NOTE_MAX_CHARS + 1))
    assert "500" in error.value.message_dict["note"][0]
    assert not rows(TargetItem).exclude(mark="").exists()
    assert not rows(AuditEntry).filter(action="assess.target.mark").exists()


def test_reminders_before_the_deadline_and_the_day_after_each_once(county):
    from dangjian.orgs.models import RoleAssignment
    from dangjian.orgs.scoping import Role

    RoleAssignment.objects.create(user=county.secretary_b, org=county.unit, role=Role.SECRETARY)
    fx.target(county, county.township_a, month=NOV, submitted_at=fx.on_day(NOV, 1))
    fx.target(county, county.township_b, month=NOV)  # a draft is not handed in
    assert target_reminders.target_reminders(datetime.date(2026, 11, 1)) == 0  # too early
    # Three days before: township B's secretary (for B and for the unit); A submitted.
    assert target_reminders.target_reminders(datetime.date(2026, 11, 2)) == 2
    assert target_reminders.target_reminders(datetime.date(2026, 11, 2)) == 0  # a rerun
    assert target_reminders.target_reminders(datetime.date(2026, 11, 5)) == 0  # already told
    due = rows(Notice).filter(key__startswith="assess.target.due").values_list("key", flat=True)
    assert sorted(due) == sorted(
        [
            f"assess.target.due:{county.township_b.pk}:2026-11",
            f"assess.target.due:{county.unit.pk}:2026-11",
        ]
    )
    # The day after: the missing ones, once.
    assert target_reminders.target_reminders(datetime.date(2026, 11, 6)) == 2
    assert target_reminders.target_reminders(datetime.date(2026, 11, 7)) == 0
    assert not rows(Notice).filter(recipient=county.secretary_a).exists()


def test_reminders_run_through_notices_daily(county):
    import io

    from django.core.management import call_command

    with time_machine.travel(datetime.datetime(2026, 11, 3, 2, tzinfo=UTC), tick=False):
        call_command("notices_daily", stdout=io.StringIO())
    assert rows(Notice).filter(recipient=county.secretary_a, key__startswith="assess.target.due")


def test_the_month_status_is_two_queries_whatever_the_size(county, django_assert_num_queries):
    for i in range(15):
        org = make_org(
            county.superuser,
            county.township_b,
            f"EB{i}",
            f"乙镇第{i}企业党委",
            category="enterprise",
            org_type="committee",
        )
        fx.target(county, org, month=NOV, submitted_at=fx.on_day(NOV, 1 + i % 9), marks=("done",))
    fx.recorded_long_ago()
    selectors.committees(county.dept_admin, county.root).exists()  # the grants, read once
    with django_assert_num_queries(2):
        report = selectors.month_status(county.dept_admin, county.root, NOV, NOV.replace(day=30))
    assert len(report.rows) == 18 and report.marks["done"] == 15
    assert report.counts["late"] == sum(1 for i in range(15) if 1 + i % 9 > 5)
