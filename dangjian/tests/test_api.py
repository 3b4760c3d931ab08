"""The HTTP API: tokens, pagination, masking, the check endpoints, bad input, the schema.
Runs on SQLite and PostgreSQL like the rest of the suite."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import UserRateThrottle

from dangjian.conftest import make_person
from dangjian.orgs import account_services
from dangjian.originality import services
from dangjian.originality.tests.texts import cjk
from textreuse.report import Report

PEOPLE = "/api/v1/people"
CHECKS = "/api/v1/originality/checks"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def token_for(username: str) -> str:
    out = io.StringIO()
    call_command("api_token", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip().splitlines()[-1]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_paths_are_the_contract():
    assert reverse("api:schema") == "/api/v1/openapi.json"
    assert reverse("api:person-list") == PEOPLE
    assert reverse("api:person-detail", args=[7]) == f"{PEOPLE}/7"
    assert reverse("api:check-list") == CHECKS
    assert reverse("api:check-detail", args=[7]) == f"{CHECKS}/7"


def test_openapi_schema_validates(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate_schema(schema)
    assert {PEOPLE, f"{PEOPLE}/{{id}}", CHECKS, f"{CHECKS}/{{id}}"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_token_lists_people_in_scope_with_masking(client, county):
    token = token_for("secretary_a")
    response = client.get(PEOPLE, headers=bearer(token))
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [row["name"] for row in body["results"]] == [county.person_a.name]
    row = body["results"][0]
    assert row["id"] == county.person_a.pk
    # A secretary may not see personal data: masked number and phone.
    assert row["id_card"] == "1101**********002X" and row["phone"] == "138****8000"
    full = client.get(PEOPLE, headers=bearer(token_for("dept_admin"))).json()["results"]
    mine = next(r for r in full if r["id"] == county.person_a.pk)
    assert mine["id_card"] == "11010519491231002X" and mine["phone"] == "13800138000"
    assert client.get(f"{PEOPLE}/{county.person_b.pk}", headers=bearer(token)).status_code == 404


def test_pages_and_page_size_cap(client, county):
    for n in range(5):
        make_person(county.superuser, county.village_a1, f"甲村{n}号")
    token = token_for("dept_admin")
    first = client.get(PEOPLE + "?page_size=3", headers=bearer(token)).json()
    assert first["count"] == 7 and len(first["results"]) == 3 and "page=2" in first["next"]
    capped = client.get(PEOPLE + "?page_size=100000", headers=bearer(token)).json()
    assert len(capped["results"]) == 7  # all of them, under the 200 cap


def test_list_filters_as_the_page_and_bad_filters_are_400(client, county):
    token = token_for("dept_admin")
    orgs = client.get("/api/v1/orgs?q=甲", headers=bearer(token)).json()["results"]
    assert {o["code"] for o in orgs} == {"TA", "A1", "A1G"}
    bad = client.get("/api/v1/orgs?category=bogus", headers=bearer(token))
    assert bad.status_code == 400 and "category" in bad.json()
    b_token = token_for("secretary_b")
    assert (
        client.get(
            f"/api/v1/orgs?under={county.township_a.pk}", headers=bearer(b_token)
        ).status_code
        == 404
    )


def test_people_list_query_count_does_not_grow_with_rows(client, county):
    token = token_for("dept_admin")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PEOPLE, headers=bearer(token)).status_code == 200
        return len(captured)

    queries()  # the token's first use records "last used"; later ones within a minute do not
    few = queries()
    for n in range(20):
        make_person(county.superuser, county.village_b1, f"乙村{n}号")
    assert queries() == few


@pytest.mark.parametrize(
    "header",
    ["Bearer nope", "Bearer", "Bearer a b", "Token abc"],
    ids=["unknown", "missing", "two-parts", "other-scheme"],
)
def test_bad_credentials_are_401(client, county, header):
    response = client.get(PEOPLE, headers={"Authorization": header})
    assert response.status_code == 401


def test_revoked_token_and_deactivated_user_are_401(client, county):
    token = token_for("secretary_a")
    assert client.get(PEOPLE, headers=bearer(token)).status_code == 200
    row = county.secretary_a.api_tokens.get()
    account_services.api_token_revoke(actor=county.secretary_a, token=row)
    assert client.get(PEOPLE, headers=bearer(token)).status_code == 401
    other = token_for("member_a")
    account_services.account_set_active(
        actor=county.dept_admin, account=county.member_a, active=False
    )
    response = client.get(PEOPLE, headers=bearer(other))
    assert response.status_code == 401 and "张甲" not in response.content.decode()


def test_check_by_api_gives_the_engines_report_keys(
    client, county, django_capture_on_commit_callbacks
):
    token = token_for("secretary_a")
    text = cjk(300, seed=41)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            CHECKS,
            {"org": county.village_a1.pk, "title": "心得", "text": text},
            content_type="application/json",
            headers=bearer(token),
        )
    assert created.status_code == 201, created.content
    check_id = created.json()["id"]
    assert created["Location"] == reverse("originality:check-detail", args=[check_id])
    done = client.get(f"{CHECKS}/{check_id}", headers=bearer(token)).json()
    assert done["status"] == "done"
    assert set(Report.__dataclass_fields__) <= set(done)
    assert done["total_chars"] == 300 and done["copied_chars"] == 0
    b_token = token_for("secretary_b")
    assert client.get(f"{CHECKS}/{check_id}", headers=bearer(b_token)).status_code == 404


def test_hidden_sources_lose_title_and_site_in_the_api(
    client, county, django_capture_on_commit_callbacks
):
    b_text = cjk(300, seed=43)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title="乙镇机密标题",
            text=b_text,
            author=county.person_b,
            index_it=True,
        )
        created = client.post(
            CHECKS,
            {"org": county.village_a1.pk, "text": cjk(60, seed=44) + b_text[:120]},
            content_type="application/json",
            headers=bearer(token_for("secretary_a")),
        )
    body = client.get(f"{CHECKS}/{created.json()['id']}", headers=bearer(token_for("secretary_a")))
    report = body.json()
    assert report["copied_chars"] == 120
    assert report["sources"][0]["hidden"] is True and report["sources"][0]["title"] == ""
    assert "乙镇机密标题" not in body.content.decode() and "乙一村" not in body.content.decode()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("{not json", 400, "detail"),
        (json.dumps({"org": 1, "text": "学习", "colour": "red"}), 400, "colour"),
        (json.dumps({"org": "abc", "text": "学习"}), 400, "org"),
        (json.dumps({"org": 1}), 400, "text"),
        (json.dumps({"org": 1, "text": "   "}), 400, "text"),
    ],
    ids=["malformed", "unknown-field", "wrong-type", "missing", "empty-text"],
)
def test_bad_payloads_are_400_with_the_field(client, county, body, status, field):
    from dangjian.originality.models import Check

    token = token_for("secretary_a")
    payload = body.replace('"org": 1', f'"org": {county.village_a1.pk}')
    response = client.post(CHECKS, payload, content_type="application/json", headers=bearer(token))
    assert response.status_code == status and field in response.json(), response.content
    assert not Check.objects.unscoped("test").exists()


def test_huge_body_is_413(client, county, settings):
    settings.DANGJIAN_API_MAX_BODY_BYTES = 1000
    body = json.dumps({"org": county.village_a1.pk, "text": "学" * 2000})
    response = client.post(
        CHECKS, body, content_type="application/json", headers=bearer(token_for("secretary_a"))
    )
    assert response.status_code == 413


def test_forbidden_action_is_403_and_out_of_reach_is_404(client, county):
    member = client.post(
        CHECKS,
        {"org": county.village_a1.pk, "text": "学习" * 20},
        content_type="application/json",
        headers=bearer(token_for("member_a")),
    )
    assert member.status_code == 403
    other = client.post(
        CHECKS,
        {"org": county.village_a1.pk, "text": "学习" * 20},
        content_type="application/json",
        headers=bearer(token_for("secretary_b")),
    )
    assert other.status_code == 404 and "甲" not in other.content.decode()


def test_throttling_answers_429(client, county, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    token = token_for("secretary_a")
    codes = [client.get(PEOPLE, headers=bearer(token)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_token_page_shows_a_new_token_once(client, county):
    client.force_login(county.secretary_a)
    shown = client.post(reverse("orgs:api-tokens"), {"name": "省级系统"}).content.decode()
    row = county.secretary_a.api_tokens.get()
    token = shown.split('id="new-token">')[1].split("<")[0]
    assert token.startswith("dj_") and row.digest != token and row.prefix == token[:10]
    again = client.get(reverse("orgs:api-tokens")).content.decode()
    assert token not in again and row.prefix in again
    assert client.get(PEOPLE, headers=bearer(token)).status_code == 200
