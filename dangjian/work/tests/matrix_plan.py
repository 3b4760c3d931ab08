"""The plan part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and the
plans the plan tests start from, made through the plan services (fixtures.py writes the
published plan with the ORM; these walk the workflow).

Village A1's plan: township A's chain changes it (and township A's secretary, the level above,
approves it), member_a sees it (responsible for an item), township B's people get 404 whatever
the method."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from dangjian.work import plan_item_services as items
from dangjian.work import plan_services as plans
from dangjian.work.models import Milestone, WorkItem


def this_year() -> int:
    return timezone.localdate().year


def draft(
    county, org=None, *, year=None, items_count=1, actor=None, owner=None, title="年度工作计划"
):
    """A draft plan of `org` (village A1) with `items_count` complete items (`owner`, by
    default person_a, responsible; one milestone on 30 June each), made by the superuser."""
    actor = actor or county.superuser
    org = org or county.village_a1
    year = year or this_year()
    plan = plans.plan_create(actor=actor, org=org, year=year, title=f"{org.name}{year}{title}")
    for n in range(items_count):
        item = items.item_add(
            actor=actor,
            plan=plan,
            kind="routine" if n % 2 == 0 else "innovative",
            title=f"甲村事项{n + 1}",
            group="支部委员",
            owner=owner or county.person_a,
        )
        items.milestone_add(
            actor=actor, item=item, due_on=datetime.date(year, 6, 30), title="完成过半"
        )
    return plan


def submitted(county, org=None, **kwargs):
    plan = draft(county, org, **kwargs)
    return plans.plan_submit(actor=county.superuser, plan=plan)


def approved(county, org=None, **kwargs):
    plan = submitted(county, org, **kwargs)
    return plans.plan_approve(actor=county.superuser, plan=plan)


def both_plans(county):
    """Published plans of village A1 (person_a's item) and village B1: every list the matrix
    reads holds rows of both townships, so each "must not see" can fail."""
    from dangjian.work.tests import fixtures

    item = fixtures.item(county)
    fixtures.item(county, fixtures.plan(county, county.village_b1), owner=county.person_b)
    return item.plan


def _item(county):
    return WorkItem.objects.unscoped("test").get(plan=draft(county), number=1)


def _milestone(county):
    return Milestone.objects.unscoped("test").get(item=_item(county))


def _with_queue(county):
    """Village A1's plan submitted, township B's own plan submitted too (for the county)."""
    submitted(county, county.township_b, owner=county.person_b)
    return submitted(county)


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        WRITERS,
        Case,
        api,
        every,
    )
    from dangjian.work.tests import fixtures

    def after(setup, name: str) -> Callable:
        return lambda c: (setup(c), reverse(name))[1]

    def url(name: str, obj) -> Callable:
        return lambda c: reverse(name, args=[obj(c).pk])

    def changed(name: str, obj, payload=None, *, member: int = 404) -> Case:
        # A plan not yet published is out of the member's sight (404); a published one is
        # seen through their own item, not theirs to change (403).
        return Case(
            name,
            url(name, obj),
            A_CHANGE | {"member_a": member},
            post=A_CHANGED | {"member_a": member},
            payload=payload,
            writers=A_WRITERS,
        )

    def schedule(name: str) -> Case:
        return Case(name, lambda c: reverse(name) + f"?plan={both_plans(c).pk}", A_VIEW)

    # A subtree's schedule: a member reaches no subtree (their own branch is not one).
    subtree_readers = every(200) | {"member_a": 404}
    approvers = every(200) | {"member_a": 403, "inspector_b": 403}
    year = this_year()
    return [
        Case(
            "work:plan-list",
            after(both_plans, "work:plan-list"),
            every(200),
        ),
        Case(
            "work:plan-create",
            lambda c: reverse("work:plan-create"),
            WRITERS,
            post=A_CREATED,
            payload=lambda c: {"org": c.village_a1.pk, "year": year, "title": "甲一村新计划"},
            writers=A_WRITERS,
        ),
        Case("work:plan-detail", url("work:plan-detail", draft), A_VIEW_NO_MEMBER),
        Case("work:plan-detail", url("work:plan-detail", both_plans), A_VIEW),
        changed("work:plan-edit", draft, lambda c: {"title": "甲一村改过的计划"}),
        changed("work:plan-submit", draft),
        changed("work:plan-approve", submitted, lambda c: {"note": "同意"}),
        changed("work:plan-return", submitted, lambda c: {"note": "补充创新性事项"}),
        changed("work:plan-publish", approved),
        changed(
            "work:plan-item-add",
            draft,
            lambda c: {
                "kind": "innovative",
                "title": "新增事项",
                "org": c.village_a1.pk,
                "owner": c.person_a.pk,
            },
        ),
        changed(
            "work:plan-item-edit",
            _item,
            lambda c: {"kind": "routine", "title": "改过的事项", "org": c.village_a1.pk},
        ),
        changed("work:plan-item-remove", _item),
        changed(
            "work:plan-milestone-add",
            _item,
            lambda c: {"due_on": f"{year}-09-30", "title": "验收"},
        ),
        changed("work:plan-milestone-remove", _milestone),
        changed(
            "work:plan-file-add",
            draft,
            lambda c: {"file": SimpleUploadedFile("计划.pdf", b"%PDF-1.4")},
        ),
        changed("work:plan-file-remove", fixtures.plan_attachment, member=403),
        Case(
            "work:plan-queue",
            after(_with_queue, "work:plan-queue"),
            approvers,
        ),
        schedule("work:plan-schedule"),
        Case(
            "work:plan-schedule",
            after(both_plans, "work:plan-schedule"),
            subtree_readers,
        ),
        schedule("work:plan-schedule-xlsx"),
        schedule("work:plan-schedule-docx"),
        Case(
            "api:work-plan-list",
            after(both_plans, "api:work-plan-list"),
            api(every(200)),
            post=api(every(405)),
            why="plans are written through the pages; the API only reads",
        ),
        Case(
            "api:work-plan-detail",
            url("api:work-plan-detail", both_plans),
            api(A_VIEW),
            post=api(every(405)),
            why="plans are written through the pages; the API only reads",
        ),
    ]
