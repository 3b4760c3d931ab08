"""A rule set's max_points have at most one decimal place (scores are kept to 0.1,
rules_round.POINTS_STEP): the API, the item form, the .xlsx import and the defaults refuse a
second decimal naming the item. Junk numbers and ids in the API are a 400, nothing saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from dangjian.assess import rules_ruleset as rules
from dangjian.assess import ruleset_defaults as defaults
from dangjian.assess import ruleset_xlsx as xlsx
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.ruleset_checks import check_tree, flatten
from dangjian.assess.tests.fixtures_ruleset import draft, payload
from dangjian.lib.excel import workbook_bytes
from dangjian.lib.indicators import registered

pytestmark = pytest.mark.django_db
LIST = "api:assess-ruleset-list"
A1 = "A1 班子建设: points have at most one decimal place."
A2 = "A2 阵地建设: points have at most one decimal place."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _post(client, county, body):
    client.force_login(county.dept_admin)
    return client.post(reverse(LIST), body, content_type="application/json")


def _counts():
    return RuleSet.objects.unscoped("test").count(), RuleItem.objects.unscoped("test").count()


def test_the_api_refuses_a_second_decimal_naming_the_item(client, county):
    body = payload(A1={"max_points": "40.05"}, A2={"max_points": 19.95})
    response = _post(client, county, body)
    assert response.status_code == 400, response.content
    assert response.json()["indicators"] == [A1, A2]
    assert _counts() == (0, 0)


def test_the_api_takes_one_decimal_and_trailing_zeros(client, county):
    body = payload(A1={"max_points": "39.5"}, A2={"max_points": "20.50"})
    response = _post(client, county, body)
    assert response.status_code == 201, response.content
    a = response.json()["indicators"][0]
    assert [kid["max_points"] for kid in a["children"]] == [39.5, 20.5]


def _sheet(rows) -> bytes:
    return workbook_bytes([str(label) for _key, label in xlsx.COLUMNS], rows, title="细则")


def test_the_xlsx_import_refuses_a_second_decimal(county):
    target = draft(county)
    rows = [
        ("A", "", "党建基础", "indicator", 100, "manual", "", ""),
        ("A1", "A", "班子建设", "indicator", 80.05, "manual", "", ""),
        ("A2", "A", "阵地建设", "indicator", "19.95", "manual", "", ""),
    ]
    with pytest.raises(ValidationError) as refused:
        xlsx.ruleset_import(actor=county.dept_admin, ruleset=target, content=_sheet(rows))
    text = refused.value.message_dict["file"]
    assert "Row 3, column “Max points”: points have at most one decimal place." in text
    assert "Row 4, column “Max points”: points have at most one decimal place." in text
    assert RuleItem.objects.unscoped("test").filter(ruleset=target, code="A3").count() == 0
    assert RuleItem.objects.unscoped("test").filter(ruleset=target).count() == 6


def test_the_item_form_refuses_a_second_decimal(client, county):
    target = draft(county)
    client.force_login(county.dept_admin)
    url = reverse("assess:ruleset-item-add", args=[target.pk])
    fields = {"code": "Z", "name": "新增", "kind": "indicator", "max_points": "4.55"}
    response = client.post(url, fields | {"scoring": "manual"})
    assert response.status_code == 200
    assert "points have at most one decimal place." in response.content.decode()
    assert not RuleItem.objects.unscoped("test").filter(ruleset=target, code="Z").exists()


def test_the_defaults_have_at_most_one_decimal():
    assert rules.POINTS_PLACES == 1
    for category in rules.CATEGORIES:
        known = set(registered()) | set(rules.AUTO_CODES_OF_ASSESS)
        for spec in flatten(check_tree(defaults.raw_tree(category), known=known)):
            assert spec.max_points == round(spec.max_points, 1), (category, spec.label)


@pytest.mark.parametrize("points", ["9e999999", "1e-999999", "99999999", -1, 0])
def test_out_of_range_points_name_the_item(client, county, points):
    response = _post(client, county, payload(A1={"max_points": points}))
    assert response.status_code == 400, response.content
    assert any(text.startswith("A1 班子建设: ") for text in response.json()["indicators"])
    assert _counts() == (0, 0)


@pytest.mark.parametrize("points", ["NaN", "Infinity", "-Infinity", "x", True, [1]])
def test_junk_points_are_a_400_naming_the_field(client, county, points):
    response = _post(client, county, payload(A1={"max_points": points}))
    assert response.status_code == 400, response.content
    assert "max_points" in response.content.decode() or "A1 班子建设" in response.content.decode()
    assert _counts() == (0, 0)


@pytest.mark.parametrize("org", [10**20, 0, -3, "x"])
def test_a_junk_org_id_is_a_400(client, county, org):
    response = _post(client, county, payload() | {"org": org})
    assert response.status_code == 400 and "org" in response.json(), response.content
    assert _counts() == (0, 0)
