"""/api/v1/assess/rounds: list, create, a round's sheets, the ranking, and the scores
endpoint's contract ({org, indicator, points, reason?} → the score and the sheet's total)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dangjian.assess.models import AssessRound, Score, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.assess.tests.matrix_round import published_round, round_fields


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _scores(client, row, **payload):
    url = reverse("api:assess-round-scores", args=[row.pk])
    return client.post(url, payload, content_type="application/json")


def test_a_deduction_without_a_reason_is_400_naming_reason(client, county):
    row = fixtures.round_(county)
    client.force_login(county.inspector_b)
    response = _scores(client, row, org=county.township_b.pk, indicator="A1", points=35)
    assert response.status_code == 400
    assert response.json() == {"reason": ["35 of 40 is a deduction of 5 points: give the reason."]}
    assert not Score.objects.unscoped("test").exists()
    response = _scores(
        client, row, org=county.township_b.pk, indicator="A1", points=35, reason="缺额"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["points"] == 35 and body["total"] == 35 and body["indicator"] == "A1"
    response = _scores(client, row, org=county.township_b.pk, indicator="A2", points=20)
    assert response.status_code == 201 and response.json()["total"] == 55
    response = _scores(client, row, org=county.township_b.pk, indicator="A2", points=20)
    assert response.status_code == 200  # a change of an existing score


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"indicator": "A1", "points": 40, "colour": "red"}, "colour"),
        ({"indicator": "Z9", "points": 40}, "indicator"),
        ({"indicator": "A1", "points": "many"}, "points"),
        ({"indicator": "A1", "points": 41}, "points"),
        ({"indicator": "Y", "points": 2}, "reason"),
        ({"points": 2}, "indicator"),
    ],
)
def test_bad_scores_are_400_naming_the_field(client, county, payload, field):
    row = fixtures.round_(county)
    client.force_login(county.inspector_b)
    response = _scores(client, row, org=county.township_b.pk, **payload)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Score.objects.unscoped("test").exists()


def test_scores_out_of_sight_are_404(client, county):
    row = fixtures.round_(county)
    client.force_login(county.inspector_b)
    response = _scores(client, row, org=county.township_a.pk, indicator="A1", points=40)
    assert response.status_code == 404


def test_create_list_detail(client, county):
    client.force_login(county.dept_admin)
    fields = round_fields(county)
    response = client.post(
        reverse("api:assess-round-list"), fields, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    listed = client.get(reverse("api:assess-round-list")).json()
    assert [r["id"] for r in listed["results"]] == [pk]
    detail = client.get(reverse("api:assess-round-detail", args=[pk])).json()
    assert sorted(s["org_name"] for s in detail["sheets"]) == ["乙镇党委", "甲镇党委"]
    assert {s["category"] for s in detail["sheets"]} == {"township"}


def test_create_with_bad_period_names_it(client, county):
    client.force_login(county.dept_admin)
    fields = round_fields(county) | {"period_kind": "quarter", "number": 5}
    response = client.post(
        reverse("api:assess-round-list"), fields, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"number": ["Enter a quarter between 1 and 4."]}
    assert not AssessRound.objects.unscoped("test").exists()


def test_ranking_shows_each_caller_the_sheets_they_see(client, county):
    row = published_round(county)
    client.force_login(county.dept_admin)
    body = client.get(reverse("api:assess-round-ranking", args=[row.pk])).json()
    (category,) = body["categories"]
    assert category["category"] == "township"
    assert [(s["org_name"], s["rank"], s["total"]) for s in category["sheets"]] == [
        ("甲镇党委", 1, 92.0),
        ("乙镇党委", 2, 85.0),
    ]
    client.force_login(county.secretary_b)
    body = client.get(reverse("api:assess-round-ranking", args=[row.pk])).json()
    assert [s["org_name"] for s in body["categories"][0]["sheets"]] == ["乙镇党委"]


def test_a_secretary_sees_nothing_of_a_round_being_scored(client, county):
    row = fixtures.round_(county)
    client.force_login(county.secretary_a)
    assert client.get(reverse("api:assess-round-detail", args=[row.pk])).status_code == 404
    assert client.get(reverse("api:assess-round-list")).json()["results"] == []
    ScoreSheet.objects.unscoped("test").filter(round=row).update(total=D(1))
    AssessRound.objects.unscoped("test").filter(pk=row.pk).update(
        status="published", published_at=timezone.now()
    )
    detail = client.get(reverse("api:assess-round-detail", args=[row.pk])).json()
    assert [s["org_name"] for s in detail["sheets"]] == ["甲镇党委"]


def test_one_sheet_with_its_items_and_every_change(client, county):
    row = fixtures.round_(county)
    client.force_login(county.inspector_b)
    for points, reason in ((35, "缺额"), (38, "复核后加回3分")):
        assert _scores(
            client, row, org=county.township_b.pk, indicator="A1", points=points, reason=reason
        ).status_code in (200, 201)
    url = reverse("api:assess-round-sheet", args=[row.pk, county.township_b.pk])
    body = client.get(url).json()
    assert (body["org"], body["org_name"], body["total"]) == (county.township_b.pk, "乙镇党委", 38)
    items = {item["code"]: item for item in body["items"]}
    assert [item["code"] for item in body["items"]] == ["A", "A1", "A2", "B", "X", "Y"]
    assert (items["A"]["level"], items["A1"]["level"]) == (1, 2)
    a1 = items["A1"]
    assert (a1["max_points"], a1["points"], a1["reason"]) == (40, 38, "复核后加回3分")
    # Newest first: who, old → new, why.
    assert [(c["old_points"], c["new_points"], c["reason"]) for c in a1["changes"]] == [
        (35, 38, "复核后加回3分"),
        (None, 35, "缺额"),
    ]
    assert a1["changes"][0]["changed_by"] == "inspector_b"
    # Township A's secretary does not see township B's sheet of a round being scored.
    client.force_login(county.secretary_a)
    assert client.get(url).status_code == 404
