"""API of the rectification ledger: the issue's contract (`GET|POST …/rectifications`,
`POST …/{id}/close`), the detail with history, reports with 400s naming each field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.work.models import Rectification
from dangjian.work.tests.matrix_rect import create_fields, rect, reported
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_list_filters_by_org_source_and_status(client, county):
    late = rect(county, days=-2)
    soon = rect(county, days=1, source="seminar")
    rect(county, org=county.village_b1, issued_by=county.township_b, owner=None)
    client.force_login(county.secretary_a)
    url = reverse("api:work-rectification-list")
    body = client.get(url).json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["id"] == late.pk and first["overdue"] and first["days_overdue"] == 2
    assert first["responsible_name"] == "张甲" and first["issued_by_name"] == "甲镇党委"
    overdue = client.get(url, {"status": "overdue"}).json()
    assert [row["id"] for row in overdue["results"]] == [late.pk]
    due_soon = client.get(url, {"status": "due_soon", "org": county.village_a1.pk}).json()
    assert [row["id"] for row in due_soon["results"]] == [soon.pk]
    assert client.get(url, {"source": "seminar"}).json()["count"] == 1
    assert client.get(url, {"status": "late"}).status_code == 400
    assert client.get(url, {"org": "x"}).status_code == 400
    assert client.get(url, {"org": county.village_b1.pk}).status_code == 404


def test_create_and_the_400_names_each_field(client, county):
    client.force_login(county.secretary_a)
    url = reverse("api:work-rectification-list")
    response = _post(client, url, create_fields(county))
    assert response.status_code == 201, response.content
    assert response.json()["reports"] == [] and response.json()["status"] == "open"
    past = (local_today() - datetime.timedelta(days=3)).isoformat()
    response = _post(client, url, create_fields(county, deadline=past, problem=" "))
    assert response.status_code == 400
    assert set(response.json()) == {"deadline", "problem"}
    response = _post(client, url, create_fields(county, colour="red"))
    assert response.status_code == 400 and "colour" in response.json()
    response = _post(client, url, create_fields(county, responsible=county.person_b.pk))
    assert response.status_code == 400 and "responsible" in response.json()
    assert Rectification.objects.unscoped("test").count() == 1


def test_report_400_names_each_missing_field_then_history(client, county):
    row = rect(county, days=-1)
    client.force_login(county.member_a)
    url = reverse("api:work-rectification-reports", args=[row.pk])
    response = _post(client, url, {"outcome": "not_done", "text": "未完成"})
    assert response.status_code == 400
    assert set(response.json()) == {"reason", "measures", "new_deadline"}
    response = _post(client, url, {})
    assert {"outcome", "text", "reason", "measures", "new_deadline"} == set(response.json())
    new = (local_today() + datetime.timedelta(days=20)).isoformat()
    fields = {"reason": "资金未到位", "measures": "协调资金", "new_deadline": new}
    response = _post(client, url, {"outcome": "not_done", "text": "未完成"} | fields)
    assert response.status_code == 201
    body = client.get(reverse("api:work-rectification-detail", args=[row.pk])).json()
    assert body["deadline"] == new and body["first_deadline"] == row.first_deadline.isoformat()
    (report,) = body["reports"]
    assert report["was_overdue"] and not report["on_behalf"] and report["reason"] == "资金未到位"
    (change,) = body["deadline_changes"]
    assert change["new_deadline"] == new and change["changed_by"] == "member_a"


def test_close_by_the_issuing_level_only_and_never_twice(client, county):
    row = reported(county)
    url = reverse("api:work-rectification-close", args=[row.pk])
    client.force_login(county.member_a)
    response = _post(client, url, {})
    assert response.status_code == 403 and "甲镇党委" in response.json()["detail"]
    client.force_login(county.secretary_b)
    assert _post(client, url, {}).status_code == 404
    client.force_login(county.secretary_a)
    response = _post(client, url, {"note": "验收合格"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = _post(client, url, {})
    assert response.status_code == 400 and "status" in response.json()
    # A report on a closed row: the specific message.
    reports = reverse("api:work-rectification-reports", args=[row.pk])
    response = _post(client, reports, {"outcome": "partly", "text": "再报"})
    assert response.status_code == 400 and "销号" in str(response.json())
