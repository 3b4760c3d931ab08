"""The API contract of 群众评议: evaluation codes (201 {codes}, 400/403/404), the public
submit (no login, no CSRF; 201, 409 on reuse with nothing stored, 404 on an unknown code,
400 naming unknown dimensions, 429 after guessing) and the summary."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode
from dangjian.assess.tests import fixtures_eval as fx

CODES = "/api/v1/assess/evaluation-codes"
PUBLIC = "/api/v1/public/evaluations"
SUMMARY = "/api/v1/assess/evaluations/summary"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _month() -> str:
    return fx.this_month().strftime("%Y-%m")


def _stored() -> int:
    return Evaluation.objects.unscoped("test").count()


def test_paths_are_the_issues():
    assert reverse("api:assess-evaluation-code-list") == CODES
    assert reverse("api:public-evaluation-list") == PUBLIC
    assert reverse("api:assess-evaluation-summary") == SUMMARY


def test_codes_are_made_for_a_manager(client, county):
    client.force_login(county.secretary_a)
    body = {"org": county.township_a.pk, "count": 3, "period": _month()}
    response = client.post(CODES, body, content_type="application/json")
    assert response.status_code == 201, response.content
    codes = response.json()["codes"]
    assert len(codes) == 3
    stored = EvaluationCode.objects.unscoped("test").filter(code__in=codes)
    assert stored.count() == 3 and {row.period for row in stored} == {fx.this_month()}


@pytest.mark.parametrize(
    ("persona", "status"), [("inspector_b", 403), ("secretary_b", 404), ("member_a", 404)]
)
def test_codes_refused_by_the_kernel(client, county, persona, status):
    client.force_login(county.personas()[persona])
    org = county.township_b if persona == "inspector_b" else county.township_a
    body = {"org": org.pk, "count": 3, "period": _month()}
    response = client.post(CODES, body, content_type="application/json")
    assert response.status_code == status
    assert not EvaluationCode.objects.unscoped("test").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": 501}, "count"),
        ({"period": "2026-13"}, "period"),
        ({"period": "2001-01"}, "period"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_codes_bad_input_is_400_naming_the_field(client, county, body, field):
    client.force_login(county.secretary_a)
    payload = {"org": county.township_a.pk, "count": 3, "period": _month()} | body
    response = client.post(CODES, payload, content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not EvaluationCode.objects.unscoped("test").exists()


def test_public_submit_needs_no_login_and_no_csrf(county):
    fx.point(county)
    code = fx.code(county)
    anonymous = Client(enforce_csrf_checks=True)
    body = {
        "code": code.code,
        "overall": "satisfied",
        "dimensions": {"attitude": "satisfied", "efficiency": "basic"},
        "comment": "办事很快",
        "contact": "13800000000",
    }
    response = anonymous.post(PUBLIC, body, content_type="application/json")
    assert response.status_code == 201, response.content
    row = Evaluation.objects.unscoped("test").get()
    assert (row.code_id, row.comment, row.moderation) == (code.pk, "办事很快", "pending")
    # The same code again: 409, politely, nothing stored.
    again = anonymous.post(
        PUBLIC, {"code": code.code, "overall": "dissatisfied"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert "already been used" in again.json()["detail"] or "已" in again.json()["detail"]
    assert _stored() == 1


def test_public_unknown_code_404_and_guessing_429(county):
    anonymous = Client()
    for _ in range(rules.FAILED_CODES_PER_HOUR):
        response = anonymous.post(
            PUBLIC, {"code": "NOSUCHCODE", "overall": "basic"}, content_type="application/json"
        )
        assert response.status_code == 404
    good = fx.code(county)
    response = anonymous.post(
        PUBLIC, {"code": good.code, "overall": "basic"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert _stored() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"dimensions": {"speed": "satisfied"}}, "dimensions"),
        ({"overall": "so-so"}, "overall"),
        ({"comment": "长" * 501}, "comment"),
        ({"contact": "1" * 61}, "contact"),
        ({"vote": 2}, "vote"),
        ({"code": ""}, "code"),
    ],
)
def test_public_bad_input_is_400_naming_the_field_and_stores_nothing(county, body, field):
    payload = {"code": fx.code(county).code, "overall": "satisfied"} | body
    response = Client().post(PUBLIC, payload, content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    if field == "dimensions":
        assert "speed" in str(response.json()["dimensions"])
    assert _stored() == 0


def test_public_submit_is_not_held_by_the_user_throttle(county, settings):
    fx.point(county)
    codes = [fx.code(county).code for _ in range(5)]
    anonymous = Client()
    statuses = [
        anonymous.post(
            PUBLIC, {"code": code, "overall": "satisfied"}, content_type="application/json"
        ).status_code
        for code in codes
    ]
    assert statuses == [201] * 5


def test_summary_counts_the_subtree_for_the_month(client, county):
    last = (fx.this_month() - datetime.timedelta(days=1)).replace(day=1)
    for org, overall in (
        (county.township_a, "satisfied"),
        (county.village_a1, "basic"),
        (county.township_a, "dissatisfied"),
        (county.township_b, "satisfied"),
    ):
        fx.evaluation(county, org, overall=overall)
    fx.evaluation(county, county.township_a, overall="satisfied", period=last)
    client.force_login(county.secretary_a)
    response = client.get(SUMMARY, {"org": county.township_a.pk, "period": _month()})
    assert response.json() == {"count": 3, "satisfied": 1, "basic": 1, "dissatisfied": 1}
    response = client.get(SUMMARY, {"org": county.township_a.pk, "period": f"{last:%Y-%m}"})
    assert response.json() == {"count": 1, "satisfied": 1, "basic": 0, "dissatisfied": 0}
    assert client.get(SUMMARY, {"org": county.township_a.pk, "period": "26-1"}).status_code == 400
    assert client.get(SUMMARY, {"org": "x"}).status_code == 400
    client.force_login(county.secretary_b)
    assert client.get(SUMMARY, {"org": county.township_a.pk}).status_code == 404


def test_the_schema_names_the_public_endpoint_without_auth(client, county):
    client.force_login(county.superuser)
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"][PUBLIC]["post"]
    # No authentication scheme is asked of the public endpoint.
    assert post.get("security", []) in ([], [{}])
    assert "security" in schema["paths"][CODES]["post"]
    assert {"201", "409", "404"} <= set(post["responses"])
    assert "AssessPublicEvaluationRequest" in schema["components"]["schemas"]
