"""SQL queries of the exemplar pages and API, pinned for one row and for twenty: nominations
of a round (page and API), the ledger, the public notice page and the honor roll."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.conftest import make_org, make_person
from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_services as services
from dangjian.honors.tests import fixtures_exemplar as fx
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

# Session, user and grants first on every signed-in page, the menu's unread notices last.
# round: the round, its nominations (one annotated query), "may nominate here";
# ledger: count of the page, the page of awards, the counts, the committees of the filter;
# API nominations: count, page; API awards: count, page.
SIGNED_IN = {"round": 6, "ledger": 8, "api nominations": 5, "api awards": 5}
# No session: notice — the round, its nominations, their photos; roll — the years, the
# awards, their photos; deeds — the award, its photos.
PUBLIC = {"notice": 3, "roll": 3, "deeds": 2}


def _county_round(county, many: int):
    round_obj = fx.round_(county, org=county.root, actor=county.dept_admin)
    nominations = []
    for i in range(1 + many):
        org = make_org(
            county.superuser,
            county.root,
            f"T{i}",
            f"第{i}镇党委",
            category="township",
            org_type="committee",
        )
        person = make_person(county.superuser, org, f"模范{i}")
        nominations.append(
            fx.nominate(
                county,
                round_obj,
                actor=county.superuser,
                org=org,
                person=person,
                photos=[fx.photo()],
            )
        )
    for nomination in nominations:
        services.nomination_review(
            actor=county.dept_admin, nomination=nomination, decision="approve"
        )
    notice_services.round_start_notice(
        actor=county.dept_admin, round_=round_obj, today=datetime.date(2026, 11, 30)
    )
    return round_obj, nominations


@pytest.mark.parametrize("rows", ["one", "many"])
def test_exemplar_query_counts_are_pinned(client, county, rows, settings, tmp_path):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    extra = EXTRA if rows == "many" else 0
    round_obj, nominations = _county_round(county, extra)
    awards = decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[decision_services.Decision(n.pk, True) for n in nominations],
        today=datetime.date(2026, 12, 7),
    )
    assert len(awards) == 1 + extra
    found = counts(
        client,
        county.dept_admin,
        {
            "round": reverse("honors:exemplar-round", args=[round_obj.pk]),
            "ledger": reverse("honors:exemplar-ledger") + "?year=2026",
            "api nominations": reverse("api:honors-nomination-list") + f"?round={round_obj.pk}",
            "api awards": reverse("api:honors-award-list") + "?year=2026",
        },
    )
    assert found == SIGNED_IN
    ledger = client.get(reverse("honors:exemplar-ledger") + "?year=2026").content.decode()
    assert ledger.count("data-award=") == 1 + extra
    client.logout()
    public = {}
    for name, url in {
        "notice": reverse("honors:exemplar-notice", args=[round_obj.public_key]),
        "roll": reverse("honors:exemplar-roll") + "?year=2026",
        "deeds": reverse("honors:exemplar-roll-detail", args=[awards[0].pk]),
    }.items():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        public[name] = len(queries)
    assert public == PUBLIC
    roll = client.get(reverse("honors:exemplar-roll") + "?year=2026").content.decode()
    assert roll.count("data-award=") == 1 + extra
