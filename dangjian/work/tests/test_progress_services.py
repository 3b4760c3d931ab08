"""The transitions of report-style progress (报账式推进): report, close (注销), return, move the
deadline — who may, what is refused (each with its field), what is kept."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.work import progress_services as services
from dangjian.work import rules as shared_rules
from dangjian.work import tracking
from dangjian.work.models import (
    ItemDeadlineChange,
    ItemEvidence,
    ItemReport,
    Milestone,
    WorkItem,
)
from dangjian.work.tests import fixtures

TODAY = tracking.local_today()


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (the site's language is Chinese)."""
    with translation.override("en"):
        yield


LATER = TODAY + datetime.timedelta(days=30)


def rows(model):
    return model.objects.unscoped("test")


def reload(item: WorkItem) -> WorkItem:
    return rows(WorkItem).get(pk=item.pk)


def county_item(county, *, days=-5, **extra):
    """The county's plan (dept_admin owns it) with an item handed to township A, overdue."""
    plan = fixtures.plan(county, county.root, title="县委组织部年度工作计划")
    return fixtures.item(county, plan, days=days, org=county.township_a, owner=None, **extra)


def test_owner_reports_done_and_the_plan_owner_is_told(county, django_capture_on_commit_callbacks):
    item = fixtures.item(county)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.item_report(
            actor=county.member_a, item=item, outcome="done", text="已完成"
        )
    item = reload(item)
    assert item.status == "reported"
    assert not report.on_behalf and not report.was_overdue
    assert report.reported_by == county.member_a
    # The plan is village A1's: its nearest holders of CHANGE are township A's secretaries.
    told = Notice.objects.filter(key=f"work.item.reported:{report.pk}")
    assert [n.recipient for n in told] == [county.secretary_a]
    assert rows(AuditEntry).filter(action="work.item.report", target_id=str(item.pk)).exists()


def test_secretary_reports_on_the_owners_behalf(county):
    item = fixtures.item(county)
    report = services.item_report(
        actor=county.secretary_a, item=item, outcome="partly", text="过半"
    )
    assert report.on_behalf and report.reported_by == county.secretary_a
    assert reload(item).status == "open"


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_other_township_gets_not_found(county, persona):
    item = fixtures.item(county)
    with pytest.raises(WorkItem.DoesNotExist):
        services.item_report(
            actor=getattr(county, persona), item=item, outcome="done", text="已完成"
        )
    assert not rows(ItemReport).exists()


def test_member_not_responsible_may_not_report(county):
    from dangjian.conftest import make_person, make_user

    other = make_person(county.superuser, county.village_a1, "王甲")
    item = fixtures.item(county, owner=other)
    # member_a sees only their own items: another's is out of reach.
    with pytest.raises(WorkItem.DoesNotExist):
        services.item_report(actor=county.member_a, item=item, outcome="done", text="x")
    # An inspector of township A sees it but may not report on it.
    inspector = make_user("inspector_a", ("inspector", county.township_a))
    with pytest.raises(PermissionDenied, match="responsible"):
        services.item_report(actor=inspector, item=item, outcome="done", text="x")


def test_not_done_report_names_each_missing_field_and_saves_nothing(county):
    item = fixtures.item(county)
    with pytest.raises(ValidationError) as caught:
        services.item_report(actor=county.member_a, item=item, outcome="not_done", text="未完成")
    assert set(caught.value.message_dict) == {"reason", "measures", "new_deadline"}
    assert not rows(ItemReport).exists() and reload(item).deadline == item.deadline


def test_overdue_report_needs_the_explanation_even_when_done(county):
    item = fixtures.item(county, days=-1)
    with pytest.raises(ValidationError) as caught:
        services.item_report(actor=county.member_a, item=item, outcome="done", text="补报完成")
    errors = caught.value.message_dict
    assert set(errors) == {"reason", "measures", "new_deadline"}
    assert "has passed" in errors["reason"][0]


def test_not_done_report_moves_the_deadline_and_keeps_the_change(county):
    item = fixtures.item(county, days=-3)
    rows(WorkItem).filter(pk=item.pk).update(overdue_noticed_on=TODAY)
    report = services.item_report(
        actor=county.secretary_a,
        item=item,
        outcome="not_done",
        text="场地未落实",
        reason="村活动室维修",
        measures="借用村小学教室",
        new_deadline=LATER,
    )
    item = reload(item)
    assert report.was_overdue and report.on_behalf
    assert item.deadline == LATER and item.first_deadline == TODAY - datetime.timedelta(days=3)
    assert item.overdue_noticed_on is None and item.status == "open"
    change = rows(ItemDeadlineChange).get()
    assert (change.old_deadline, change.new_deadline) == (item.first_deadline, LATER)
    assert change.reason == "村活动室维修" and change.report == report
    assert not tracking.is_overdue(item)


