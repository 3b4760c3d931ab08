"""/api/v1/work/visits: create (same service as the form), scoped list, coverage, bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.conftest import make_org, make_user
from dangjian.orgs.scoping import Role
from dangjian.work.models import Visit
from dangjian.work.tests.matrix_visit import assignment, unit_cadre, visit
from dangjian.work.tracking import local_today

LIST = "api:work-visit-list"
COVERAGE = "api:work-visit-coverage"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_cadre_posts_own_visit_with_defaults(client, county):
    row = assignment(county, started_on=datetime.date(2025, 1, 1))
    user = make_user("cadre", (Role.MEMBER, county.unit))
    row.cadre.user = user
    row.cadre.save()
    client.force_login(user)
    response = client.post(
        reverse(LIST),
        {"org": county.village_a1.pk, "purpose": "党建督导", "follow_ups": "下月回访"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["visitor"] == row.cadre_id and body["visited_on"] == local_today().isoformat()
    assert body["follow_ups"] == "下月回访" and response["Location"] == body["url"]
    listed = client.get(reverse(LIST)).json()  # their own visit, in their sight
    assert [item["id"] for item in listed["results"]] == [body["id"]]


def test_bad_input_names_the_fields(client, county):
    cadre = assignment(county, started_on=datetime.date(2025, 1, 1)).cadre
    client.force_login(county.secretary_a)
    url = reverse(LIST)
    response = client.post(url, {"org": county.village_a1.pk}, content_type="application/json")
    assert response.status_code == 400 and set(response.json()) == {"purpose"}
    response = client.post(
        url,
        {"org": county.village_a1.pk, "purpose": "x", "colour": "red"},
        content_type="application/json",
    )
    assert set(response.json()) == {"colour"}
    response = client.post(  # the secretary has no person record: name the visitor
        url, {"org": county.village_a1.pk, "purpose": "x"}, content_type="application/json"
    )
    assert "no person record" in response.json()["visitor"][0]
    tomorrow = (local_today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {"org": county.village_a1.pk, "visitor": cadre.pk, "purpose": "x", "visited_on": tomorrow},
        content_type="application/json",
    )
    assert response.status_code == 400 and "after today" in response.json()["visited_on"][0]
    response = client.post(
        url,
        {"org": county.village_a1.pk, "visitor": 999999, "purpose": "x"},
        content_type="application/json",
    )
    assert "No such person" in response.json()["visitor"][0]
    assert not Visit.objects.unscoped("test").exists()


def test_out_of_scope_org_is_404_unknown_too(client, county):
    cadre = assignment(county, started_on=datetime.date(2025, 1, 1)).cadre
    client.force_login(county.secretary_b)
    for org in (county.village_a1.pk, 999999):
        response = client.post(
            reverse(LIST),
            {"org": org, "visitor": cadre.pk, "purpose": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404
    assert not Visit.objects.unscoped("test").exists()


def test_list_is_scoped_and_filtered(client, county):
    cadre = unit_cadre(county)
    visit(county, county.village_a1, visitor=cadre, visited_on=datetime.date(2026, 5, 31))
    visit(county, county.village_b1, visitor=cadre, visited_on=datetime.date(2026, 6, 1))
    client.force_login(county.secretary_b)
    names = [row["org_name"] for row in client.get(reverse(LIST)).json()["results"]]
    assert names == [county.village_b1.name]
    client.force_login(county.dept_admin)
    body = client.get(reverse(LIST) + "?month=2026-05").json()
    assert [row["org_name"] for row in body["results"]] == [county.village_a1.name]
    assert client.get(reverse(LIST) + "?month=May").status_code == 400
    assert set(client.get(reverse(LIST) + "?org=abc").json()) == {"org"}
    assert client.get(reverse(LIST) + "?org=999999").status_code == 404


def test_coverage(client, county):
    cadre = unit_cadre(county)
    assignment(county, cadre=cadre, started_on=datetime.date(2026, 1, 1))
    visit(county, county.village_a1, visitor=cadre, visited_on=datetime.date(2026, 6, 30))
    client.force_login(county.dept_admin)
    body = client.get(reverse(COVERAGE) + "?month=2026-06").json()
    assert body["org"] == county.root.pk and body["month"] == "2026-06"
    assert (body["grassroots_total"], body["visited"], body["share"]) == (2, 1, 0.5)
    assert [row["org"] for row in body["not_visited"]] == [county.village_b1.pk]
    assert [(c["name"], c["visits"], c["missing"]) for c in body["cadres_below"]] == [
        ("王干部", 1, 1)
    ]
    assert [(t["org_name"], t["visited"], t["total"]) for t in body["townships"]] == [
        ("甲镇党委", 1, 1),
        ("乙镇党委", 0, 1),
    ]
    assert body["visits_per_cadre"] == 2 and body["cadre_period"] == "month"
    body = client.get(reverse(COVERAGE) + f"?month=2026-06&org={county.township_b.pk}").json()
    assert (body["grassroots_total"], body["visited"], body["cadres"]) == (1, 0, [])
    for bad in ("2026-13", "2026-6", "june"):
        response = client.get(reverse(COVERAGE) + f"?month={bad}")
        assert response.status_code == 400 and set(response.json()) == {"month"}
    assert set(client.get(reverse(COVERAGE) + "?org=x").json()) == {"org"}
    client.force_login(county.secretary_b)
    url = reverse(COVERAGE) + f"?org={county.township_a.pk}"
    assert client.get(url).status_code == 404
    assert client.get(reverse(COVERAGE)).json()["org"] == county.township_b.pk


def _rows(county, start: int, count: int) -> None:
    for number in range(start, start + count):
        org = make_org(county.superuser, county.township_a, f"X{number}", f"新村{number}党支部")
        cadre = unit_cadre(county, f"干部{number}")
        assignment(county, org, cadre=cadre, started_on=datetime.date(2026, 1, 1))
        visit(county, org, visitor=cadre, visited_on=local_today())


@pytest.mark.parametrize("name", [LIST, COVERAGE])
def test_api_fixed_query_count(client, county, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(county.dept_admin)
    _rows(county, 0, 3)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse(name)).status_code == 200
    _rows(county, 3, 3)
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse(name)).status_code == 200
    assert len(second) == len(first)
    assert len(first) == {LIST: 5, COVERAGE: 9}[name], [q["sql"][:100] for q in first]
