"""SQL queries of the commitment and post pages and API, pinned for one row and for twenty:
organizations in the overview, commitments (with their updates) in an organization's list,
on the public page and in the APIs, posts in the list and on the public page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.conftest import make_org, make_person
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

# Session, user and grants come first on every signed-in page, the menu's unread notices
# last (pages only). Overview — count, the grouped counts, their organizations, the
# organization picker; org list —
# the organization, count, commitments with update counts; detail — the commitment, its
# updates; mine — person, commitments, updates, posts, person record; post list — count,
# posts, the picker; API lists — count, rows (+ updates); public — the organization, commitments,
# updates, posts (no session for anonymous visitors).
PAGES = {
    "overview": 8,
    "org list": 7,
    "detail": 7,
    "mine": 6,
    "post list": 7,
    "api commitments": 6,
    "api posts": 5,
}
# A member's reach over their own rows needs their person record (one query more).
MEMBER_PAGES = {"mine": 9, "api commitments": 7}
PUBLIC = {"page": 4, "api": 4}


def _rows(county, extra: int) -> None:
    year = 2026
    fx.commitment(county, org=county.village_a1, year=year, title="支部承诺")
    fx.post(county, person=county.person_a)
    for i in range(extra):
        village = make_org(county.superuser, county.township_a, f"V{i}", f"甲镇{i}村党支部")
        fx.commitment(county, org=village, year=year, title=f"{i}村承诺")
        person = make_person(county.superuser, county.village_a1, f"党员{i}")
        row = fx.commitment(county, person=person, year=year, title=f"承诺{i}")
        fx.update(row, text=f"进展{i}")
        fx.post(county, person=person, title=f"示范岗{i}")
    own = fx.commitment(county, person=county.person_a, year=year, title="本人承诺")
    for i in range(1 + extra):
        fx.update(own, text=f"本人进展{i}")


@pytest.mark.parametrize("rows", ["one", "many"])
def test_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    _rows(county, extra)
    own = county.person_a
    from dangjian.honors.models import Commitment

    mine = Commitment.objects.unscoped("test").get(person=own)
    found = counts(
        client,
        county.secretary_a,
        {
            "overview": reverse("honors:commitment-overview") + "?year=2026",
            "org list": reverse("honors:commitment-org", args=[county.village_a1.pk])
            + "?year=2026",
            "detail": reverse("honors:commitment-detail", args=[mine.pk]),
            "mine": reverse("honors:commitment-mine"),
            "post list": reverse("honors:post-list"),
            "api commitments": reverse("api:honors-commitment-list"),
            "api posts": reverse("api:honors-post-list"),
        },
    )
    assert found == PAGES
    member = counts(
        client,
        county.member_a,
        {
            "mine": reverse("honors:commitment-mine"),
            "api commitments": reverse("api:honors-commitment-list"),
        },
    )
    assert member == MEMBER_PAGES
    client.logout()
    public = {}
    for name, url in (
        ("page", reverse("honors:commitment-public", args=[county.village_a1.pk])),
        ("api", reverse("api:public-org-commitments", args=[county.village_a1.pk])),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        public[name] = len(queries)
    assert public == PUBLIC
    page = client.get(reverse("honors:commitment-public", args=[county.village_a1.pk]))
    assert page.content.decode().count("data-commitment=") == 2 + extra
    assert page.content.decode().count("data-post=") == 1 + extra
