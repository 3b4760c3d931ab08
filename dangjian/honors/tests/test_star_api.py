"""The star API: list filters and scope, a rating with its reasons, run and publish, the
criteria read and set (400 naming the field, nothing saved), 401/403/404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.honors.models import StarCriteria, StarRating
from dangjian.honors.tests.fixtures_star import last_year, published_round, rated, rating_of

pytestmark = pytest.mark.django_db


def _criteria_url(org, year=None):
    return reverse(
        "api:honors-star-criteria-detail", kwargs={"issuer": org.pk, "year": year or last_year()}
    )


def test_list_filters_and_scope(client, county):
    rated(county)
    url = reverse("api:honors-star-rating-list")
    client.force_login(county.dept_admin)
    body = client.get(url, {"year": last_year(), "stars": 5}).json()
    assert [row["org_name"] for row in body["results"]] == ["甲一村党支部"]
    row = body["results"][0]
    assert (row["stars"], row["score"], row["published"]) == (5, "96.5", True)
    assert row["reasons"][0]["kind"] == "score" and "96.5" in row["reasons"][0]["text"]
    body = client.get(url, {"org": county.township_b.pk}).json()
    assert {row["org"] for row in body["results"]} == {county.township_b.pk, county.village_b1.pk}
    assert {row["stars"] for row in body["results"]} == {0}
    assert client.get(url, {"stars": "x"}).status_code == 400
    assert client.get(url, {"stars": 9}).status_code == 400
    client.force_login(county.secretary_b)
    body = client.get(url).json()
    assert county.township_a.pk not in {row["org"] for row in body["results"]}
    detail = reverse("api:honors-star-rating-detail", args=[rating_of(county.township_a).pk])
    assert client.get(detail).status_code == 404
    client.force_login(county.secretary_a)
    assert client.get(detail).json()["stars"] == 4
    client.logout()
    assert client.get(url).status_code == 401


def test_run_in_the_background_and_publish(client, county, django_capture_on_commit_callbacks):
    published_round(county, {county.village_a1: "88"})
    client.force_login(county.secretary_a)
    payload = {"issuer": county.township_a.pk, "year": last_year()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api:honors-star-rating-run"), payload, content_type="application/json"
        )
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["issuer"], job["year"], job["status"]) == (
        county.township_a.pk,
        last_year(),
        "pending",
    )
    done = client.get(reverse("api:honors-star-run-detail", args=[job["id"]])).json()
    assert done["status"] == "done"
    assert (done["progress_done"], done["progress_total"]) == (1, 1)
    assert done["summary"] == {"rated": 1, "not_rated": 0, "by_stars": {"3": 1}}
    client.force_login(county.secretary_b)
    assert client.get(reverse("api:honors-star-run-detail", args=[job["id"]])).status_code == 404
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("api:honors-star-rating-publish"), payload, content_type="application/json"
    )
    assert response.json() == {"published": 1}
    again = client.post(
        reverse("api:honors-star-rating-publish"), payload, content_type="application/json"
    )
    assert again.status_code == 400 and "year" in again.json()
    unknown = client.post(
        reverse("api:honors-star-rating-run"),
        payload | {"extra": 1},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "extra" in unknown.json()
    client.force_login(county.inspector_b)
    refused = client.post(
        reverse("api:honors-star-rating-run"),
        {"issuer": county.township_b.pk, "year": last_year()},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert StarRating.objects.unscoped("test").count() == 1


def test_criteria_read_and_set(client, county):
    client.force_login(county.secretary_a)
    body = client.get(_criteria_url(county.township_a)).json()
    assert body["source"] == "default" and body["thresholds"][0] == {
        "stars": 5,
        "min_score": "95",
    }
    new = {
        "thresholds": [{"stars": 5, "min_score": "97.5"}, {"stars": 2, "min_score": "75"}],
        "vetoes": [
            {
                "indicator": "work.rectifications_on_time",
                "when": "ratio_below",
                "value": "1",
                "effect": "max_stars",
                "stars": 2,
                "label": "整改未按期完成",
            },
            {
                "indicator": "work.items_overdue",
                "when": "count_above",
                "value": "0",
                "effect": "minus_stars",
                "stars": 1,
                "label": "逾期事项较多",
            },
        ],
    }
    response = client.put(_criteria_url(county.township_a), new, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["source"] == "own"
    assert response.json()["thresholds"] == new["thresholds"]
    # The village below follows township A's criteria.
    assert client.get(_criteria_url(county.village_a1)).json()["source"] == "above"
    bad = new | {
        "vetoes": [*new["vetoes"], dict(new["vetoes"][0], indicator="orglife.nothing_registered")],
    }
    response = client.put(_criteria_url(county.township_a), bad, content_type="application/json")
    assert response.status_code == 400
    assert "orglife.nothing_registered" in response.json()["vetoes"][0]
    row = StarCriteria.objects.unscoped("test").get()
    assert len(row.vetoes) == 2  # unchanged
    looser = new | {"vetoes": new["vetoes"][1:]}
    response = client.put(_criteria_url(county.township_a), looser, content_type="application/json")
    assert response.status_code == 400
    assert "整改未按期完成" in response.json()["vetoes"][0]
    client.force_login(county.secretary_b)
    assert client.get(_criteria_url(county.township_a)).status_code == 404
    response = client.put(_criteria_url(county.township_a), new, content_type="application/json")
    assert response.status_code == 404
    client.force_login(county.inspector_b)
    response = client.put(_criteria_url(county.township_b), new, content_type="application/json")
    assert response.status_code == 403
