"""SQL queries of the round pages and API, pinned for one row and for twenty: sheets in the
round page, the ranking (page and API) and the round API; items and scores in the sheet page."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.assess.models import AssessRound, RuleItem, Score, ScoreChange, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.conftest import make_org

EXTRA = 19
PAGES = {
    "round": 8,
    "sheet": 10,
    "ranking": 6,
    "api round": 5,
    "api ranking": 5,
    "api sheet": 8,
}


def counts(client, user, urls: dict[str, str]) -> dict[str, int]:
    client.force_login(user)
    client.get(reverse("home"))
    found = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = len(queries)
    return found


@pytest.mark.parametrize("rows", ["one", "many"])
def test_round_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    rules = fixtures.ruleset(county)
    parent = RuleItem.objects.unscoped("test").get(ruleset=rules, code="A")
    for i in range(extra):
        RuleItem.objects.create(
            ruleset=rules, parent=parent, code=f"A{i + 3}", name=f"细则{i}", max_points=0
        )
    orgs = [county.township_a]
    for i in range(extra):
        orgs.append(
            make_org(
                county.superuser,
                county.root,
                f"T{i}",
                f"第{i}镇党委",
                category="township",
                org_type="committee",
            )
        )
    row = fixtures.round_(county, rules=rules, orgs=orgs)
    AssessRound.objects.unscoped("test").filter(pk=row.pk).update(status="published")
    sheets = list(ScoreSheet.objects.unscoped("test").filter(round=row))
    for rank, sheet in enumerate(sheets, start=1):
        sheet.total, sheet.rank, sheet.grade = D(90 - rank), rank, "good"
    ScoreSheet.objects.unscoped("test").bulk_update(sheets, ["total", "rank", "grade"])
    first = fixtures.sheet(row, county.township_a)
    items = RuleItem.objects.unscoped("test").filter(ruleset=rules)
    scores = Score.objects.bulk_create(
        Score(sheet=first, item=item, points=item.max_points, explanation="x") for item in items
    )
    # Each score's history is listed on the sheet page (prefetched: one query for all).
    ScoreChange.objects.bulk_create(
        ScoreChange(
            score=score, old_points=None, new_points=score.points, changed_by=county.superuser
        )
        for score in scores
        for _ in range(2)
    )
    found = counts(
        client,
        county.dept_admin,
        {
            "round": reverse("assess:round-detail", args=[row.pk]),
            "sheet": reverse("assess:round-sheet", args=[first.pk]),
            "ranking": reverse("assess:round-ranking", args=[row.pk]),
            "api round": reverse("api:assess-round-detail", args=[row.pk]),
            "api ranking": reverse("api:assess-round-ranking", args=[row.pk]),
            "api sheet": reverse("api:assess-round-sheet", args=[row.pk, county.township_a.pk]),
        },
    )
    assert found == PAGES
