"""The ledger (台账): counts by year, category and organization, scope, and the .xlsx export
holding the same rows."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors import exemplar_services as services
from dangjian.honors.tests import fixtures_exemplar as fx


@pytest.fixture
def awards(county, settings, tmp_path):
    """Township A: 张甲 (member) and village A1 (organization) in November; township B: 李乙
    (member) in October."""
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    a_round = fx.round_(county)
    member = fx.nominate(county, a_round, actor=county.superuser)
    org = fx.nominate(
        county,
        a_round,
        actor=county.superuser,
        category="org",
        person=None,
        nominee_org=county.group_a1,
    )
    services.nomination_review(actor=county.dept_admin, nomination=member, decision="approve")
    fx.in_notice(county, a_round, org)
    b_round, b_member = fx.b_notice(county)
    a_round.refresh_from_db()
    made = []
    for round_obj, nominations in ((a_round, [member, org]), (b_round, [b_member])):
        made += decision_services.round_decide(
            actor=county.dept_admin,
            round_=round_obj,
            decisions=[decision_services.Decision(n.pk, True) for n in nominations],
            today=datetime.date(2026, 12, 7),
        )
    return made


def test_counts_follow_the_filters_and_the_scope(county, awards):
    everything = selectors.ledger(county.dept_admin, selectors.LedgerFilters(year=2026))
    assert selectors.ledger_counts(everything) == {"orgs": 1, "members": 2, "total": 3}
    township_a = selectors.LedgerFilters(year=2026, org=county.township_a)
    assert selectors.ledger_counts(selectors.ledger(county.dept_admin, township_a))["members"] == 1
    members = selectors.LedgerFilters(category="member")
    assert selectors.ledger_counts(selectors.ledger(county.dept_admin, members))["total"] == 2
    assert selectors.ledger(county.dept_admin, selectors.LedgerFilters(year=2025)).count() == 0
    mine = selectors.ledger(county.secretary_b, selectors.LedgerFilters())
    assert [a.nomination.nominee_person.name for a in mine] == ["李乙"]


def test_the_export_holds_the_ledger_rows(client, county, awards):
    client.force_login(county.secretary_a)
    response = client.get(reverse("honors:exemplar-ledger-export") + "?year=2026")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and township A's two awards
    names = sorted(row[3] for row in rows[1:])
    assert names == ["张甲", "甲一村第一党小组"]
    assert {row[1] for row in rows[1:]} == {"2026年11月优秀共产党员", "2026年11月先进基层党组织"}
