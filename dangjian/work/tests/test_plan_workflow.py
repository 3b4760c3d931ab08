"""The plan workflow, one service per transition: submit (refusing incomplete plans by item
number), approve / return by the level above, publish; the county's own plan approved on
submission; notices and audit entries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.work import plan_item_services as items
from dangjian.work import plan_services as plans
from dangjian.work.models import WorkItem, WorkPlan
from dangjian.work.tests.matrix_plan import approved, draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


def status_of(plan) -> str:
    return WorkPlan.objects.unscoped("test").get(pk=plan.pk).status


def actions(plan) -> list[str]:
    return list(
        AuditEntry.objects.unscoped("test")
        .filter(target_type="work.WorkPlan", target_id=str(plan.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def notices_of(user) -> list[Notice]:
    return list(Notice.objects.filter(recipient=user).order_by("pk"))


def test_submit_refuses_an_empty_plan(county):
    plan = draft(county, items_count=0)
    with pytest.raises(ValidationError) as error:
        plans.plan_submit(actor=county.secretary_a, plan=plan)
    assert "no item" in error.value.message_dict["items"][0]
    assert status_of(plan) == "draft"


def test_submit_names_the_items_without_milestone_or_owner(county):
    plan = draft(county, items_count=1)
    items.item_add(actor=county.superuser, plan=plan, kind="routine", title="无节点")
    third = items.item_add(
        actor=county.superuser, plan=plan, kind="routine", title="有节点", owner=county.person_a
    )
    items.milestone_add(actor=county.superuser, item=third, due_on=third.deadline, title="完成")
    with pytest.raises(ValidationError) as error:
        plans.plan_submit(actor=county.secretary_a, plan=plan)
    no_milestone, no_owner = error.value.message_dict["items"]
    assert "without a milestone: 2." in no_milestone
    assert "without a responsible person: 2." in no_owner
    assert status_of(plan) == "draft" and actions(plan) == ["work.plan.create"]


def test_submit_approve_publish(county, django_capture_on_commit_callbacks):
    plan = draft(county, actor=county.secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_submit(actor=county.secretary_a, plan=plan)
    assert status_of(plan) == "submitted"
    # The nearest level above village A1 holding APPROVE: township A's secretary only.
    (notice,) = notices_of(county.secretary_a)
    assert "甲一村党支部" in notice.subject and notice.link.endswith(f"/plans/{plan.pk}/")
    assert not notices_of(county.dept_admin)
    # Items change no more while the level above decides.
    item = WorkItem.objects.unscoped("test").get(plan=plan)
    with pytest.raises(ValidationError):
        items.item_remove(actor=county.secretary_a, item=item)
    with pytest.raises(ValidationError) as error:
        plans.plan_publish(actor=county.secretary_a, plan=plan)
    assert "approved" in error.value.messages[0]
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_approve(actor=county.secretary_a, plan=plan, note="同意")
    row = WorkPlan.objects.unscoped("test").get(pk=plan.pk)
    assert (row.status, row.decided_by, row.decision_note) == (
        "approved",
        county.secretary_a,
        "同意",
    )
    # The creator (secretary_a) hears of the decision.
    assert len(notices_of(county.secretary_a)) == 2
    plans.plan_publish(actor=county.secretary_a, plan=plan)
    row.refresh_from_db()
    assert row.status == "published" and row.published_at is not None
    assert actions(plan) == [
        "work.plan.create",
        "work.plan.submit",
        "work.plan.approve",
        "work.plan.publish",
    ]
    with pytest.raises(ValidationError):
        plans.plan_approve(actor=county.superuser, plan=plan)


def test_return_needs_a_note_and_tells_the_creator(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = submitted(county)
    with pytest.raises(ValidationError) as error:
        plans.plan_return(actor=county.dept_admin, plan=plan, note="  ")
    assert "note" in error.value.message_dict
    assert status_of(plan) == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_return(actor=county.dept_admin, plan=plan, note="补充创新性事项")
    assert status_of(plan) == "returned"
    (notice,) = notices_of(county.superuser)  # the plan's creator
    assert notice.body == "补充创新性事项"
    # Returned: editable and submittable again; the level above hears of it once more.
    extra = items.item_add(
        actor=county.superuser,
        plan=plan,
        kind="innovative",
        title="补充",
        owner=county.person_a,
    )
    items.milestone_add(actor=county.superuser, item=extra, due_on=extra.deadline, title="完成")
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_submit(actor=county.superuser, plan=plan)
    assert status_of(plan) == "submitted"
    assert len(notices_of(county.secretary_a)) == 2
    assert actions(plan)[-3:] == ["work.plan.submit", "work.plan.return", "work.plan.submit"]


def test_who_may_decide(county):
    plan = submitted(county)
    # Township B reaches nothing of village A1: 404, as for a plan that does not exist.
    for user in (county.secretary_b, county.inspector_b):
        with pytest.raises(WorkPlan.DoesNotExist):
            plans.plan_approve(actor=user, plan=plan)
        with pytest.raises(WorkPlan.DoesNotExist):
            plans.plan_submit(actor=user, plan=plan)
    # The member sees the plan (an item of theirs) but decides nothing.
    with pytest.raises(PermissionDenied):
        plans.plan_approve(actor=county.member_a, plan=plan)
    with pytest.raises(PermissionDenied):
        plans.plan_return(actor=county.member_a, plan=plan, note="x")
    assert status_of(plan) == "submitted"


def test_a_township_plan_is_approved_by_the_county_not_by_itself(county):
    plan = submitted(county, county.township_a)
    with pytest.raises(PermissionDenied) as error:
        plans.plan_approve(actor=county.secretary_a, plan=plan)
    assert "level above" in str(error.value)
    plans.plan_approve(actor=county.dept_admin, plan=plan)
    assert status_of(plan) == "approved"


def test_the_county_plan_is_approved_on_submission(county, django_capture_on_commit_callbacks):
    plan = draft(county, county.root, actor=county.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_submit(actor=county.dept_admin, plan=plan)
    row = WorkPlan.objects.unscoped("test").get(pk=plan.pk)
    assert row.status == "approved" and row.decided_by == county.dept_admin
    assert "no level above" in row.decision_note
    assert actions(plan) == ["work.plan.create", "work.plan.submit", "work.plan.approve"]
    entry = AuditEntry.objects.unscoped("test").get(action="work.plan.approve")
    assert entry.data["at_once"] is True
    assert not Notice.objects.exists()
    plans.plan_publish(actor=county.dept_admin, plan=plan)
    assert status_of(plan) == "published"


def test_publish_needs_change_at_the_plan_org(county, django_capture_on_commit_callbacks):
    plan = approved(county, items_count=2)
    with pytest.raises(PermissionDenied):
        plans.plan_publish(actor=county.member_a, plan=plan)
    with pytest.raises(WorkPlan.DoesNotExist):
        plans.plan_publish(actor=county.secretary_b, plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_publish(actor=county.secretary_a, plan=plan)
    assert status_of(plan) == "published"
    # person_a, responsible for both items, is told once.
    (notice,) = notices_of(county.member_a)
    assert plan.title in notice.subject
