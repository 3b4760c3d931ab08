"""SQL queries of the dues pages and API, pinned for one member and for twenty: the sheet is
three queries (people, bases, payments) whatever the number of members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.conftest import make_person
from dangjian.orglife.tests.dues_fixtures import declare, pay
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

SECRETARY = {
    "sheet": 8,
    "owed": 8,
    "summary": 9,
    "publication": 8,
    "ledger": 7,
    "pay form": 6,
    "person": 7,
    "api": 7,
}
MEMBER = {"home": 10, "sheet": 9, "publication": 9, "api": 8}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_dues_query_counts_are_pinned(client, county, rows):
    people = [county.person_a]
    for i in range(EXTRA if rows == "many" else 0):
        people.append(make_person(county.superuser, county.village_a1, f"甲村党员{i}"))
    for person in people:
        declare(county, person)
        pay(county, person)
    org = county.village_a1.pk
    secretary = counts(
        client,
        county.secretary_a,
        {
            "sheet": reverse("orglife:dues-org", args=[org]),
            "owed": reverse("orglife:dues-owed", args=[org]),
            "summary": reverse("orglife:dues-summary", args=[county.township_a.pk]),
            "publication": reverse("orglife:dues-publication", args=[org]),
            "ledger": reverse("orglife:dues-ledger-xlsx", args=[org]),
            "pay form": reverse("orglife:dues-pay", args=[org]),
            "person": reverse("orglife:dues-person", args=[county.person_a.pk]),
            "api": reverse("api:orglife-dues-list") + f"?org={org}",
        },
    )
    assert secretary == SECRETARY
    member = counts(
        client,
        county.member_a,
        {
            "home": reverse("orglife:dues-home"),
            "sheet": reverse("orglife:dues-org", args=[org]),
            "publication": reverse("orglife:dues-publication", args=[org]),
            "api": reverse("api:orglife-dues-list") + f"?org={org}",
        },
    )
    assert member == MEMBER
    sheet = client.get(reverse("orglife:dues-org", args=[org])).content.decode()
    assert sheet.count('id="member-') == 1  # the member's own row only


@pytest.mark.parametrize("branches", [0, 6])
def test_summary_queries_do_not_grow_with_organizations(client, county, branches):
    from dangjian.conftest import make_org

    for i in range(branches):
        org = make_org(county.superuser, county.township_a, f"DS{i}", f"甲镇第{i}党支部")
        declare(county, make_person(county.superuser, org, f"支部党员{i}"))
    declare(county)
    url = reverse("orglife:dues-summary", args=[county.township_a.pk])
    assert counts(client, county.secretary_a, {"summary": url}) == {"summary": 9}
    page = client.get(url).content.decode()
    assert page.count('id="summary-') == 1 + branches + 1  # the organizations and the total
