"""SQL queries of 群众评议, pinned: the public submit in code mode (API and form) — the path
the load benchmark drives — and the staff pages for one row and for twenty."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.assess.tests import fixtures_eval as fx
from dangjian.conftest import make_org
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19
# One SELECT of the code (with its point's state), SAVEPOINT, INSERT, RELEASE.
PUBLIC_SUBMIT = 4
# The page: the point, then as the API.
PUBLIC_FORM_SUBMIT = 5
PUBLIC_PAGE = 2  # the point, the approved comments

STAFF_PAGES = {
    "overview": 6,
    "results": 10,
    "moderation": 5,
    "codes": 7,
    "api summary": 5,
}


def _queries(send) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code in (201, 303, 200), response.content[:300]
    return len(queries), [q["sql"] for q in queries]


def test_public_submit_is_lean(county):
    cache.clear()
    point = fx.point(county)
    anonymous = Client()
    for _ in range(2):  # the same on the second call (nothing cached on the first)
        code = fx.code(county).code
        n, sql = _queries(
            lambda code=code: anonymous.post(
                "/api/v1/public/evaluations",
                {"code": code, "overall": "satisfied"},
                content_type="application/json",
            )
        )
        assert n == PUBLIC_SUBMIT, sql
        assert sum(s.startswith("INSERT") for s in sql) == 1
        assert not any("session" in s or "audit" in s for s in sql), sql
    url = reverse("assess:eval-public", args=[point.public_key])
    code = fx.code(county).code
    n, sql = _queries(lambda: anonymous.post(url, {"code": code, "overall": "basic"}))
    assert n == PUBLIC_FORM_SUBMIT, sql
    n, sql = _queries(lambda: anonymous.get(url))
    assert n == PUBLIC_PAGE, sql


@pytest.mark.parametrize("rows", ["one", "many"])
def test_staff_pages_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    fx.point(county)
    for i in range(extra):
        org = make_org(county.superuser, county.township_a, f"E{i}", f"甲镇第{i}单位")
        fx.point(county, org)
        fx.evaluation(county, org, comment=f"意见{i}", dimensions={"attitude": "basic"})
        fx.code(county, org)
    for i in range(1 + extra):
        fx.evaluation(county, comment=f"甲镇意见{i}", dimensions={"attitude": "satisfied"})
        fx.code(county)
    month = fx.this_month().strftime("%Y-%m")
    a = county.township_a.pk
    found = counts(
        client,
        county.secretary_a,
        {
            "overview": reverse("assess:eval-overview"),
            "results": reverse("assess:eval-results", args=[a]) + f"?period={month}",
            "moderation": reverse("assess:eval-moderation"),
            "codes": reverse("assess:eval-codes", args=[a]) + f"?period={month}",
            "api summary": reverse("api:assess-evaluation-summary") + f"?org={a}",
        },
    )
    assert found == STAFF_PAGES
