"""SQL queries of the 发展党员 pages and API, pinned for one row and for twenty: steps on a
person's record (page, API) and people on the pipeline's drill-down and the alerts."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from dangjian.orglife import development_services as services
from dangjian.orglife.tests.development_helpers import applicant, walk
from dangjian.study.tests.test_query_counts import counts

PAGES = {"record": 9, "api record": 6, "pipeline": 9, "drill-down": 10, "alerts": 8}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_development_query_counts_are_pinned(client, county, rows):
    person = applicant(county)
    many = rows == "many"
    walk(county, person, "oath" if many else "applicant")  # 21 steps, or 1
    overdue = timezone.localdate() - relativedelta(months=2)
    for i in range(20 if many else 1):
        waiting = applicant(county, f"待谈话{i}")
        services.step_record(actor=county.superuser, person=waiting, step="applicant", date=overdue)
    drill = f"?org={county.township_a.pk}&stage=applicant"
    found = counts(
        client,
        county.secretary_a,
        {
            "record": reverse("orglife:development-person", args=[person.pk]),
            "api record": reverse("api:orglife-development-detail", args=[person.pk]),
            "pipeline": reverse("orglife:development-pipeline"),
            "drill-down": reverse("orglife:development-pipeline") + drill,
            "alerts": reverse("orglife:development-alerts"),
        },
    )
    assert found == PAGES
    page = client.get(reverse("orglife:development-alerts")).content.decode()
    assert page.count('data-kind="talk_overdue"') == (
        20 if many else 2
    )  # the walked applicant waits too
