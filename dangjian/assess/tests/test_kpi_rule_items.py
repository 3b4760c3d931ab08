"""A KPI's rule-set item (rule_item): only an item of a rule set the caller may read, issued by
the unit or above it, in force and of the unit's category; anything else is refused with one
message that names nothing. The caller's reach on the unit is checked before any item is
looked up. And junk numbers or ids in the API are a 400 naming the field."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from dangjian.assess import kpi_services as services
from dangjian.assess.models import Kpi, KpiValue, RuleItem, RuleSet
from dangjian.assess.tests import fixtures
from dangjian.assess.tests import fixtures_kpi as kf

LIST = "api:assess-kpi-list"
NEUTRAL = "No such rule-set item for this unit."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def may_2026():
    with time_machine.travel(datetime.datetime(2026, 5, 20, 4, tzinfo=datetime.UTC), tick=False):
        yield


def _item(rules, code="A1", name=None):
    item = RuleItem.objects.unscoped("test").get(ruleset=rules, code=code)
    if name:
        RuleItem.objects.unscoped("test").filter(pk=item.pk).update(name=name)
    return item


def _payload(org, **extra):
    return {
        "org": org.pk,
        "name": "k",
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "1",
        "frequency": "month",
    } | extra


def _post(client, payload):
    return client.post(reverse(LIST), payload, content_type="application/json")


def test_another_townships_draft_item_is_refused_naming_nothing(client, county):
    draft = fixtures.ruleset(county, status="draft", org=county.township_a)
    secret = _item(draft, name="甲镇秘密草稿指标")
    client.force_login(county.secretary_b)
    response = _post(client, _payload(county.township_b, rule_item=secret.pk))
    assert response.status_code == 400
    assert response.json() == {"rule_item": [NEUTRAL]}
    body = response.content.decode()
    assert "甲镇" not in body and "秘密" not in body
    assert not Kpi.objects.unscoped("test").exists()


@pytest.mark.parametrize(
    ("status", "category"),
    [("draft", "rural"), ("draft", "township"), ("retired", "township"), ("active", "rural")],
)
def test_only_an_item_in_force_of_the_units_category_is_accepted(client, county, status, category):
    rules = fixtures.ruleset(county, status=status, category=category)
    item = _item(rules, name="县委未生效指标")
    client.force_login(county.secretary_b)
    response = _post(client, _payload(county.township_b, rule_item=item.pk))
    assert response.status_code == 400 and response.json() == {"rule_item": [NEUTRAL]}
    assert "县委" not in response.content.decode()
    assert not Kpi.objects.unscoped("test").exists()


def test_an_item_in_force_issued_above_is_accepted(client, county):
    item = _item(fixtures.ruleset(county))
    client.force_login(county.secretary_b)
    response = _post(client, _payload(county.township_b, rule_item=item.pk))
    assert response.status_code == 201, response.content
    assert response.json()["rule_item"] == item.pk


def test_the_units_reach_is_checked_before_the_item(client, county):
    draft = fixtures.ruleset(county, status="draft", org=county.township_a)
    secret = _item(draft)
    client.force_login(county.secretary_b)
    # Township A is out of secretary B's sight: 404, whatever the item.
    assert _post(client, _payload(county.township_a, rule_item=99999)).status_code == 404
    assert _post(client, _payload(county.township_a, rule_item=secret.pk)).status_code == 404
    # Township B is in the inspector's sight but not changeable: 403, the item not looked at.
    client.force_login(county.inspector_b)
    response = _post(client, _payload(county.township_b, rule_item=secret.pk))
    assert response.status_code == 403 and "rule_item" not in response.json()
    assert not Kpi.objects.unscoped("test").exists()


def test_the_service_refuses_the_same_items(county):
    draft = fixtures.ruleset(county, status="draft")
    with pytest.raises(ValidationError) as caught:
        services.kpi_create(
            actor=county.dept_admin,
            org=county.township_b,
            name="k",
            unit_of_measure="%",
            direction="higher",
            target="1",
            frequency="month",
            rule_item=_item(draft),
        )
    assert caught.value.message_dict == {"rule_item": [NEUTRAL]}


def test_an_edit_keeps_a_link_to_a_rule_set_since_superseded(county):
    rules = fixtures.ruleset(county)
    item = _item(rules)
    kpi = kf.kpi(county, rule_item=item)
    RuleSet.objects.unscoped("test").filter(pk=rules.pk).update(status="retired")
    fields = {
        "name": kpi.name,
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "90",
        "frequency": "month",
    }
    services.kpi_update(actor=county.secretary_a, kpi=kpi, rule_item=item, **fields)
    other = _item(rules, code="A2")
    with pytest.raises(ValidationError) as caught:
        services.kpi_update(actor=county.secretary_a, kpi=kpi, rule_item=other, **fields)
    assert caught.value.message_dict == {"rule_item": [NEUTRAL]}


def test_the_form_offers_only_items_in_force_of_the_units_category(client, county):
    county_draft = fixtures.ruleset(county, status="draft")
    RuleSet.objects.unscoped("test").filter(pk=county_draft.pk).update(version=2)
    _item(fixtures.ruleset(county), name="县委生效指标")
    draft_item = _item(county_draft, code="A2", name="县委草稿未发布")
    _item(fixtures.ruleset(county, category="rural"), code="A2", name="农村生效指标")
    _item(fixtures.ruleset(county, status="draft", org=county.township_a), name="甲镇秘密草稿")
    client.force_login(county.secretary_b)
    url = reverse("assess:kpi-create", args=[county.township_b.pk])
    page = client.get(url).content.decode()
    assert "县委生效指标" in page
    for hidden in ("县委草稿未发布", "农村生效指标", "甲镇秘密草稿"):
        assert hidden not in page, hidden
    fields = {
        "name": "k",
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "1",
        "frequency": "month",
        "rule_item": draft_item.pk,
    }
    response = client.post(url, fields)
    assert response.status_code == 200 and "县委草稿未发布" not in response.content.decode()
    assert not Kpi.objects.unscoped("test").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"org": 10**20}, "org"),
        ({"org": 0}, "org"),
        ({"rule_item": 10**20}, "rule_item"),
        ({"rule_item": -1}, "rule_item"),
        ({"target": "9e999999"}, "target"),
        ({"target": "1e-999999"}, "target"),
        ({"target": "NaN"}, "target"),
        ({"target": "Infinity"}, "target"),
        ({"target": 10**20}, "target"),
    ],
)
def test_junk_numbers_and_ids_are_a_400_naming_the_field(client, county, change, field):
    client.force_login(county.secretary_b)
    response = _post(client, _payload(county.township_b) | change)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Kpi.objects.unscoped("test").exists()


@pytest.mark.parametrize("value", ["9e999999", "1e-999999", "NaN", "-Infinity", 10**20])
def test_junk_values_are_a_400_naming_the_field(client, county, value):
    kpi = kf.kpi(county, county.township_b)
    client.force_login(county.secretary_b)
    url = reverse("api:assess-kpi-values", args=[kpi.pk])
    response = client.post(
        url, {"period": "2026-04", "value": value}, content_type="application/json"
    )
    assert response.status_code == 400 and "value" in response.json(), response.content
    assert not KpiValue.objects.unscoped("test").exists()


@pytest.mark.parametrize("value", ["9e999999", "1e-999999", "NaN", "Infinity"])
def test_junk_numbers_on_the_pages_are_refused(client, county, value):
    kpi = kf.kpi(county, county.township_b)
    client.force_login(county.secretary_b)
    response = client.post(
        reverse("assess:kpi-value", args=[kpi.pk]), {"period": "2026-04", "value": value}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("assess:kpi-create", args=[county.township_b.pk]),
        {
            "name": "k2",
            "unit_of_measure": "%",
            "direction": "higher",
            "target": value,
            "frequency": "month",
        },
    )
    assert response.status_code == 200
    assert not KpiValue.objects.unscoped("test").exists()
    assert Kpi.objects.unscoped("test").count() == 1
