"""Reads of rounds: who sees which sheet (scored, published), the sheet's lines in tree
order, and the bulletin's `published_ranking`."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

from django.utils import timezone

from dangjian.assess import round_selectors as selectors
from dangjian.assess.models import AssessRound, RuleItem, Score, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.assess.tests.matrix_round import published_round


def _orgs(rows) -> list[str]:
    return [row["org__name"] for row in rows]


def test_who_sees_the_sheets_of_a_round_being_scored(county):
    row = fixtures.round_(county)
    assert _orgs(selectors.round_sheets(county.dept_admin, row)) == ["甲镇党委", "乙镇党委"]
    assert _orgs(selectors.round_sheets(county.inspector_b, row)) == ["乙镇党委"]
    for user in (county.secretary_a, county.secretary_b, county.member_a):
        assert selectors.round_sheets(user, row) == []
        assert not selectors.round_list(user).exists()


def test_published_each_township_sees_its_own(county):
    row = published_round(county)
    assert _orgs(selectors.round_sheets(county.secretary_a, row)) == ["甲镇党委"]
    (group,) = selectors.ranking(county.secretary_b, row)
    assert group.category == "township" and _orgs(group.sheets) == ["乙镇党委"]
    assert (group.sheets[0]["grade"], group.sheets[0]["rank"]) == ("good", 2)
    assert selectors.round_sheets(county.member_a, row) == []


def test_sheet_lines_in_tree_order_with_scores(county):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    sheet = fixtures.sheet(row, county.township_a)
    a1 = RuleItem.objects.unscoped("test").get(ruleset=rules, code="A1")
    Score.objects.create(sheet=sheet, item=a1, points=D(38), reason="缺额")
    lines = selectors.sheet_lines(sheet)
    assert [(line.item.code, line.level, line.is_leaf) for line in lines] == [
        ("A", 0, False),
        ("A1", 1, True),
        ("A2", 1, True),
        ("B", 0, True),
        ("X", 0, True),
        ("Y", 0, True),
    ]
    assert lines[1].points_text == "38" and lines[2].points_text == "—"


def test_published_ranking_is_the_latest_published_round_covering_the_month(county):
    month = timezone.localdate().replace(day=1)
    assert selectors.published_ranking(county.root, month) == []
    row = published_round(county)
    ranked = selectors.published_ranking(county.root, month)
    assert [(r.org_name, r.rank, r.total, r.grade) for r in ranked] == [
        ("甲镇党委", 1, D(92), "good"),
        ("乙镇党委", 2, D(85), "good"),
    ]
    AssessRound.objects.unscoped("test").filter(pk=row.pk).update(status="scoring")
    assert selectors.published_ranking(county.root, month) == []
    other = datetime.date(2000, 1, 1)
    assert selectors.published_ranking(county.root, other) == []
    assert ScoreSheet.objects.unscoped("test").count() == 2
