"""The API contract of issue 19 for work items: list by org subtree and status, detail with
its report and deadline history, reports (400 naming each missing field), close."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.work import tracking
from dangjian.work.models import ItemReport, WorkItem
from dangjian.work.tests import fixtures

TODAY = tracking.local_today()
LATER = TODAY + datetime.timedelta(days=15)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def rows(model):
    return model.objects.unscoped("test")


def reports_url(item) -> str:
    return reverse("api:work-item-reports", args=[item.pk])


def test_list_by_status_and_org(client, county):
    plan = fixtures.plan(county)
    late = fixtures.item(county, plan, days=-2)
    soon = fixtures.item(county, plan, number=2, days=1)
    done = fixtures.item(county, plan, number=3, days=20, status="closed")
    b_item = fixtures.item(county, fixtures.plan(county, county.village_b1), days=-1, owner=None)
    client.force_login(county.dept_admin)
    url = reverse("api:work-item-list")

    def ids(query: str) -> set[int]:
        response = client.get(url + query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("?status=overdue") == {late.pk, b_item.pk}
    assert ids(f"?status=overdue&org={county.township_a.pk}") == {late.pk}
    assert ids("?status=due_soon") == {soon.pk}
    assert ids("?status=closed") == {done.pk}
    assert ids("?status=open") == {late.pk, soon.pk, b_item.pk}
    row = next(
        r for r in client.get(url + "?status=overdue").json()["results"] if r["id"] == late.pk
    )
    assert row["overdue"] is True and row["days_overdue"] == 2 and row["status"] == "open"
    assert row["owner_name"] == county.person_a.name
    assert client.get(url + "?status=late&org=abc").status_code == 400
    assert client.get(url + "?org=abc").json().keys() == {"org"}
    assert client.get(url + "?status=late").json().keys() == {"status"}


def test_other_township_and_member_scopes(client, county):
    item = fixtures.item(county)
    client.force_login(county.secretary_b)
    assert client.get(reverse("api:work-item-detail", args=[item.pk])).status_code == 404
    response = client.post(reverse("api:work-item-list") + f"?org={county.township_a.pk}")
    assert response.status_code == 405
    assert (
        client.get(reverse("api:work-item-list") + f"?org={county.township_a.pk}").status_code
        == 404
    )
    response = client.post(reports_url(item), {"outcome": "done", "text": "x"}, "application/json")
    assert response.status_code == 404 and not rows(ItemReport).exists()
    client.force_login(county.member_a)
    assert [r["id"] for r in client.get(reverse("api:work-item-list")).json()["results"]] == [
        item.pk
    ]


def test_not_done_report_names_each_missing_field(client, county):
    item = fixtures.item(county)
    client.force_login(county.member_a)
    response = client.post(
        reports_url(item), {"outcome": "not_done", "text": "未完成"}, "application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"reason", "measures", "new_deadline"}
    assert not rows(ItemReport).exists()


def test_overdue_report_names_each_missing_field_even_when_done(client, county):
    item = fixtures.item(county, days=-1)
    client.force_login(county.secretary_a)
    response = client.post(
        reports_url(item), {"outcome": "done", "text": "完成"}, "application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"reason", "measures", "new_deadline"}
    past = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reports_url(item),
        {"outcome": "done", "text": "完成", "reason": "r", "measures": "m", "new_deadline": past},
        "application/json",
    )
    assert response.status_code == 400 and "in the past" in response.json()["new_deadline"][0]


def test_a_report_without_outcome_on_an_overdue_item_names_every_missing_field(client, county):
    item = fixtures.item(county, days=-1)
    client.force_login(county.member_a)
    response = client.post(reports_url(item), {"text": "推进中"}, "application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"outcome", "reason", "measures", "new_deadline"}
    response = client.post(
        reports_url(item), {"outcome": "finished", "text": "x"}, "application/json"
    )
    assert "outcome" in response.json()
    assert not rows(ItemReport).exists()


def test_report_then_close_and_the_detail_holds_the_history(client, county):
    item = fixtures.item(county, days=-3)
    client.force_login(county.secretary_a)
    response = client.post(
        reports_url(item),
        {
            "outcome": "not_done",
            "text": "滞后",
            "reason": "人手不足",
            "measures": "增派人员",
            "new_deadline": LATER.isoformat(),
        },
        "application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["deadline"] == LATER.isoformat() and body["overdue"] is False
    [report] = body["reports"]
    assert report["was_overdue"] and report["on_behalf"] and report["reason"] == "人手不足"
    [change] = body["deadline_changes"]
    assert change["new_deadline"] == LATER.isoformat() and change["report"] == report["id"]
    # Closing an item not reported done: 400 with the reason.
    close = reverse("api:work-item-close", args=[item.pk])
    response = client.post(close, {}, "application/json")
    assert response.status_code == 400 and "reported done" in str(response.json())
    client.force_login(county.member_a)
    response = client.post(
        reports_url(item), {"outcome": "done", "text": "完成"}, "application/json"
    )
    assert response.status_code == 201 and response.json()["status"] == "reported"
    assert client.post(close, {}, "application/json").status_code == 403
    client.force_login(county.secretary_a)
    response = client.post(close, {"note": "核实"}, "application/json")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = client.post(
        reports_url(item), {"outcome": "done", "text": "再报"}, "application/json"
    )
    assert response.status_code == 400 and "closed" in str(response.json())
    detail = client.get(reverse("api:work-item-detail", args=[item.pk])).json()
    assert [r["outcome"] for r in detail["reports"]] == ["not_done", "done"]
    assert detail["milestones"][0]["title"] == "完成"


def test_close_one_may_not_approve_is_403(client, county):
    plan = fixtures.plan(county, county.root, title="县委计划")
    item = fixtures.item(county, plan, org=county.township_a, owner=None, status="reported")
    client.force_login(county.secretary_a)
    response = client.post(reverse("api:work-item-close", args=[item.pk]), {}, "application/json")
    assert response.status_code == 403
    assert "Closing an item one may not approve" in response.json()["detail"]
    assert rows(WorkItem).get(pk=item.pk).status == "reported"


def test_unknown_fields_and_bad_values_are_named(client, county):
    item = fixtures.item(county)
    client.force_login(county.member_a)
    response = client.post(
        reports_url(item),
        {"outcome": "finished", "text": "x", "extra": 1, "new_deadline": "31/01/2026"},
        "application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"extra"}
    response = client.post(
        reports_url(item),
        {"outcome": "finished", "text": "x", "new_deadline": "31/01/2026"},
        "application/json",
    )
    assert set(response.json()) == {"outcome", "new_deadline"}
    other = fixtures.item(county, item.plan, number=2)
    foreign = other.milestones.model.objects.unscoped("test").get(item=other)
    response = client.post(
        reports_url(item),
        {"outcome": "partly", "text": "x", "milestone": foreign.pk},
        "application/json",
    )
    assert response.status_code == 400 and set(response.json()) == {"milestone"}
