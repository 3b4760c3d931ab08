"""SQL queries of the target pages and API, pinned for one committee and for twenty: the
supervision list, a committee's history, a month's items, the bulletin archive and preview, the
API status list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401
from dangjian.conftest import make_org
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19
NOV = datetime.date(2026, 11, 1)

PAGES = {
    "supervision": 7,
    "mine": 9,
    "history": 6,
    "detail": 6,
    "mark": 6,
    "bulletins": 7,
    "bulletin": 6,  # a written bulletin previews its archived .docx: nothing recomputed
    "api targets": 6,
    "api target": 5,
}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_target_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    first = fx.target(
        county,
        county.township_a,
        month=NOV,
        submitted_at=fx.on_day(NOV, 2),
        count=1 + extra,
        marks=("done", "not_done") * 10,
    )
    for i in range(extra):
        org = make_org(
            county.superuser,
            county.township_a,
            f"E{i}",
            f"甲镇第{i}企业党委",
            category="enterprise",
            org_type="committee",
        )
        fx.target(county, org, month=NOV, submitted_at=fx.on_day(NOV, 3 + i % 5), marks=("done",))
        fx.target(
            county,
            county.township_a,
            month=datetime.date(2025, 1 + i % 12, 1)
            if i < 12
            else datetime.date(2024, 1 + i % 12, 1),
        )
        fx.bulletin(county, county.township_a, month=NOV, number=10 + i)
    fx.recorded_long_ago()
    bulletin = fx.written(county, county.root, month=NOV)
    found = counts(
        client,
        county.dept_admin,
        {
            "supervision": reverse("assess:target-supervision") + "?month=2026-11",
            "mine": reverse("assess:target-mine") + f"?org={county.township_a.pk}&month=2026-11",
            "history": reverse("assess:target-history", args=[county.township_a.pk]),
            "detail": reverse("assess:target-detail", args=[first.pk]),
            "mark": reverse("assess:target-mark", args=[first.pk]),
            "bulletins": reverse("assess:bulletin-list"),
            "bulletin": reverse("assess:bulletin-detail", args=[bulletin.pk]),
            "api targets": reverse("api:assess-target-list") + "?month=2026-11",
            "api target": reverse("api:assess-target-detail", args=[first.pk]),
        },
    )
    assert found == PAGES
    page = client.get(reverse("assess:target-supervision") + "?month=2026-11").content.decode()
    assert page.count("data-org=") == 3 + extra  # townships A and B, the unit, the enterprises
