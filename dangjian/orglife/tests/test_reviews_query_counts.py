"""SQL queries of the review and election pages, pinned for a round of one extra member and
of twenty: the counts per member are one aggregate query, whatever the number of members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.orglife import reviews_services
from dangjian.orglife.models import ReviewEntry
from dangjian.orglife.tests.reviews_fixtures import review_round
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

COMMITTEE = {"rounds": 6, "round": 9, "elections": 8}
MEMBER = {"rounds": 6, "round": 7, "rate form": 9}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_review_query_counts_are_pinned(client, county, rows):
    round_ = review_round(county, extra=EXTRA if rows == "many" else 1)
    others = [
        entry.person_id
        for entry in ReviewEntry.objects.unscoped("test").filter(round=round_)
        if entry.person_id != county.person_a.pk
    ]
    reviews_services.rate(
        actor=county.member_a, round_=round_, grades={pk: "qualified" for pk in others}
    )
    committee = counts(
        client,
        county.secretary_a,
        {
            "rounds": reverse("orglife:reviews"),
            "round": reverse("orglife:review-detail", args=[round_.pk]),
            "elections": reverse("orglife:elections"),
        },
    )
    member = counts(
        client,
        county.member_a,
        {
            "rounds": reverse("orglife:reviews"),
            "round": reverse("orglife:review-detail", args=[round_.pk]),
            "rate form": reverse("orglife:review-rate", args=[round_.pk]),
        },
    )
    assert committee == COMMITTEE
    assert member == MEMBER
