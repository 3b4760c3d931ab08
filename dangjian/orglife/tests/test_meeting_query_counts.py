"""SQL queries of the meeting pages and API, pinned for one row and for twenty: meetings in
the ledger (list, API), people on the list (meeting page, edit form), organizations in the
compliance table (page, API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.conftest import make_org, make_person
from dangjian.orglife.tests.matrix_meeting import meeting
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

ORGANIZER_PAGES = {
    "ledger": 9,
    "meeting": 8,
    "edit form": 8,
    "compliance": 9,
    "api meetings": 6,
    "api meeting": 5,
    "api compliance": 7,
}
MEMBER_PAGES = {"ledger": 9, "meeting": 8, "api meetings": 7}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_meeting_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    people = [county.person_a.pk]
    for i in range(extra):
        people.append(make_person(county.superuser, county.village_a1, f"甲村党员{i}").pk)
        make_org(county.superuser, county.township_a, f"A{i + 2}", f"甲镇第{i + 2}支部")
    attendance = [(pk, "present", "") for pk in people]
    meetings = [
        meeting(county, topic=f"甲村议题{i}", attendance=attendance) for i in range(1 + extra)
    ]
    detail = meetings[0].pk
    organizer = counts(
        client,
        county.secretary_a,
        {
            "ledger": reverse("orglife:meeting-list"),
            "meeting": reverse("orglife:meeting-detail", args=[detail]),
            "edit form": reverse("orglife:meeting-edit", args=[detail]),
            "compliance": reverse("orglife:meeting-compliance"),
            "api meetings": reverse("api:orglife-meeting-list"),
            "api meeting": reverse("api:orglife-meeting-detail", args=[detail]),
            "api compliance": reverse("api:orglife-compliance-list"),
        },
    )
    assert organizer == ORGANIZER_PAGES
    member = counts(
        client,
        county.member_a,
        {
            "ledger": reverse("orglife:meeting-list"),
            "meeting": reverse("orglife:meeting-detail", args=[detail]),
            "api meetings": reverse("api:orglife-meeting-list"),
        },
    )
    assert member == MEMBER_PAGES
    page = client.get(reverse("orglife:meeting-list")).content.decode()
    assert page.count("甲村议题") == 1 + extra
