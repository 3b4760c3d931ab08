"""The plan part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and the
plans the plan tests start from, made through the plan services (fixtures.py writes the
published plan with the ORM; these walk the workflow).

Village A1's plan: township A's chain changes it (and township A's secretary, the level above,
approves it), member_a sees it (responsible for an item), township B's people get 404 whatever
the method."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dangjian.work import plan_item_services as items
from dangjian.work import plan_services as plans


def this_year() -> int:
    return timezone.localdate().year


def draft(
    county, org=None, *, year=None, items_count: int = 1, actor=None, title="年度党建工作计划"
):
    """A draft plan of `org` (village A1) with `items_count` complete items (person_a
    responsible, one milestone on 30 June each), made by the superuser."""
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
            owner=county.person_a,
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


def cases() -> list:
    return []
