"""SQL queries of the progress pages and API, pinned for one row and for twenty: items in the
lists (overdue, due soon, mine, API list), reports in an item's history (page, API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.conftest import make_org
from dangjian.study.tests.test_query_counts import counts
from dangjian.work.models import ItemEvidence, ItemReport
from dangjian.work.tests import fixtures

EXTRA = 19

ORGANIZER_PAGES = {
    "overdue": 7,
    "due soon": 7,
    "item": 10,
    "report form": 10,
    "api items": 5,
    "api overdue": 6,
    "api item": 8,
}
MEMBER_PAGES = {"mine": 7, "item": 10, "api items": 6}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_progress_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    plan = fixtures.plan(county)
    items = []
    for i in range(1 + extra):
        org = county.village_a1
        if i:
            org = make_org(county.superuser, county.township_a, f"A{i + 2}", f"甲镇第{i + 2}支部")
        items.append(fixtures.item(county, plan, number=i + 1, days=-1 - i, org=org))
        fixtures.item(county, plan, number=100 + i, days=1, title=f"临期{i}")
    first = items[0]
    for i in range(1 + extra):
        report = ItemReport.objects.create(
            item=first, outcome="partly", text=f"进展{i}", reported_by=county.member_a
        )
        ItemEvidence.objects.create(report=report, name=f"{i}.png", size=3, file=f"t/{i}.png")
    organizer = counts(
        client,
        county.secretary_a,
        {
            "overdue": reverse("work:item-overdue"),
            "due soon": reverse("work:item-due-soon"),
            "item": reverse("work:item-detail", args=[first.pk]),
            "report form": reverse("work:item-report", args=[first.pk]),
            "api items": reverse("api:work-item-list"),
            "api overdue": reverse("api:work-item-list")
            + f"?status=overdue&org={county.township_a.pk}",
            "api item": reverse("api:work-item-detail", args=[first.pk]),
        },
    )
    assert organizer == ORGANIZER_PAGES
    member = counts(
        client,
        county.member_a,
        {
            "mine": reverse("work:item-mine"),
            "item": reverse("work:item-detail", args=[first.pk]),
            "api items": reverse("api:work-item-list"),
        },
    )
    assert member == MEMBER_PAGES
    page = client.get(reverse("work:item-mine")).content.decode()
    assert page.count("data-item=") == 2 * (1 + extra)
