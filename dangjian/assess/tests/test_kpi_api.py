"""/api/v1/assess/kpis: list (filter org), create, detail with values, values by period —
the same services as the pages; bad input is a 400 naming the field, nothing saved."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from dangjian.assess.models import Kpi, KpiValue
from dangjian.assess.tests import fixtures_kpi as kf

LIST = "api:assess-kpi-list"
DETAIL = "api:assess-kpi-detail"
VALUES = "api:assess-kpi-values"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def may_2026():
    # 12:00 in Shanghai on 20 May 2026.
    with time_machine.travel(datetime.datetime(2026, 5, 20, 4, tzinfo=datetime.UTC), tick=False):
        yield


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_create_then_enter_values_then_read_them(client, county):
    client.force_login(county.dept_admin)
    response = _post(
        client,
        reverse(LIST),
        {
            "org": county.unit.pk,
            "name": "党员教师培训学时",
            "unit_of_measure": "学时",
            "direction": "higher",
            "target": "40",
            "frequency": "quarter",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["org"] == county.unit.pk and body["target"] == "40.00"
    assert body["values"] == [] and body["latest_period"] == "" and body["met"] is None
    assert response["Location"] == reverse(DETAIL, args=[body["id"]])
    url = reverse(VALUES, args=[body["id"]])
    response = _post(client, url, {"period": "2026-Q1", "value": 38, "note": "集中培训"})
    assert response.status_code == 201, response.content
    response = _post(client, url, {"period": "2026-Q2", "value": "41.5"})
    detail = client.get(reverse(DETAIL, args=[body["id"]])).json()
    assert [(v["period"], v["value"], v["met"]) for v in detail["values"]] == [
        ("2026-Q1", "38.00", False),
        ("2026-Q2", "41.50", True),
    ]
    assert (
        detail["values"][0]["note"] == "集中培训"
        and detail["values"][0]["period_start"] == "2026-01-01"
    )
    assert (detail["latest_period"], detail["latest_value"], detail["met"]) == (
        "2026-Q2",
        "41.50",
        True,
    )
    # A second value for the period replaces the first.
    assert _post(client, url, {"period": "2026-Q1", "value": 40}).status_code == 201
    assert KpiValue.objects.unscoped("test").count() == 2


def test_the_list_is_scoped_and_filtered_by_org(client, county):
    a = kf.kpi(county, name="甲镇指标")
    b = kf.kpi(county, county.township_b, name="乙镇指标")
    u = kf.kpi(county, county.unit, name="教育局指标")
    kf.value(a, datetime.date(2026, 4, 1), 90)
    client.force_login(county.dept_admin)
    everything = client.get(reverse(LIST)).json()
    # In tree order (by path: the ids' digits decide between siblings).
    assert {row["id"] for row in everything["results"]} == {a.pk, b.pk, u.pk}
    (row_a,) = [row for row in everything["results"] if row["id"] == a.pk]
    assert row_a["latest_value"] == "90.00" and row_a["met"] is False
    only_a = client.get(reverse(LIST) + f"?org={county.township_a.pk}").json()
    assert [row["id"] for row in only_a["results"]] == [a.pk]
    client.force_login(county.secretary_b)
    assert [r["id"] for r in client.get(reverse(LIST)).json()["results"]] == [b.pk]
    assert client.get(reverse(LIST) + f"?org={county.township_a.pk}").status_code == 404
    assert client.get(reverse(LIST) + "?org=abc").status_code == 400
    assert client.get(reverse(DETAIL, args=[a.pk])).status_code == 404


def test_period_must_be_written_as_the_frequency_says(client, county):
    monthly = kf.kpi(county)
    client.force_login(county.secretary_a)
    url = reverse(VALUES, args=[monthly.pk])
    for period in ("2026-Q1", "2026", "2026-13", "March", ""):
        response = _post(client, url, {"period": period, "value": 1})
        assert response.status_code == 400, period
        assert list(response.json()) == ["period"], response.json()
    response = _post(client, url, {"period": "2026-06", "value": 1})
    assert response.status_code == 400 and "has not begun" in response.json()["period"][0]
    yearly = kf.kpi(county, name="年度指标", frequency="year")
    response = _post(client, reverse(VALUES, args=[yearly.pk]), {"period": "2026-05", "value": 1})
    assert "YYYY" in response.json()["period"][0]
    assert not KpiValue.objects.unscoped("test").exists()


def test_bad_payloads_name_their_fields_and_save_nothing(client, county):
    client.force_login(county.secretary_a)
    base = {
        "org": county.township_a.pk,
        "name": "覆盖率",
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "95",
        "frequency": "month",
    }
    for change, field in [
        ({"direction": "up"}, "direction"),
        ({"frequency": "weekly"}, "frequency"),
        ({"target": "abc"}, "target"),
        ({"target": "1.234"}, "target"),
        ({"name": ""}, "name"),
        ({"colour": "red"}, "colour"),
        ({"rule_item": 999999}, "rule_item"),
        ({"org": county.village_a1.pk}, "org"),
    ]:
        response = _post(client, reverse(LIST), base | change)
        assert response.status_code == 400, (change, response.content)
        assert field in response.json(), (change, response.json())
    assert _post(client, reverse(LIST), base | {"org": county.township_b.pk}).status_code == 404
    assert _post(client, reverse(LIST), base | {"org": 999999}).status_code == 404
    assert not Kpi.objects.unscoped("test").exists()
    kpi = kf.kpi(county)
    url = reverse(VALUES, args=[kpi.pk])
    response = _post(client, url, {"period": "2026-03", "value": "x", "extra": 1})
    assert response.status_code == 400 and set(response.json()) == {"extra"}
    response = _post(client, url, {"period": "2026-03", "value": "x"})
    assert response.status_code == 400 and set(response.json()) == {"value"}
    assert not KpiValue.objects.unscoped("test").exists()


def test_who_may_write(client, county):
    kpi = kf.kpi(county)
    url = reverse(VALUES, args=[kpi.pk])
    payload = {"period": "2026-03", "value": 1}
    client.force_login(county.secretary_b)
    assert _post(client, url, payload).status_code == 404
    client.force_login(county.member_a)
    assert _post(client, url, payload).status_code == 404
    b = kf.kpi(county, county.township_b, name="乙镇指标")
    client.force_login(county.inspector_b)
    response = _post(client, reverse(VALUES, args=[b.pk]), payload)
    assert response.status_code == 403 and "may not change" in response.json()["detail"]
    assert not KpiValue.objects.unscoped("test").exists()
    client.logout()
    assert _post(client, url, payload).status_code == 401


def test_create_links_a_rule_item_issued_above_the_unit(client, county):
    from dangjian.assess.models import RuleItem
    from dangjian.assess.tests import fixtures

    rules = fixtures.ruleset(county)
    item = RuleItem.objects.unscoped("test").get(ruleset=rules, code="A2")
    client.force_login(county.secretary_a)
    payload = {
        "org": county.township_a.pk,
        "name": "阵地建设达标率",
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "100",
        "frequency": "year",
        "rule_item": item.pk,
    }
    response = _post(client, reverse(LIST), payload)
    assert response.status_code == 201, response.content
    assert response.json()["rule_item"] == item.pk
    other = fixtures.ruleset(county, org=county.township_b, year=2025)
    foreign = RuleItem.objects.unscoped("test").get(ruleset=other, code="A2")
    client.force_login(county.dept_admin)
    response = _post(client, reverse(LIST), payload | {"name": "另一指标", "rule_item": foreign.pk})
    assert response.json() == {"rule_item": ["No such rule-set item for this unit."]}
