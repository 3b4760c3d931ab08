"""Plan services: creating and copying plans, items, milestones and files, and each step of
the workflow — who may, what is refused (with which words), and that nothing partial is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dangjian.orgs.models import AuditEntry, Organization
from dangjian.work import plan_item_services as items
from dangjian.work import plan_services as plans
from dangjian.work.models import Milestone, PlanAttachment, WorkItem, WorkPlan
from dangjian.work.tests.matrix_plan import draft, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


def audit(action: str) -> list:
    return list(AuditEntry.objects.unscoped("test").filter(action=action).order_by("pk"))


def item_rows(plan) -> list[tuple]:
    return list(
        WorkItem.objects.unscoped("test")
        .filter(plan=plan)
        .order_by("number")
        .values_list("number", "title")
    )


# ---- creating ----------------------------------------------------------------------------


def test_plan_create_one_per_org_and_year(county):
    plan = plans.plan_create(
        actor=county.secretary_a, org=county.village_a1, year=this_year(), title="甲一村计划"
    )
    assert plan.status == "draft" and plan.created_by == county.secretary_a
    assert audit("work.plan.create")[0].target_id == str(plan.pk)
    with pytest.raises(ValidationError) as error:
        plans.plan_create(
            actor=county.dept_admin, org=county.village_a1, year=this_year(), title="第二份"
        )
    (message,) = error.value.message_dict["year"]
    assert "甲一村党支部" in message and str(this_year()) in message and "甲一村计划" in message
    assert WorkPlan.objects.unscoped("test").count() == 1


def test_plan_create_rights(county):
    year = this_year()
    # Township B's secretary does not reach village A1 at all: as if it did not exist.
    with pytest.raises(Organization.DoesNotExist):
        plans.plan_create(actor=county.secretary_b, org=county.village_a1, year=year, title="x")
    # The member sees their own branch but may not change it; the inspector sees township B.
    with pytest.raises(PermissionDenied):
        plans.plan_create(actor=county.member_a, org=county.village_a1, year=year, title="x")
    with pytest.raises(PermissionDenied):
        plans.plan_create(actor=county.inspector_b, org=county.village_b1, year=year, title="x")
    assert not WorkPlan.objects.unscoped("test").exists()


def test_plan_create_year_and_title(county):
    with pytest.raises(ValidationError) as error:
        plans.plan_create(
            actor=county.superuser, org=county.village_a1, year=this_year() + 2, title="x"
        )
    assert str(this_year() + 1) in error.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as error:
        plans.plan_create(actor=county.superuser, org=county.village_a1, year=1999, title="x")
    assert "2000" in error.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as error:
        plans.plan_create(
            actor=county.superuser, org=county.village_a1, year=this_year(), title=" "
        )
    assert "title" in error.value.message_dict


def test_plan_update_records_the_changes(county):
    plan = draft(county)
    plans.plan_update(actor=county.secretary_a, plan=plan, title="甲一村新标题", summary="要点")
    plan.refresh_from_db()
    assert (plan.title, plan.summary) == ("甲一村新标题", "要点")
    (entry,) = audit("work.plan.update")
    assert entry.data["changes"]["title"][1] == "甲一村新标题"
    with pytest.raises(PermissionDenied):
        plans.plan_update(actor=county.member_a, plan=plan, title="改")
    with pytest.raises(WorkPlan.DoesNotExist):
        plans.plan_update(actor=county.secretary_b, plan=plan, title="改")


def test_no_plan_for_an_inactive_organization(county):
    Organization.objects.unscoped("test").filter(pk=county.group_a1.pk).update(is_active=False)
    county.group_a1.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        plans.plan_create(actor=county.superuser, org=county.group_a1, year=this_year(), title="x")
    assert "no longer active" in error.value.message_dict["org"][0]


# ---- items and milestones ------------------------------------------------------------------


def test_items_are_numbered_without_gaps(county):
    plan = draft(county, items_count=3)
    assert item_rows(plan) == [(1, "甲村事项1"), (2, "甲村事项2"), (3, "甲村事项3")]
    second = WorkItem.objects.unscoped("test").get(plan=plan, number=2)
    items.item_remove(actor=county.secretary_a, item=second)
    assert item_rows(plan) == [(1, "甲村事项1"), (2, "甲村事项3")]
    assert not Milestone.objects.unscoped("test").filter(item_id=second.pk).exists()
    assert audit("work.item.remove")[0].data["number"] == 2


def test_item_org_and_owner_lie_in_the_plan_subtree(county):
    plan = draft(county, items_count=0)
    with pytest.raises(ValidationError) as error:
        items.item_add(
            actor=county.superuser,
            plan=plan,
            kind="weekly",
            title="",
            org=county.village_b1,
            owner=county.person_b,
        )
    errors = error.value.message_dict
    assert set(errors) == {"kind", "title", "org", "owner"}
    assert "乙一村党支部" in errors["org"][0] and "甲一村党支部" in errors["org"][0]
    assert "李乙" in errors["owner"][0]
    # The plan's own group below it is fine.
    item = items.item_add(
        actor=county.superuser,
        plan=plan,
        kind="innovative",
        title="党小组创新",
        org=county.group_a1,
        owner=county.person_a,
    )
    assert item.org == county.group_a1 and item.deadline == datetime.date(plan.year, 12, 31)
    assert item_rows(plan) == [(1, "党小组创新")]


def test_a_township_item_may_be_handed_to_a_village(county):
    plan = draft(county, county.township_a, items_count=0)
    item = items.item_add(
        actor=county.secretary_a,
        plan=plan,
        kind="routine",
        title="村级阵地建设",
        org=county.village_a1,
        owner=county.person_a,
    )
    items.item_update(
        actor=county.secretary_a,
        item=item,
        kind="innovative",
        title="村级阵地提升",
        group="组织委员",
        org=county.village_a1,
        owner=None,
    )
    item.refresh_from_db()
    assert (item.kind, item.title, item.owner_id) == ("innovative", "村级阵地提升", None)
    assert audit("work.item.update")[0].data["changes"]["owner_id"] == [county.person_a.pk, None]


def test_milestone_after_the_plan_year_is_refused_by_date_and_year(county):
    plan = draft(county, items_count=1)
    item = WorkItem.objects.unscoped("test").get(plan=plan)
    late = datetime.date(plan.year + 1, 1, 15)
    with pytest.raises(ValidationError) as error:
        items.milestone_add(actor=county.secretary_a, item=item, due_on=late, title="收尾")
    (message,) = error.value.message_dict["due_on"]
    assert "after the plan's year" in message
    assert str(plan.year + 1) in message and str(plan.year) in message
    early = datetime.date(plan.year - 1, 12, 31)
    with pytest.raises(ValidationError) as error:
        items.milestone_add(actor=county.secretary_a, item=item, due_on=early, title="预备")
    assert "before the plan's year" in error.value.message_dict["due_on"][0]
    assert Milestone.objects.unscoped("test").filter(item=item).count() == 1


def test_item_deadline_is_its_last_milestone(county):
    plan = draft(county, items_count=1)
    item = WorkItem.objects.unscoped("test").get(plan=plan)
    last = items.milestone_add(
        actor=county.superuser, item=item, due_on=datetime.date(plan.year, 11, 30), title="验收"
    )
    item.refresh_from_db()
    assert item.deadline == item.first_deadline == datetime.date(plan.year, 11, 30)
    items.milestone_remove(actor=county.superuser, milestone=last)
    item.refresh_from_db()
    assert item.deadline == item.first_deadline == datetime.date(plan.year, 6, 30)


def test_nothing_changes_on_a_published_plan(county):
    from dangjian.work.tests import fixtures

    item = fixtures.item(county)
    plan = item.plan
    calls = (
        lambda: items.item_add(actor=county.superuser, plan=plan, kind="routine", title="新事项"),
        lambda: items.item_update(actor=county.superuser, item=item, kind="routine", title="改"),
        lambda: items.item_remove(actor=county.superuser, item=item),
        lambda: items.milestone_add(
            actor=county.superuser, item=item, due_on=item.deadline, title="新节点"
        ),
        lambda: plans.plan_update(actor=county.superuser, plan=plan, title="改标题"),
    )
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert "Published" in error.value.messages[0]
    assert item_rows(plan) == [(1, "规范三会一课")]
    assert Milestone.objects.unscoped("test").filter(item=item).count() == 1


def test_items_rights(county):
    plan = draft(county)
    item = WorkItem.objects.unscoped("test").get(plan=plan)
    with pytest.raises(WorkPlan.DoesNotExist):
        items.item_add(actor=county.secretary_b, plan=plan, kind="routine", title="乙镇插手")
    with pytest.raises(PermissionDenied):
        items.item_remove(actor=county.member_a, item=item)
    assert item_rows(plan) == [(1, "甲村事项1")]


# ---- attachments --------------------------------------------------------------------------


def test_attachments_are_bounded_and_written_on_commit(
    county, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DANGJIAN_WORK_DIR = str(tmp_path)
    plan = draft(county)
    with pytest.raises(ValidationError) as error:
        items.attachment_add(
            actor=county.superuser, plan=plan, upload=SimpleUploadedFile("a.exe", b"MZ")
        )
    assert "a.exe" in error.value.message_dict["file"][0]
    big = SimpleUploadedFile("big.pdf", b"%PDF")
    big.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as error:
        items.attachment_add(actor=county.superuser, plan=plan, upload=big)
    assert "big.pdf" in error.value.message_dict["file"][0]
    with django_capture_on_commit_callbacks(execute=True):
        row = items.attachment_add(
            actor=county.secretary_a, plan=plan, upload=SimpleUploadedFile("计划.pdf", b"%PDF-1")
        )
    assert row.name == "计划.pdf" and row.size == 6
    assert (tmp_path / row.file.name).read_bytes() == b"%PDF-1"
    for n in range(9):
        items.attachment_add(
            actor=county.superuser, plan=plan, upload=SimpleUploadedFile(f"{n}.png", b"\x89PNG")
        )
    with pytest.raises(ValidationError) as error:
        items.attachment_add(
            actor=county.superuser, plan=plan, upload=SimpleUploadedFile("11.png", b"\x89PNG")
        )
    assert "10" in error.value.message_dict["file"][0]
    assert PlanAttachment.objects.unscoped("test").count() == 10
    with django_capture_on_commit_callbacks(execute=True):
        items.attachment_remove(actor=county.secretary_a, attachment=row)
    assert not (tmp_path / row.file.name).exists()
    assert PlanAttachment.objects.unscoped("test").count() == 9


# ---- copying ------------------------------------------------------------------------------


def test_copy_shifts_dates_by_whole_years(county):
    # 2024 is a leap year: 29 February becomes 28 February in 2025.
    source = plans.plan_create(
        actor=county.superuser, org=county.village_a1, year=2024, title="甲一村2024年工作计划"
    )
    first = items.item_add(
        actor=county.superuser,
        plan=source,
        kind="innovative",
        title="红色阵地",
        group="支部委员",
        owner=county.person_a,
        org=county.group_a1,
    )
    items.milestone_add(
        actor=county.superuser, item=first, due_on=datetime.date(2024, 2, 29), title="方案"
    )
    items.milestone_add(
        actor=county.superuser, item=first, due_on=datetime.date(2024, 9, 30), title="建成"
    )
    items.item_add(actor=county.superuser, plan=source, kind="routine", title="三会一课")
    copy = plans.plan_copy(actor=county.secretary_a, source_plan=source, year=2025)
    assert (copy.status, copy.year, copy.copied_from_id) == ("draft", 2025, source.pk)
    assert copy.title == "甲一村2025年工作计划"
    copied = list(
        WorkItem.objects.unscoped("test").filter(plan=copy).order_by("number").select_related()
    )
    assert [(i.number, i.title, i.kind) for i in copied] == [
        (1, "红色阵地", "innovative"),
        (2, "三会一课", "routine"),
    ]
    assert copied[0].org == county.group_a1 and copied[0].owner == county.person_a
    assert copied[0].group == "支部委员" and copied[0].status == "open"
    days = list(
        Milestone.objects.unscoped("test")
        .filter(item=copied[0])
        .order_by("due_on")
        .values_list("due_on", "title")
    )
    assert days == [(datetime.date(2025, 2, 28), "方案"), (datetime.date(2025, 9, 30), "建成")]
    assert copied[0].deadline == copied[0].first_deadline == datetime.date(2025, 9, 30)
    assert copied[1].deadline == datetime.date(2025, 12, 31)
    assert audit("work.plan.copy")[0].data == {"year": 2025, "source": source.pk, "items": 2}
    # The target year has a plan now: a second copy is refused, nothing more written.
    with pytest.raises(ValidationError) as error:
        plans.plan_copy(actor=county.secretary_a, source_plan=source, year=2025)
    assert "2025" in error.value.message_dict["year"][0]
    assert WorkPlan.objects.unscoped("test").count() == 2


def test_copy_is_refused_outside_reach(county):
    source = draft(county, year=this_year() - 1)
    with pytest.raises(Organization.DoesNotExist):
        plans.plan_copy(actor=county.secretary_b, source_plan=source, year=this_year())
    with pytest.raises(PermissionDenied):
        plans.plan_copy(actor=county.member_a, source_plan=source, year=this_year())
    assert WorkPlan.objects.unscoped("test").count() == 1
