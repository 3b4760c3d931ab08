"""List pages of 党员百时奉献 answer in the same number of queries for 1 row as for 20: the
organization's progress page (members), the queue, my service, activities, and the API's
progress page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.conftest import make_person
from dangjian.honors.models import ServiceSignup
from dangjian.honors.tests import fixtures_service as fx

DAY = datetime.date(2026, 3, 2)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(county, extra: int) -> None:
    """`extra` more members of village A1 (each with records) and more of everything else."""
    for n in range(extra):
        person = make_person(county.superuser, county.village_a1, f"党员{n}")
        fx.hours_record(person, DAY, 2)
        fx.hours_record(person, DAY + datetime.timedelta(days=1), 1, status="pending")
        fx.record(county.person_a, DAY + datetime.timedelta(days=n + 2), "08:00", "09:00")
        activity = fx.coming_activity(county.township_a, title=f"活动{n}")
        ServiceSignup.objects.create(activity=activity, person=person)


@pytest.mark.parametrize(
    ("user", "url"),
    [
        (
            "secretary_a",
            lambda c: reverse("honors:service-progress") + f"?org={c.township_a.pk}&year=2026",
        ),
        ("secretary_a", lambda c: reverse("honors:service-queue")),
        ("member_a", lambda c: reverse("honors:service-mine") + "?year=2026"),
        ("member_a", lambda c: reverse("honors:service-activities")),
        ("secretary_a", lambda c: reverse("api:honors-service-progress") + "?year=2026"),
        ("secretary_a", lambda c: reverse("api:honors-service-list") + "?year=2026"),
    ],
    ids=["progress", "queue", "mine", "activities", "api-progress", "api-list"],
)
def test_constant_in_rows(client, county, user, url, django_assert_num_queries):
    client.force_login(getattr(county, user))
    _grow(county, 1)
    one = _queries(client, url(county))
    _grow(county, 19)
    with django_assert_num_queries(one):
        assert client.get(url(county)).status_code == 200