def test_new_deadline_in_the_past_is_refused(county):
    item = fixtures.item(county, days=-3)
    with pytest.raises(ValidationError) as caught:
        services.item_report(
            actor=county.member_a,
            item=item,
            outcome="not_done",
            text="x",
            reason="r",
            measures="m",
            new_deadline=TODAY - datetime.timedelta(days=1),
        )
    assert "in the past" in caught.value.message_dict["new_deadline"][0]


def test_report_on_a_closed_item_is_refused(county):
    item = fixtures.item(county, status="closed")
    with pytest.raises(ValidationError, match="closed"):
        services.item_report(actor=county.member_a, item=item, outcome="done", text="再报")
    assert not rows(ItemReport).exists()


def test_report_awaiting_verification_is_refused(county):
    item = fixtures.item(county, status="reported")
    with pytest.raises(ValidationError, match="awaits verification"):
        services.item_report(actor=county.member_a, item=item, outcome="done", text="再报")


def test_report_on_a_draft_plan_is_refused(county):
    item = fixtures.item(county, fixtures.plan(county, status="draft"))
    with pytest.raises(ValidationError, match="published plan"):
        services.item_report(actor=county.member_a, item=item, outcome="done", text="x")


def test_milestone_is_met_and_must_be_the_items(county):
    item = fixtures.item(county)
    other = fixtures.item(county, item.plan, number=2)
    foreign = rows(other.milestones.model).get(item=other)
    with pytest.raises(ValidationError) as caught:
        services.item_report(
            actor=county.member_a, item=item, outcome="partly", text="x", milestone=foreign
        )
    assert "milestone" in caught.value.message_dict
    own = rows(item.milestones.model).get(item=item)
    services.item_report(
        actor=county.member_a, item=item, outcome="partly", text="x", milestone=own
    )
    own.refresh_from_db()
    assert own.met_on == TODAY


