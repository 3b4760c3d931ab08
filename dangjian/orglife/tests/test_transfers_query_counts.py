"""SQL queries of the transfer pages and API list, pinned for one transfer and for twenty."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.conftest import make_person
from dangjian.orglife import transfer_services as services
from dangjian.orglife.tests.matrix_transfer import issued, village_a2
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

SENDER = {
    "pending": 5,
    "history": 6,  # + the organization filter's choices
    "detail": 5,
    "api pending": 5,
    "api history": 5,
}
RECEIVER = {
    "pending": 5,
    "history": 6,  # + the organization filter's choices
    "api pending": 5,
}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_transfer_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    people = [county.person_a] + [
        make_person(county.superuser, county.village_a1, f"甲村党员{i}") for i in range(extra)
    ]
    pending = [issued(county, person=p, to_org=county.village_b1) for p in people]
    for i in range(1 + extra):
        leaving = make_person(county.superuser, county.village_a1, f"退回{i}")
        decided = issued(county, person=leaving, to_org=village_a2(county))
        services.transfer_return(actor=county.superuser, transfer=decided, reason="材料不全")
    urls = {
        "pending": reverse("orglife:transfer-list"),
        "history": reverse("orglife:transfer-history"),
        "detail": reverse("orglife:transfer-detail", args=[pending[0].pk]),
        "api pending": reverse("api:orglife-transfer-list") + "?state=pending",
        "api history": reverse("api:orglife-transfer-list") + "?state=history",
    }
    assert counts(client, county.secretary_a, urls) == SENDER
    receiver = {name: urls[name] for name in RECEIVER}
    assert counts(client, county.secretary_b, receiver) == RECEIVER
    body = client.get(urls["pending"]).content.decode()
    assert body.count('id="transfer-') == len(pending) + body.count('id="transfer-rows"')
