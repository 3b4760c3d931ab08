"""The plans, research topics, lectures and events API: the same rules as the pages."""

from __future__ import annotations

import datetime

from django.core.cache import cache

from dangjian.study import event_services, plan_services
from dangjian.study.models import ResearchTopic


def test_a_third_topic_through_the_api_names_the_rule(client, county):
    cache.clear()
    client.force_login(county.member_a)
    for title in ("一", "二"):
        response = client.post(
            "/api/v1/study/research/topics", {"title": title}, content_type="application/json"
        )
        assert response.status_code == 201, response.content
    third = client.post(
        "/api/v1/study/research/topics", {"title": "三"}, content_type="application/json"
    )
    assert third.status_code == 400 and "调研课题每年2个" in str(third.json()["title"])
    assert ResearchTopic.objects.unscoped("test").count() == 2
    listed = client.get("/api/v1/study/research/topics").json()
    assert sorted(row["title"] for row in listed["results"]) == ["一", "二"]


def test_plan_and_event_details_carry_their_rows(client, county):
    cache.clear()
    plan = plan_services.plan_create(
        actor=county.secretary_a, org=county.township_a, year=2026, title="甲镇计划"
    )
    plan_services.reading_create(
        actor=county.secretary_a, plan=plan, title="篇目", kind="speech", month=2
    )
    event = event_services.event_create(
        actor=county.secretary_a,
        org=county.village_a1,
        participants=[county.person_a],
        kind="seminar",
        topic="座谈",
        starts_on=datetime.date(2026, 3, 1),
    )
    event_services.issue_add(actor=county.secretary_a, event=event, problem="问题", measure="措施")
    client.force_login(county.member_a)
    body = client.get(f"/api/v1/study/plans/{plan.pk}").json()
    assert [r["title"] for r in body["readings"]] == ["篇目"] and body["positions"] == []
    detail = client.get(f"/api/v1/study/events/{event.pk}").json()
    assert detail["issues"][0]["measure"] == "措施" and detail["participants_count"] == 1
    client.force_login(county.secretary_b)
    assert client.get(f"/api/v1/study/events/{event.pk}").status_code == 404
    assert client.get("/api/v1/study/events").json()["results"] == []
