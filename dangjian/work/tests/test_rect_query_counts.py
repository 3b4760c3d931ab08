"""SQL queries of the ledger's list page, export, row page and API, pinned for one row and for
twenty (the same count)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.study.tests.test_query_counts import counts
from dangjian.work import rect_services
from dangjian.work.tests.matrix_rect import rect

EXTRA = 19

ORGANIZER = {"ledger": 8, "export": 6, "row": 9, "api ledger": 5, "api row": 7}
MEMBER = {"ledger": 9, "api ledger": 6}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_rect_query_counts_are_pinned(client, county, rows):
    made = [rect(county, problem=f"问题{i}") for i in range(1 + (EXTRA if rows == "many" else 0))]
    for row in made:
        rect_services.rect_report(actor=county.member_a, rect=row, outcome="partly", text="推进中")
    detail = made[0].pk
    organizer = counts(
        client,
        county.secretary_a,
        {
            "ledger": reverse("work:rect-list"),
            "export": reverse("work:rect-export"),
            "row": reverse("work:rect-detail", args=[detail]),
            "api ledger": reverse("api:work-rectification-list"),
            "api row": reverse("api:work-rectification-detail", args=[detail]),
        },
    )
    assert organizer == ORGANIZER
    member = counts(
        client,
        county.member_a,
        {"ledger": reverse("work:rect-list"), "api ledger": reverse("api:work-rectification-list")},
    )
    assert member == MEMBER
