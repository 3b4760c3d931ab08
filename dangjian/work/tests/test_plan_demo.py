"""The demo's plans: a published plan for the county (the eight tasks among its items), for
every Party committee and about half of the branches, items owned by their organization's
own people with milestones inside the year, a few next-year plans awaiting approval — and
all of it removed with the county."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Max

from dangjian.orgs import demo
from dangjian.orgs.models import Organization
from dangjian.work.demo_plan import EIGHT_TASKS
from dangjian.work.models import Milestone, WorkItem, WorkPlan

TODAY = datetime.date(2026, 5, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_plausible_plans_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Work tracking:")]
    assert "plans:" in line
    plans = WorkPlan.objects.unscoped("test")
    root = Organization.objects.unscoped("test").get(depth=0)
    county_plan = plans.get(org=root, year=2026)
    assert county_plan.status == "published" and county_plan.published_at.date() <= TODAY
    county_items = WorkItem.objects.unscoped("test").filter(plan=county_plan)
    assert county_items.count() == 12
    assert set(EIGHT_TASKS) <= set(county_items.values_list("title", flat=True))
    committees = Organization.objects.unscoped("test").filter(org_type="committee")
    planned = set(plans.filter(year=2026).values_list("org_id", flat=True))
    assert set(committees.values_list("pk", flat=True)) <= planned
    branches = Organization.objects.unscoped("test").filter(
        org_type__in=("branch", "general_branch")
    )
    share = branches.filter(pk__in=planned).count() / branches.count()
    assert 0.25 < share < 0.75
    items = WorkItem.objects.unscoped("test").select_related("owner__primary_org", "plan")
    assert not items.filter(owner__isnull=True).exists()
    for item in items.filter(plan__year=2026)[:300]:
        # Their status is the progress demo's (it runs after the plans): not checked here.
        assert item.org_id == item.plan.org_id
        assert item.owner.primary_org_id == item.org_id or item.owner.primary_org.path.startswith(
            item.org.path
        )
    per_plan = (
        items.exclude(plan__org=root)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert min(per_plan) >= 4 and max(per_plan) <= 8
    kinds = set(items.values_list("kind", flat=True))
    assert kinds == {"routine", "innovative"}
    # Deadline = the last milestone; 1–3 milestones, all inside the plan's year.
    last = dict(
        Milestone.objects.unscoped("test")
        .values("item_id")
        .annotate(last=Max("due_on"))
        .values_list("item_id", "last")
    )
    per_item = Milestone.objects.unscoped("test").values("item_id").annotate(n=Count("pk"))
    assert {row["n"] for row in per_item} <= {1, 2, 3}
    for item in items[:300]:
        # The progress demo may have moved the deadline since (with its reason): not the first.
        assert item.first_deadline == last[item.pk] and item.deadline >= item.first_deadline
        assert item.first_deadline.year == item.plan.year
    ahead = plans.filter(year=2027)
    assert ahead.filter(status="submitted").exists() and ahead.filter(status="draft").exists()
    demo.delete_county(root_code=root.code)
    assert not WorkPlan.objects.unscoped("test").exists()
    assert not WorkItem.objects.unscoped("test").exists()
