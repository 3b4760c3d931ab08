"""Rows the work tests start from, shared by every part: village A1's published plan for this
year with one item that person_a (member_a) is responsible for, due in `days` days.

Written with the ORM on purpose, so that each part's tests stand on rows whose every field is
stated here, not on another part's services.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone


def plan(county, org=None, *, status="published", year=None, **extra):
    """A new plan of `org` (village A1) for `year` (this year)."""
    from dangjian.work.models import WorkPlan

    org = org or county.village_a1
    fields = {"title": f"{org.name}年度党建工作计划"} | extra
    return WorkPlan.objects.create(
        org=org,
        year=year or timezone.localdate().year,
        status=status,
        published_at=timezone.now() if status == "published" else None,
        created_by=county.superuser,
        **fields,
    )


def item(county, work_plan=None, *, days: int = 10, number: int = 1, owner="a", **extra):
    """An open item of `work_plan` (village A1's published plan by default), due in `days`
    days (negative: overdue), person_a responsible unless `owner` is None or a Person."""
    from dangjian.work.models import Milestone, WorkItem, WorkPlan

    if work_plan is None:
        # Village A1's plan of this year, made by the first call and shared by the next ones.
        existing = WorkPlan.objects.unscoped("test").filter(
            org=county.village_a1, year=timezone.localdate().year
        )
        work_plan = existing.first() or plan(county)
    deadline = timezone.localdate() + datetime.timedelta(days=days)
    fields = {
        "org": work_plan.org,
        "kind": "routine",
        "title": "规范三会一课",
        "group": "组织委员",
        "owner": county.person_a if owner == "a" else owner,
    } | extra
    row = WorkItem.objects.create(
        plan=work_plan, number=number, deadline=deadline, first_deadline=deadline, **fields
    )
    Milestone.objects.create(item=row, due_on=deadline, title="完成")
    return row


def plan_attachment(county):
    """Village A1's plan (with person_a's item) and one file, written as after the commit."""
    from dangjian.work.models import PlanAttachment

    work_item = item(county)
    row = PlanAttachment(plan=work_item.plan, name="计划.pdf", size=8)
    row.file.save("test/计划.pdf", ContentFile(b"%PDF-1.4"), save=False)
    row.save()
    return row
