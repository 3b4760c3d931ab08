"""SQL queries of the rule set pages and API, pinned for one row and for twenty: rule sets in
the lists (page, API), items in a rule set (detail page, API detail, export)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.assess.models import RuleItem
from dangjian.assess.tests import fixtures
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

# Session, user, grants, the person's path (ancestors), then: list (count, issuers, the unread
# notices badge, rows), detail (rule set, items, badge), API (count + rows, or rule set +
# items).
PAGES = {
    "list": 8,
    "detail": 7,
    "export": 6,
    "api list": 6,
    "api detail": 6,
}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_ruleset_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    first = fixtures.ruleset(county, year=2026)
    for i in range(extra):
        fixtures.ruleset(county, year=2000 + i)
        RuleItem.objects.create(
            ruleset=first,
            code=f"Z{i}",
            name=f"加分{i}",
            kind="bonus",
            max_points=Decimal(1),
            position=10 + i,
        )
    found = counts(
        client,
        county.secretary_a,
        {
            "list": reverse("assess:ruleset-list"),
            "detail": reverse("assess:ruleset-detail", args=[first.pk]),
            "export": reverse("assess:ruleset-export", args=[first.pk]),
            "api list": reverse("api:assess-ruleset-list"),
            "api detail": reverse("api:assess-ruleset-detail", args=[first.pk]),
        },
    )
    assert found == PAGES
    page = client.get(reverse("assess:ruleset-detail", args=[first.pk])).content.decode()
    assert page.count('data-item="') == 6 + extra
