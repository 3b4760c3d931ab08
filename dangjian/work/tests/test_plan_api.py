"""The plans API: the list's filters and bad parameters (400 naming the parameter), a plan
with its items and milestones, scope (404 out of reach), and the pinned query counts of the
plan pages and API lists (the same for one plan and for twenty)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.conftest import make_org, make_person
from dangjian.study.tests.test_query_counts import counts
from dangjian.work.models import Milestone, WorkItem
from dangjian.work.tests import fixtures
from dangjian.work.tests.matrix_plan import both_plans, draft, submitted, this_year

pytestmark = pytest.mark.django_db


def test_list_and_filters(client, county):
    plan_a = both_plans(county)
    draft(county, county.township_a, year=this_year() - 1)
    client.force_login(county.dept_admin)
    url = reverse("api:work-plan-list")
    body = client.get(url).json()
    assert body["count"] == 3
    assert {row["org_name"] for row in body["results"]} == {
        "甲一村党支部",
        "乙一村党支部",
        "甲镇党委",
    }
    body = client.get(url, {"org": county.township_a.pk, "year": this_year()}).json()
    assert [row["id"] for row in body["results"]] == [plan_a.pk]
    assert body["results"][0]["item_count"] == 1 and body["results"][0]["status"] == "published"
    body = client.get(url, {"status": "draft"}).json()
    assert [row["org_name"] for row in body["results"]] == ["甲镇党委"]
    client.force_login(county.secretary_b)
    body = client.get(url).json()
    assert [row["org_name"] for row in body["results"]] == ["乙一村党支部"]
    # A member sees the published plans holding an item they are responsible for: village
    # A1's, not township A's draft of last year (which names person_a too).
    client.force_login(county.member_a)
    rows = client.get(url).json()["results"]
    assert [row["org_name"] for row in rows] == ["甲一村党支部"]


def test_bad_parameters_name_the_parameter(client, county):
    client.force_login(county.secretary_a)
    url = reverse("api:work-plan-list")
    for name, value in (("org", "x"), ("year", "20２6"), ("year", "99999"), ("status", "done")):
        response = client.get(url, {name: value})
        assert response.status_code == 400 and name in response.json(), name
    # An organization out of reach is a 404, as one that does not exist.
    assert client.get(url, {"org": county.township_b.pk}).status_code == 404


def test_detail_holds_items_with_milestones(client, county):
    item = fixtures.item(county)
    Milestone.objects.create(item=item, due_on=datetime.date(this_year(), 1, 31), title="启动")
    client.force_login(county.member_a)
    body = client.get(reverse("api:work-plan-detail", args=[item.plan.pk])).json()
    assert body["org_name"] == "甲一村党支部" and body["status"] == "published"
    (row,) = body["items"]
    assert (row["number"], row["title"], row["kind"], row["owner_name"]) == (
        1,
        "规范三会一课",
        "routine",
        "张甲",
    )
    assert row["deadline"] == item.deadline.isoformat() and row["status"] == "open"
    assert [m["title"] for m in row["milestones"]] == ["启动", "完成"]
    assert body["attachments"] == []
    client.force_login(county.secretary_b)
    assert client.get(reverse("api:work-plan-detail", args=[item.plan.pk])).status_code == 404


EXTRA = 19
# Session, account and grants come first on every page; the rest is the page's own reads.
SECRETARY = {
    "plans": 6,
    "plan": 8,
    "queue": 6,
    "schedule": 7,
    "county schedule": 9,
    "api plans": 5,
    "api plan": 7,
}
# A member's scope reads their person record once more.
MEMBER = {"plans": 7, "plan": 8, "api plans": 6}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_plan_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    plans = [submitted(county, items_count=1 + extra)]
    for i in range(extra):
        org = make_org(county.superuser, county.township_a, f"A{i + 2}", f"甲镇第{i + 2}支部")
        owner = make_person(county.superuser, org, f"甲镇党员{i}")
        plans.append(submitted(county, org, items_count=1, owner=owner))
    published = fixtures.plan(county, county.township_a)
    for n in range(1 + extra):
        fixtures.item(county, published, number=n + 1)
    detail = plans[0].pk
    found = counts(
        client,
        county.secretary_a,
        {
            "plans": reverse("work:plan-list"),
            "plan": reverse("work:plan-detail", args=[detail]),
            "queue": reverse("work:plan-queue"),
            "schedule": reverse("work:plan-schedule") + f"?plan={detail}",
            "county schedule": reverse("work:plan-schedule"),
            "api plans": reverse("api:work-plan-list"),
            "api plan": reverse("api:work-plan-detail", args=[detail]),
        },
    )
    assert found == SECRETARY
    assert WorkItem.objects.unscoped("test").filter(plan_id=detail).count() == 1 + extra
    found = counts(
        client,
        county.member_a,
        {
            "plans": reverse("work:plan-list"),
            # The published plan (a member does not see the submitted one).
            "plan": reverse("work:plan-detail", args=[published.pk]),
            "api plans": reverse("api:work-plan-list"),
        },
    )
    assert found == MEMBER


def test_a_member_sees_only_their_own_items_of_a_plan(client, county):
    """The county's plan hands item 1 to person_a (village A1) and item 2 to person_b (village
    B1): member_a sees the plan with item 1 only — not township B's item, nor its person."""
    plan = fixtures.plan(county, county.root)
    fixtures.item(county, plan, number=1, org=county.village_a1)
    fixtures.item(
        county, plan, number=2, owner=county.person_b, org=county.village_b1, title="乙镇事项"
    )
    client.force_login(county.member_a)
    body = client.get(reverse("api:work-plan-detail", args=[plan.pk])).json()
    assert [item["number"] for item in body["items"]] == [1]
    page = client.get(reverse("work:plan-detail", args=[plan.pk])).content.decode()
    assert "乙镇事项" not in page and county.person_b.name not in page
    schedule = client.get(reverse("work:plan-schedule"), {"plan": plan.pk}).content.decode()
    assert "乙镇事项" not in schedule
    # The county's administrator sees both.
    client.force_login(county.dept_admin)
    body = client.get(reverse("api:work-plan-detail", args=[plan.pk])).json()
    assert [item["number"] for item in body["items"]] == [1, 2]
