"""The exemplar API end to end: open a round, nominate, review, start 公示, a public objection
without login, its answer, the decision, the ledger — and the refusals with their statuses
(messages in the UI's language, zh-hans)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from dangjian.honors.models import Award, Nomination, Objection
from dangjian.honors.tests import fixtures_exemplar as fx


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    cache.clear()


def post(client, user, url, payload):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(url, payload, content_type="application/json")


def test_the_api_runs_a_round_to_its_award(client, county):
    response = post(
        client,
        county.dept_admin,
        reverse("api:honors-round-list"),
        {"org": county.root.pk, "kind": "monthly", "period": "2026-11"},
    )
    assert response.status_code == 201, response.content
    round_id = response.json()["id"]
    assert response.json()["title"] == "2026年11月先进基层党组织和优秀共产党员评选"
    again = post(
        client,
        county.dept_admin,
        reverse("api:honors-round-list"),
        {"org": county.root.pk, "kind": "monthly", "period": "2026-11"},
    )
    assert again.status_code == 400 and "示范县委在2026-11已有评选" in again.json()["period"][0]

    payload = {
        "round": round_id,
        "org": county.township_a.pk,
        "category": "member",
        "nominee_person": county.person_a.pk,
        "summary": "带领群众致富",
        "deeds": fx.DEEDS,
    }
    created = post(client, county.secretary_a, reverse("api:honors-nomination-list"), payload)
    assert created.status_code == 201, created.content
    nomination_id = created.json()["id"]
    assert created.json()["status"] == "nominated" and created.json()["nominee"] == "张甲"
    second = post(client, county.secretary_a, reverse("api:honors-nomination-list"), payload)
    assert second.status_code == 400 and "category" in second.json()

    review_url = reverse("api:honors-nomination-review", args=[nomination_id])
    own = post(client, county.secretary_a, review_url, {"decision": "approve"})
    assert own.status_code == 403
    assert post(client, county.dept_admin, review_url, {"decision": "maybe"}).status_code == 400
    assert post(client, county.dept_admin, review_url, {"decision": "approve"}).status_code == 200
    notice = post(
        client, county.dept_admin, reverse("api:honors-round-notice", args=[round_id]), {}
    )
    assert notice.status_code == 200 and notice.json()["status"] == "notice"
    round_obj = fx.running_today(Nomination.objects.unscoped("test").get(pk=nomination_id).round)

    public_url = reverse("api:public-objection-list")
    body = {
        "round": round_obj.public_key,
        "nomination": nomination_id,
        "body": "该同志事迹中的数字与实际不符",
        "contact": "13900001111",
    }
    lodged = post(client, None, public_url, body)
    assert lodged.status_code == 201, lodged.content
    objection_id = lodged.json()["id"]
    assert post(client, None, public_url, body | {"nomination": 999999}).status_code == 404
    assert post(client, None, public_url, body | {"body": "短"}).status_code == 400
    assert post(client, None, public_url, body | {"extra": 1}).status_code == 400

    decide_url = reverse("api:honors-round-decide", args=[round_id])
    decisions = {"decisions": [{"nomination": nomination_id, "award": True, "note": "同意"}]}
    fx.ended(round_obj)
    still_open = post(client, county.dept_admin, decide_url, decisions)
    assert still_open.status_code == 400
    assert "还有1条异议未答复" in still_open.json()["detail"][0]

    client.force_login(county.dept_admin)
    listed = client.get(reverse("api:honors-objection-list")).json()["results"]
    assert [row["contact"] for row in listed] == ["13900001111"]  # the department: in full
    client.force_login(county.secretary_a)
    assert client.get(reverse("api:honors-objection-list")).json()["results"] == []
    answer_url = reverse("api:honors-objection-answer", args=[objection_id])
    forbidden = post(
        client, county.secretary_a, answer_url, {"outcome": "dismissed", "answer": "经核实不属实"}
    )
    assert forbidden.status_code == 404  # township A does not see the county's objections
    answered = post(
        client, county.dept_admin, answer_url, {"outcome": "dismissed", "answer": "经核实不属实"}
    )
    assert answered.status_code == 200 and answered.json()["outcome"] == "dismissed"

    decided = post(client, county.dept_admin, decide_url, decisions)
    assert decided.status_code == 200, decided.content
    assert decided.json()[0]["title"] == "2026年11月优秀共产党员"
    client.force_login(county.secretary_a)  # township A sees its person's county honor
    awards = client.get(reverse("api:honors-award-list") + "?year=2026&category=member").json()
    assert [row["nominee"] for row in awards["results"]] == ["张甲"]
    client.force_login(county.secretary_b)
    assert client.get(reverse("api:honors-award-list")).json()["count"] == 0
    assert Award.objects.unscoped("test").count() == 1


def test_a_public_objection_after_the_notice_is_a_400_saying_so(client, county):
    round_obj, nomination = fx.b_notice(county)
    fx.ended(round_obj)
    response = post(
        client,
        None,
        reverse("api:public-objection-list"),
        {
            "round": round_obj.public_key,
            "nomination": nomination.pk,
            "body": "公示结束后才提出的异议",
        },
    )
    assert response.status_code == 400
    assert "公示期已结束" in response.json()["detail"][0]
    assert not Objection.objects.unscoped("test").exists()


def test_a_nomination_not_in_notice_is_hidden_from_the_public_api(client, county):
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj)
    response = post(
        client,
        None,
        reverse("api:public-objection-list"),
        {"round": round_obj.public_key, "nomination": nomination.pk, "body": "尚未公示的推荐对象"},
    )
    assert response.status_code == 404
    assert not Objection.objects.unscoped("test").exists()


def test_the_api_refuses_a_contact_in_full_to_secretaries(client, county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    post(
        client,
        None,
        reverse("api:public-objection-list"),
        {
            "round": round_obj.public_key,
            "nomination": nomination.pk,
            "body": "请核实该同志的事迹材料",
            "contact": "13900001111",
        },
    )
    client.force_login(county.secretary_b)  # the committee, without the personal-data right
    (row,) = client.get(reverse("api:honors-objection-list")).json()["results"]
    assert row["contact"] == "139******11"
