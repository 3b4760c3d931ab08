"""SQL queries of the KPI pages and API, pinned for one row and for twenty: units in the list,
KPIs on a board and in the API list, values in a KPI's detail."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.assess.tests import fixtures_kpi as kf
from dangjian.conftest import make_org
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

# Session, user and grants come first on every page, the menu's unread notices last (pages
# only); then: units — count, the page of units, KPI counts, values of the year;
# board — the unit, its KPIs with their latest values (one query); detail — the KPI, its
# values; API list — count, KPIs with latest values; API detail — the KPI, its values.
PAGES = {
    "units": 8,
    "board": 6,
    "detail": 6,
    "value form": 5,
    "api list": 5,
    "api detail": 5,
}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_kpi_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    kpis = []
    for i in range(1 + extra):
        kpis.append(kf.kpi(county, name=f"指标{i}", position=i))
        make_org(
            county.superuser,
            county.township_a,
            f"U{i}",
            f"甲镇企业{i}",
            category="enterprise",
            org_type="branch",
        )
    first = kpis[0]
    for i in range(1 + extra):
        kf.value(first, datetime.date(2025 - i // 12, 12 - i % 12, 1), 90 + i)
        kf.value(kpis[i], datetime.date(2026, 1, 1), 96)
    found = counts(
        client,
        county.secretary_a,
        {
            "units": reverse("assess:kpi-units"),
            "board": reverse("assess:kpi-board", args=[county.township_a.pk]),
            "detail": reverse("assess:kpi-detail", args=[first.pk]),
            "value form": reverse("assess:kpi-value", args=[first.pk]),
            "api list": reverse("api:assess-kpi-list"),
            "api detail": reverse("api:assess-kpi-detail", args=[first.pk]),
        },
    )
    assert found == PAGES
    page = client.get(reverse("assess:kpi-board", args=[county.township_a.pk])).content.decode()
    assert page.count("data-kpi=") == 1 + extra
