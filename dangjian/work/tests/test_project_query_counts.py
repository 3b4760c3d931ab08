"""SQL queries of the key-project pages and API, pinned for one project and for twenty (each
with reports and milestones): the status is computed in bulk, never one query per project."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.study.tests.test_query_counts import counts
from dangjian.work import project_services as services
from dangjian.work.tests.matrix_project import project
from dangjian.work.tracking import local_today

EXTRA = 19
YEAR = local_today().year

SECRETARY = {"board": 9, "project": 10, "api projects": 6, "api project": 8}
MEMBER = {"board": 10, "project": 10, "api projects": 7}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_project_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    milestones = [(datetime.date(YEAR, 6, 30), "中期"), (datetime.date(YEAR, 12, 31), "验收")]
    made = [project(county, title=f"甲村项目{i}", milestones=milestones) for i in range(1 + extra)]
    for row in made:
        services.project_report(actor=county.secretary_a, project=row, text="进展")
    detail = made[0].pk
    secretary = counts(
        client,
        county.secretary_a,
        {
            "board": reverse("work:project-board"),
            "project": reverse("work:project-detail", args=[detail]),
            "api projects": reverse("api:work-project-list"),
            "api project": reverse("api:work-project-detail", args=[detail]),
        },
    )
    assert secretary == SECRETARY
    member = counts(
        client,
        county.member_a,
        {
            "board": reverse("work:project-board"),
            "project": reverse("work:project-detail", args=[detail]),
            "api projects": reverse("api:work-project-list"),
        },
    )
    assert member == MEMBER
