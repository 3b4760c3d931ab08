"""/api/v1/assess/targets: the status per committee, create-and-submit, marks, bad input."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from dangjian.assess.models import MonthlyTarget, TargetItem
from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401

NOV = datetime.date(2026, 11, 1)
URL = "/api/v1/assess/targets"


def rows(model):
    return model.objects.unscoped("test")


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_status_per_committee(client, county):
    fx.target(county, county.township_a, month=NOV, submitted_at=fx.on_day(NOV, 5, 23))
    fx.target(county, county.township_b, month=NOV, submitted_at=fx.on_day(NOV, 7))
    client.force_login(county.dept_admin)
    data = client.get(f"{URL}?month=2026-11&org={county.root.pk}").json()
    assert data["month"] == "2026-11" and data["deadline"] == "2026-11-05"
    found = {row["org_name"]: (row["status"], row["days_late"]) for row in data["results"]}
    assert found == {
        "甲镇党委": ("on_time", 0),
        "乙镇党委": ("late", 2),
        "县教育局党组": ("missing", 0),
    }
    assert data["counts"] == {"on_time": 1, "late": 1, "missing": 1, "pending": 0}
    # Township B's secretary: its own subtree by default, township A is a 404.
    client.force_login(county.secretary_b)
    data = client.get(f"{URL}?month=2026-11").json()
    assert [row["org_name"] for row in data["results"]] == ["乙镇党委"]
    assert client.get(f"{URL}?org={county.township_a.pk}").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [("month=2026-13", "month"), ("month=202611", "month"), ("org=abc", "org")],
)
def test_bad_queries_are_400_naming_the_parameter(client, county, query, field):
    client.force_login(county.dept_admin)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400 and field in response.json()


def test_create_submits_and_is_late_after_the_deadline(client, county):
    client.force_login(county.secretary_a)
    payload = {
        "org": county.township_a.pk,
        "month": "2026-11",
        "items": [{"goal": "发展党员工作规范化", "measures": "逐项对照25个步骤检查"}],
    }
    # 6 November 00:30 in Shanghai (16:30 UTC on the 5th): one day late.
    with time_machine.travel(datetime.datetime(2026, 11, 5, 16, 30, tzinfo=datetime.UTC)):
        response = post(client, URL, payload)
        assert response.status_code == 201, response.content
        body = response.json()
    assert (body["status"], body["state"], body["days_late"]) == ("submitted", "late", 1)
    assert body["items"][0]["goal"] == "发展党员工作规范化" and body["month"] == "2026-11"
    again = post(client, URL, payload)
    assert again.status_code == 400 and "不能再修改" in str(again.json())


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"month": "2026-11", "items": []}, "org"),
        ({"org": 0, "month": "11-2026", "items": []}, "month"),
        ({"org": 0, "month": "2026-11", "items": [{"goal": "x"}]}, "items"),
        ({"org": 0, "month": "2026-11", "items": [], "extra": 1}, "extra"),
    ],
)
def test_bad_payloads_are_400_and_save_nothing(client, county, payload, field):
    client.force_login(county.secretary_a)
    if payload.get("org") == 0:
        payload["org"] = county.township_a.pk
    response = post(client, URL, payload)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not rows(MonthlyTarget).exists()


def test_empty_items_are_refused_by_the_service(client, county):
    client.force_login(county.secretary_a)
    payload = {"org": county.township_a.pk, "month": "2026-11", "items": []}
    response = post(client, URL, payload)
    assert response.status_code == 400 and "至少填写 1 项" in str(response.json()["items"])


def test_marks(client, county):
    target = fx.target(county, county.township_b, month=NOV, submitted_at=fx.on_day(NOV, 2))
    item = rows(TargetItem).filter(target=target).first()
    url = f"{URL}/{target.pk}/marks"
    client.force_login(county.secretary_b)  # the committee itself
    response = post(client, url, {"item": item.pk, "mark": "done"})
    assert response.status_code == 403 and "不能督查本单位" in response.json()["detail"]
    client.force_login(county.inspector_b)
    response = post(client, url, {"item": item.pk, "mark": "not_done"})
    assert response.status_code == 400 and "note" in response.json()
    response = post(client, url, {"item": 999999, "mark": "done"})
    assert response.status_code == 400 and "item" in response.json()
    response = post(client, url, {"item": item.pk, "mark": "not_done", "note": "未组织学习"})
    assert response.status_code == 200
    (marked,) = [row for row in response.json()["items"] if row["id"] == item.pk]
    assert (marked["mark"], marked["note"], marked["marked_by"]) == (
        "not_done",
        "未组织学习",
        "inspector_b",
    )
    detail = client.get(f"{URL}/{target.pk}").json()
    assert detail["state"] == "on_time" and detail["org_name"] == "乙镇党委"