def test_evidence_files_are_bounded_and_written_on_commit(
    county, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    settings.DANGJIAN_WORK_DIR = tmp_path
    item = fixtures.item(county)
    bad = [SimpleUploadedFile("x.exe", b"MZ"), SimpleUploadedFile("big.pdf", b"0" * 11)]
    # A 10-byte limit stands for 10 MB: the same rule, without writing 10 MB in a test.
    small = dataclasses.replace(shared_rules.EVIDENCE, max_bytes=10)
    monkeypatch.setattr(shared_rules, "EVIDENCE", small)
    with pytest.raises(ValidationError) as caught:
        services.item_report(actor=county.member_a, item=item, outcome="done", text="x", files=bad)
    monkeypatch.undo()
    messages = caught.value.message_dict["files"]
    assert any("x.exe" in m for m in messages) and any("big.pdf" in m for m in messages)
    six = [SimpleUploadedFile(f"{i}.png", b"png") for i in range(6)]
    with pytest.raises(ValidationError, match="5"):
        services.item_report(actor=county.member_a, item=item, outcome="done", text="x", files=six)
    assert not rows(ItemReport).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_report(
            actor=county.member_a,
            item=item,
            outcome="done",
            text="x",
            files=[SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4")],
        )
    evidence = rows(ItemEvidence).get()
    assert evidence.name == "会议记录.pdf" and evidence.size == 8
    assert evidence.file.open("rb").read() == b"%PDF-1.4"


def test_close_by_the_plan_owner(county, django_capture_on_commit_callbacks):
    item = fixtures.item(county, status="reported")
    with django_capture_on_commit_callbacks(execute=True):
        services.item_close(actor=county.secretary_a, item=item, note="核实无误")
    item = reload(item)
    assert item.status == "closed" and item.closed_by == county.secretary_a
    assert Notice.objects.filter(recipient=county.member_a, key=f"work.item.closed:{item.pk}")


def test_closing_an_item_one_may_not_approve_is_forbidden(county):
    # The county's plan: township A's secretary sees the item but the county verifies it.
    item = county_item(county, days=5, status="reported")
    with pytest.raises(PermissionDenied, match="Closing an item one may not approve"):
        services.item_close(actor=county.secretary_a, item=item)
    with pytest.raises(PermissionDenied):
        services.item_close(actor=county.member_a, item=fixtures.item(county, status="reported"))
    with pytest.raises(WorkItem.DoesNotExist):
        services.item_close(actor=county.secretary_b, item=item)
    assert reload(item).status == "reported"
    services.item_close(actor=county.dept_admin, item=item)
    assert reload(item).status == "closed"


def test_only_a_reported_item_closes(county):
    item = fixtures.item(county)
    with pytest.raises(ValidationError, match="Only an item reported done"):
        services.item_close(actor=county.secretary_a, item=item)


def test_return_opens_the_item_again_with_a_note(county):
    item = fixtures.item(county, status="reported")
    with pytest.raises(ValidationError) as caught:
        services.item_return(actor=county.secretary_a, item=item, note=" ")
    assert "note" in caught.value.message_dict
    services.item_return(actor=county.secretary_a, item=item, note="缺会议记录")
    assert reload(item).status == "open"
    entry = rows(AuditEntry).get(action="work.item.return")
    assert entry.data["note"] == "缺会议记录"


def test_return_unmeets_the_milestone_the_done_report_met(county):
    item = fixtures.item(county)
    milestone = rows(Milestone).get(item=item)
    services.item_report(
        actor=county.member_a, item=item, outcome="done", text="完成", milestone=milestone
    )
    met_on = rows(Milestone).values_list("met_on", flat=True)
    assert met_on.get(pk=milestone.pk) == TODAY
    services.item_return(actor=county.secretary_a, item=reload(item), note="缺佐证")
    assert met_on.get(pk=milestone.pk) is None


def test_deadline_change_by_the_plan_owner_is_kept(county):
    item = county_item(county, days=2)
    with pytest.raises(PermissionDenied):
        services.item_deadline_change(
            actor=county.secretary_a, item=item, new_deadline=LATER, reason="x"
        )
    with pytest.raises(ValidationError) as caught:
        services.item_deadline_change(
            actor=county.dept_admin,
            item=item,
            new_deadline=TODAY - datetime.timedelta(days=1),
            reason="",
        )
    assert set(caught.value.message_dict) == {"new_deadline", "reason"}
    services.item_deadline_change(
        actor=county.dept_admin, item=item, new_deadline=LATER, reason="上级部署调整"
    )
    change = rows(ItemDeadlineChange).get()
    assert change.changed_by == county.dept_admin and change.report is None
    assert reload(item).deadline == LATER


def test_the_full_cycle_on_an_overdue_county_item(county):
    """Township A's secretary reports the county's overdue item not done (with everything),
    later done; the county returns it once, then closes it."""
    item = county_item(county, days=-2)
    services.item_report(
        actor=county.secretary_a,
        item=item,
        outcome="not_done",
        text="进度滞后",
        reason="人员调整",
        measures="专人负责",
        new_deadline=LATER,
    )
    services.item_report(actor=county.secretary_a, item=reload(item), outcome="done", text="完成")
    services.item_return(actor=county.dept_admin, item=reload(item), note="补材料")
    services.item_report(actor=county.secretary_a, item=reload(item), outcome="done", text="补齐")
    services.item_close(actor=county.dept_admin, item=reload(item))
    assert reload(item).status == "closed"
    actions = list(
        rows(AuditEntry)
        .filter(target_id=str(item.pk), action__startswith="work.item.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "work.item.report",
        "work.item.report",
        "work.item.return",
        "work.item.report",
        "work.item.close",
    ]


def test_a_new_deadline_offered_with_a_partial_report_needs_its_reason(county):
    item = fixtures.item(county)
    with pytest.raises(ValidationError) as caught:
        services.item_report(
            actor=county.member_a, item=item, outcome="partly", text="过半", new_deadline=LATER
        )
    assert set(caught.value.message_dict) == {"reason"}
    services.item_report(
        actor=county.member_a,
        item=item,
        outcome="partly",
        text="过半",
        reason="需等待上级文件",
        new_deadline=LATER,
    )
    assert rows(ItemDeadlineChange).get().reason == "需等待上级文件"


def test_a_reason_sent_with_a_done_report_is_kept(county):
    """Nothing a user sent is dropped: a reason and measures given where the rules did not ask
    for them are kept with the report."""
    item = fixtures.item(county)
    report = services.item_report(
        actor=county.member_a,
        item=item,
        outcome="done",
        text="提前完成",
        reason="上级督导提前",
        measures="做好总结",
    )
    stored = rows(ItemReport).get(pk=report.pk)
    assert (stored.reason, stored.measures) == ("上级督导提前", "做好总结")
