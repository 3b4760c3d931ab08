"""SQL queries of the star pages and API, pinned for one rated organization and for twenty:
the list, the plaque list, the public list, the API list; and the rating run's queries grow
with the organizations only through the vetoes' indicators (none here)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.conftest import make_org
from dangjian.honors import star_services
from dangjian.honors.tests.fixtures_star import last_year, no_vetoes, published_round
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

# Session, user and grants first on every page, the menu's unread notices last (pages only).
# list — issuers (CHANGE), filter organizations, their latest rating jobs, count, the page of
# ratings; plaque — the
# ratings; API list — count, the page.
PAGES = {
    "list": 9,
    "plaque": 5,
    "api list": 5,
}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_star_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    villages = [county.village_a1]
    for i in range(extra):
        villages.append(make_org(county.superuser, county.township_a, f"V{i}", f"甲镇村{i}"))
    published_round(county, {org: str(70 + i) for i, org in enumerate(villages)})
    no_vetoes(county)
    star_services.rating_run(actor=county.dept_admin, issuer=county.township_a, year=last_year())
    star_services.ratings_publish(
        actor=county.dept_admin, issuer=county.township_a, year=last_year()
    )
    year = last_year()
    found = counts(
        client,
        county.secretary_a,
        {
            "list": reverse("honors:star-list") + f"?year={year}",
            "plaque": reverse("honors:star-plaque", args=[year]),
            "api list": reverse("api:honors-star-rating-list") + f"?year={year}",
        },
    )
    assert found == PAGES
    page = client.get(reverse("honors:star-list") + f"?year={year}").content.decode()
    assert page.count("<tr data-org=") == 1 + extra
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("honors:star-public", args=[year]))
    assert response.content.decode().count("list-group-item") == 1 + extra
    assert len(queries) <= 4, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("rows", ["one", "many"])
def test_a_run_without_vetoes_reads_in_constant_queries(county, rows):
    """Grants, criteria, results (one query), organizations, then in a savepoint one update,
    one insert and the audit entry."""
    extra = EXTRA if rows == "many" else 0
    villages = [county.village_a1]
    for i in range(extra):
        villages.append(make_org(county.superuser, county.township_a, f"V{i}", f"甲镇村{i}"))
    published_round(county, {org: "90" for org in villages})
    no_vetoes(county)
    with CaptureQueriesContext(connection) as queries:
        star_services.rating_run(
            actor=county.dept_admin, issuer=county.township_a, year=last_year()
        )
    assert len(queries) == 10, [q["sql"] for q in queries.captured_queries]
