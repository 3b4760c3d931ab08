"""/api/v1/assess/rulesets: list with filters, detail with the tree, POST with the issue's
payload (201), 400 with the totals, unknown keys, out of reach."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.assess import ruleset_services as services
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.tests.fixtures_ruleset import draft, payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The messages are matched in English (the catalogue translates them otherwise)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


LIST = "api:assess-ruleset-list"


def _post(client, user, body):
    client.force_login(user)
    return client.post(reverse(LIST), body, content_type="application/json")


def _count():
    return RuleSet.objects.unscoped("test").count(), RuleItem.objects.unscoped("test").count()


def test_post_creates_a_draft_with_its_tree(client, county):
    response = _post(client, county.dept_admin, payload())
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["org"], data["year"], data["category"], data["status"], data["version"]) == (
        county.root.pk,
        2026,
        "township",
        "draft",
        1,
    )
    assert [item["code"] for item in data["indicators"]] == ["A", "B", "X", "Y"]
    a = data["indicators"][0]
    assert [kid["code"] for kid in a["children"]] == ["A1", "A2"]
    assert a["max_points"] == 60 and a["children"][0]["guidance"] == "班子成员缺额扣5分"
    assert data["indicators"][1]["auto_indicator"] == "orglife.meeting_compliance"
    assert data["totals"] == {
        "top": 100,
        "expected": 100,
        "bonus": 5,
        "deduction": 10,
        "complete": True,
    }
    assert response["Location"] == reverse("assess:ruleset-detail", args=[data["id"]])


def test_post_not_adding_up_is_400_with_the_totals(client, county):
    body = payload(A={"max_points": 55}, A2={"max_points": 10})
    response = _post(client, county.dept_admin, body)
    assert response.status_code == 400
    data = response.json()
    assert data["indicators"] == [
        "The top-level indicators add up to 95, not 100.",
        "A 党建基础 is 55 but its items add up to 50.",
    ]
    assert data["totals"] == {
        "top": 95,
        "expected": 100,
        "items": {"A": {"max": 55, "children": 50}},
    }
    assert _count() == (0, 0)


def test_post_bad_input(client, county):
    body = payload() | {"colour": "red"}
    response = _post(client, county.dept_admin, body)
    assert response.status_code == 400 and "colour" in response.json()
    body = payload()
    body["indicators"][0]["children"][0]["weight"] = 3
    response = _post(client, county.dept_admin, body)
    assert response.status_code == 400, response.content
    body = payload(B={"scoring": "sometimes"})
    assert _post(client, county.dept_admin, body).status_code == 400
    body = payload(year=1990) | {"category": "school"}
    response = _post(client, county.dept_admin, body)
    assert response.status_code == 400 and "category" in response.json()
    body = payload()
    body["indicators"][0]["children"][0]["children"] = [
        {"code": "A11", "name": "三级", "max_points": 1}
    ]
    response = _post(client, county.dept_admin, body)
    assert response.status_code == 400
    assert any("two levels at most" in text for text in response.json()["indicators"])
    assert _count() == (0, 0)


def test_post_issuer_rules(client, county):
    # No org key: the top of the caller's change scope (township A for its secretary).
    response = _post(client, county.secretary_a, payload())
    assert response.status_code == 201 and response.json()["org"] == county.township_a.pk
    # The county is out of township A's sight: 404; township B's inspector may not change.
    assert _post(client, county.secretary_a, payload() | {"org": county.root.pk}).status_code == 404
    body = payload() | {"org": county.township_b.pk}
    assert _post(client, county.inspector_b, body).status_code == 403
    assert _post(client, county.member_a, payload()).status_code == 403
    assert _post(client, county.dept_admin, payload() | {"org": 999999}).status_code == 404


def test_list_filters_and_detail(client, county):
    township = draft(county)
    services.ruleset_activate(actor=county.dept_admin, ruleset=township)
    services.ruleset_install_defaults(actor=county.dept_admin, org=county.root, year=2025)
    client.force_login(county.secretary_b)
    rows = client.get(reverse(LIST)).json()["results"]
    assert [row["id"] for row in rows] == [township.pk]  # 2025's are drafts
    client.force_login(county.dept_admin)
    assert client.get(reverse(LIST)).json()["count"] == 5
    assert client.get(reverse(LIST) + "?year=2025").json()["count"] == 4
    rows = client.get(reverse(LIST) + "?year=2025&category=rural").json()["results"]
    assert [row["category"] for row in rows] == ["rural"]
    assert client.get(reverse(LIST) + "?year=abc").status_code == 400
    assert client.get(reverse(LIST) + "?category=school").status_code == 400
    detail = client.get(reverse("api:assess-ruleset-detail", args=[township.pk])).json()
    assert [item["code"] for item in detail["indicators"]] == ["A", "B", "X", "Y"]
    client.force_login(county.secretary_b)
    hidden = services.ruleset_new_version(actor=county.dept_admin, ruleset=township)
    assert client.get(reverse("api:assess-ruleset-detail", args=[hidden.pk])).status_code == 404
