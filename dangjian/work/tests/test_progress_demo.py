"""The demo's progress rows on a small county: plausible shares, and every row obeys the rules
a report obeys in the app (tracking.py)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.demo import build_county
from dangjian.orgs.models import Organization, Person
from dangjian.work import demo_progress, progress_selectors, tracking
from dangjian.work.models import (
    ItemDeadlineChange,
    ItemReport,
    Milestone,
    WorkItem,
    WorkPlan,
)

TODAY = datetime.date(2026, 9, 15)
SYSTEM = "test"


def plans_with_items(root: Organization, per_plan: int = 12) -> int:
    """Until demo_plan lands: a published plan per organization, items due across the year
    (each organization's a few days apart, so some are always due soon), each with two
    milestones (the middle of its span and its deadline)."""
    orgs = list(Organization.objects.unscoped(SYSTEM).filter(path__startswith=root.path))
    owners = dict(
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org__in=orgs)
        .order_by("pk")
        .values_list("primary_org_id", "pk")
    )
    plans = WorkPlan.objects.bulk_create(
        WorkPlan(org=org, year=2026, title=f"{org.name}年度计划", status="published")
        for org in orgs
    )
    items = []
    for index, plan in enumerate(plans):
        for number in range(1, per_plan + 1):
            days = 30 * number - 1 - index % 28
            due = datetime.date(2026, 1, 1) + datetime.timedelta(days=days)
            items.append(
                WorkItem(
                    plan=plan,
                    org_id=plan.org_id,
                    number=number,
                    kind="routine",
                    title=f"事项{number}",
                    owner_id=owners.get(plan.org_id),
                    deadline=due,
                    first_deadline=due,
                )
            )
    WorkItem.objects.bulk_create(items)
    milestones = []
    for item in items:
        milestones.append(
            Milestone(item=item, due_on=item.deadline - datetime.timedelta(days=15), title="过半")
        )
        milestones.append(Milestone(item=item, due_on=item.deadline, title="完成"))
    Milestone.objects.bulk_create(milestones)
    return len(items)


def test_demo_progress_is_plausible(db):
    build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY, app_data=False)
    root = Organization.objects.unscoped(SYSTEM).get(parent__isnull=True)
    plans_with_items(root)
    line = demo_progress.build(root, rng=random.Random(5), today=TODAY)
    assert line.startswith("item reports: ")

    items = WorkItem.objects.unscoped(SYSTEM)
    due = items.filter(first_deadline__lt=TODAY)
    overdue = items.filter(tracking.overdue_q(TODAY)).count()
    assert 0.02 <= overdue / due.count() <= 0.15, (overdue, due.count())
    closed = items.filter(status="closed").count()
    assert closed > due.count() * 0.5
    assert not items.filter(first_deadline__gte=TODAY).exclude(status="open").exists()

    reports = ItemReport.objects.unscoped(SYSTEM)
    assert reports.filter(on_behalf=True).exists() and reports.filter(on_behalf=False).exists()
    local = [timezone.localtime(r.reported_at).date() for r in reports.all()]
    assert max(local) <= TODAY
    for report in reports.filter(outcome="not_done") | reports.filter(was_overdue=True):
        assert report.reason and report.measures and report.new_deadline
    changes = ItemDeadlineChange.objects.unscoped(SYSTEM)
    assert changes.count() == reports.exclude(new_deadline=None).count() > 0
    for change in changes.select_related("item", "report"):
        assert change.report.new_deadline == change.new_deadline
        assert change.old_deadline == change.item.first_deadline
    # Reported done means status reported or closed; each met milestone was reported.
    done_items = set(reports.filter(outcome="done").values_list("item_id", flat=True))
    assert set(items.exclude(status="open").values_list("pk", flat=True)) == done_items
    assert Milestone.objects.unscoped(SYSTEM).exclude(met_on=None).count() > 0

    rate = progress_selectors.on_time_rate(root, 2026, today=TODAY)
    assert 0.5 < rate.rate < 0.95
    summary = progress_selectors.overdue_summary(root, today=TODAY)
    assert summary.count == overdue and summary.max_days > 0

    demo_progress.delete(root.path)
    assert not reports.all().exists() and not changes.all().exists()
