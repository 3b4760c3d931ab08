"""SQL queries per page, pinned (netbox's query_counts): a county administrator and a township
secretary on the main pages, with one row and with twenty, must issue exactly these queries.

A page that starts querying per row (an N+1) or a header that adds a query to every page
fails here. Each page pays 4 for being a logged-in page: the session, the user, the user's
grants (cached on the user for the request) and the unread-notice count. The session row is
not rewritten on every request (dangjian/lib/sessions.py), so there is no UPDATE.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.conftest import make_org, make_person
from dangjian.orgs import services
from dangjian.originality.models import Check, Submission

pytestmark = pytest.mark.django_db

EXTRA = 19  # "many": twenty rows where "one" has one

# page → queries, the same for both users and for one row or twenty.
EXPECTED = {
    "home": 11,  # + the study panel: the account's person record, the review queue's count
    "org list": 5,
    "org tree children": 6,
    "people list": 6,
    "people search": 6,
    "people who left": 6,
    "person detail": 8,  # + organization life's panel: a pending transfer of the person
    "terms due": 6,  # paginated: a COUNT, then the page
    "check list": 6,
}


def pages(county) -> dict[str, tuple[str, dict]]:
    return {
        "home": (reverse("home"), {}),
        "org list": (reverse("orgs:org-list"), {}),
        "org tree children": (
            reverse("orgs:org-children", args=[county.township_a.pk]),
            {"HTTP_HX_REQUEST": "true"},
        ),
        "people list": (reverse("orgs:person-list"), {}),
        "people search": (reverse("orgs:person-list") + "?q=甲", {}),
        "people who left": (reverse("orgs:person-list") + "?standing=all", {}),
        "person detail": (reverse("orgs:person-detail", args=[county.person_a.pk]), {}),
        "terms due": (reverse("orgs:org-terms"), {}),
        "check list": (reverse("originality:check-list"), {}),
    }


def add_rows(county, n: int) -> None:
    """n more of everything the pages list, all in township A (both users see them)."""
    su = county.superuser
    elected = datetime.date(2020, 6, 1)  # a five-year term: due, and listed on the terms page
    services.org_update(actor=su, org=county.village_a1, term_elected_on=elected, term_years=5)
    submission = Submission.objects.create(
        org=county.village_a1, title="心得", text="学习心得" * 20, author=county.person_a
    )
    Check.objects.create(submission=submission, status=Check.Status.DONE, total_ratio=0.1)
    for i in range(n):
        org = make_org(su, county.township_a, f"AX{i}", f"甲镇第{i}村党支部")
        services.org_update(actor=su, org=org, term_elected_on=elected, term_years=5)
        person = make_person(su, org, f"甲村民{i}")
        if i % 2:  # listed with their exit under "everyone, including people who left"
            services.person_exit(actor=su, person=person, status="deceased", on=elected)
        Check.objects.create(submission=submission, status=Check.Status.DONE, total_ratio=0.2)


def query_counts(client, user, county) -> dict[str, int]:
    client.force_login(user)
    client.get(reverse("home"))  # the first page after logging in may touch the session
    counts = {}
    for name, (url, headers) in pages(county).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("rows", ["one", "many"])
@pytest.mark.parametrize("persona", ["dept_admin", "secretary_a"])
def test_query_counts_are_pinned(client, county, persona, rows):
    add_rows(county, EXTRA if rows == "many" else 0)
    assert query_counts(client, getattr(county, persona), county) == EXPECTED


def test_no_session_write_per_request(client, county):
    client.force_login(county.secretary_a)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("orgs:person-list"))
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
