"""API of the meeting ledger: the contract's paths and keys, filters, POST with attendance
rows, the refusals by name, and compliance per org and kind."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dangjian.orglife.models import Meeting
from dangjian.orglife.tests.matrix_meeting import meeting, with_committee

LIST = "/api/v1/orglife/meetings"
COMPLIANCE = "/api/v1/orglife/compliance"


@pytest.fixture(autouse=True)
def no_throttle_carryover():
    cache.clear()


def test_paths_are_the_contracts():
    assert reverse("api:orglife-meeting-list").rstrip("/") == LIST
    assert reverse("api:orglife-meeting-detail", args=[7]).rstrip("/") == LIST + "/7"
    assert reverse("api:orglife-compliance-list").rstrip("/") == COMPLIANCE


def _payload(county, **extra) -> dict:
    return {
        "org": county.village_a1.pk,
        "kind": "committee",
        "held_on": timezone.localdate().isoformat(),
        "topic": "支委会",
        "attendance": [{"person": county.person_a.pk, "status": "present"}],
    } | extra


def test_post_records_a_meeting_with_its_attendance(client, county):
    client.force_login(county.secretary_a)
    payload = _payload(
        county,
        host=county.person_a.pk,
        attendance=[{"person": county.person_a.pk, "status": "leave", "reason": "病假"}],
    )
    response = client.post(
        reverse("api:orglife-meeting-list"), payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "committee" and body["org"] == county.village_a1.pk
    assert body["host"] == county.person_a.pk
    assert (body["expected"], body["present"], body["on_leave"], body["absent"]) == (1, 0, 1, 0)
    assert body["attendance"] == [
        {
            "person": county.person_a.pk,
            "person_name": county.person_a.name,
            "status": "leave",
            "reason": "病假",
        }
    ]
    assert response["Location"] == reverse("orglife:meeting-detail", args=[body["id"]])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "weekly"}, "kind"),
        ({"kind": "party_lecture"}, "lecturer"),
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"surprise": 1}, "surprise"),
        ({"org": 999999}, "org"),
        ({"host": 999999}, "host"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, county, change, field):
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("api:orglife-meeting-list"),
        _payload(county, **change),
        content_type="application/json",
    )
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Meeting.objects.unscoped("test").exists()


def test_attendee_from_another_org_is_a_400_naming_the_person(client, county):
    client.force_login(county.dept_admin)
    rows = [{"person": county.person_b.pk, "status": "present"}]
    response = client.post(
        reverse("api:orglife-meeting-list"),
        _payload(county, attendance=rows),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert county.person_b.name in " ".join(response.json()["attendance"])
    rows = [{"person": county.person_a.pk, "status": "leave", "reason": ""}]
    response = client.post(
        reverse("api:orglife-meeting-list"),
        _payload(county, attendance=rows),
        content_type="application/json",
    )
    assert response.status_code == 400 and f"reason_{county.person_a.pk}" in response.json()
    assert not Meeting.objects.unscoped("test").exists()


def test_list_filters_by_org_kind_and_month(client, county):
    today = timezone.localdate()
    old = datetime.date(today.year - 1, 3, 10)
    meeting(county, topic="本月")
    meeting(county, kind="committee", topic="去年", held_on=old)
    meeting(
        county,
        org=county.village_b1,
        topic="乙村",
        attendance=[(county.person_b.pk, "present", "")],
    )
    client.force_login(county.dept_admin)
    url = reverse("api:orglife-meeting-list")

    def topics(query: str) -> set[str]:
        response = client.get(url + query)
        assert response.status_code == 200, response.content
        return {row["topic"] for row in response.json()["results"]}

    assert topics("") == {"本月", "去年", "乙村"}
    assert topics(f"?org={county.township_a.pk}") == {"本月", "去年"}
    assert topics(f"?month={old:%Y-%m}") == {"去年"}
    assert topics(f"?kind=theme_day&month={today:%Y-%m}") == {"本月", "乙村"}
    assert client.get(url + "?month=2025-13").status_code == 400
    assert client.get(url + "?kind=weekly").status_code == 400
    client.force_login(county.secretary_b)
    assert client.get(url + f"?org={county.township_a.pk}").status_code == 404
    assert topics("") == {"乙村"}


def test_detail_has_the_attendance_and_is_404_out_of_reach(client, county):
    m = meeting(county)
    client.force_login(county.member_a)
    body = client.get(reverse("api:orglife-meeting-detail", args=[m.pk])).json()
    assert body["attendance"][0]["status"] == "present"
    client.force_login(county.inspector_b)
    assert client.get(reverse("api:orglife-meeting-detail", args=[m.pk])).status_code == 404


def test_compliance_per_org_and_kind(client, county):
    with_committee(county, county.village_a1)
    meeting(county, kind="committee", held_on=datetime.date(2025, 5, 6))
    client.force_login(county.secretary_a)
    response = client.get(COMPLIANCE + f"?org={county.township_a.pk}&month=2025-05")
    assert response.status_code == 200
    body = response.json()
    assert body["org"] == county.township_a.pk and body["month"] == "2025-05"
    cells = {
        (row["org"], row["kind"]): (row["required"], row["held"], row["missing"])
        for row in body["results"]
    }
    assert cells[(county.village_a1.pk, "committee")] == (1, 1, 0)
    assert cells[(county.village_a1.pk, "theme_day")] == (1, 0, 1)
    assert cells[(county.group_a1.pk, "group")] == (1, 0, 1)
    assert (county.group_a1.pk, "committee") not in cells
    assert body["rate"] == pytest.approx(1 / 7, abs=1e-4)
    assert client.get(COMPLIANCE + f"?org={county.village_b1.pk}&month=2025-05").status_code == 404
    assert client.get(COMPLIANCE + "?month=May").status_code == 400


def test_a_secretary_sees_names_of_refused_attendees_only_in_reach(client, county):
    client.force_login(county.secretary_a)
    rows = [{"person": county.person_b.pk, "status": "present"}]
    response = client.post(
        reverse("api:orglife-meeting-list"),
        _payload(county, attendance=rows),
        content_type="application/json",
    )
    assert response.status_code == 400
    refusal = " ".join(response.json()["attendance"])
    assert county.person_b.name not in refusal and f"#{county.person_b.pk}" in refusal


def test_compliance_reads_only_subtrees_in_reach(client, county):
    from dangjian.conftest import make_user

    month = timezone.localdate().strftime("%Y-%m")
    # An account that reaches nothing gets nothing (no fallback to the county).
    client.force_login(make_user("no_role"))
    assert client.get(COMPLIANCE + f"?month={month}").status_code == 404
    assert client.get(reverse("orglife:meeting-compliance")).status_code == 404
    # A member sees their own branch, not a subtree of records through it.
    client.force_login(county.member_a)
    url = COMPLIANCE + f"?org={county.village_a1.pk}&month={month}"
    assert client.get(url).status_code == 404
    # Odd input is a 400 or 404, never a 500.
    client.force_login(county.secretary_a)
    assert client.get(COMPLIANCE + "?org=²&month=" + month).status_code == 400
    assert client.get(COMPLIANCE + "?month=9999-12").status_code == 404
    page = reverse("orglife:meeting-compliance") + "?month=9999-12"
    assert client.get(page).status_code == 404
