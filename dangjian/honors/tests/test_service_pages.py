"""党员百时奉献 pages and API: overlap refused naming the record (page and API), the API's
exact shapes, bad input (400 naming the field, nothing saved), evidence served only to those
who see the record, progress by year (?year=) with a record on 31 December counted in its
year only, the organization's totals and drill-down."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from dangjian.conftest import make_person
from dangjian.honors.models import ServiceRecord
from dangjian.honors.tests import fixtures_service as fx

NOON = datetime.datetime(2027, 1, 10, 4, tzinfo=datetime.UTC)  # noon, 10 January 2027


@pytest.fixture(autouse=True)
def at_noon():
    with time_machine.travel(NOON, tick=False), translation.override("en"):
        yield


def _rows():
    return ServiceRecord.objects.unscoped("test")


def test_report_page_refuses_overlap_naming_the_record(client, county):
    fx.record(county.person_a, datetime.date(2027, 1, 8), "09:00", "11:00", activity="敬老院送餐")
    client.force_login(county.member_a)
    data = {"date": "2027-01-08", "start": "10:30", "end": "12:00", "activity": "清扫"}
    response = client.post(reverse("honors:service-report"), data)
    assert response.status_code == 200
    text = response.content.decode()  # the site's language, zh-hans
    assert "与您2027-01-08 09:00–11:00的服务（“敬老院送餐”，已核实）重叠" in text
    assert _rows().count() == 1
    response = client.post(reverse("honors:service-report"), data | {"start": "11:00"})
    assert response.status_code == 302 and _rows().count() == 2


def test_api_report_contract_and_overlap(client, county):
    client.force_login(county.member_a)
    url = reverse("api:honors-service-list")
    body = {"date": "2027-01-08", "start": "09:00", "end": "10:45", "activity": "义务植树"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    record = _rows().get()
    assert response.json() == {"id": record.pk, "hours": 1.75, "status": "pending"}
    response = client.post(url, body | {"start": "10:00", "end": "11:00"}, "application/json")
    assert response.status_code == 400
    assert "2027-01-08 09:00–10:45的服务（“义务植树”，待核实）" in response.json()["start"][0]
    assert _rows().count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2027-13-01"}, "date"),
        ({"start": "25:00"}, "start"),
        ({"end": "08:00"}, "end"),
        ({"date": "2027-01-11"}, "date"),
        ({"activity": ""}, "activity"),
        ({"hours": 5}, "hours"),
    ],
)
def test_api_bad_input_is_400_naming_the_field(client, county, body, field):
    client.force_login(county.member_a)
    base = {"date": "2027-01-08", "start": "09:00", "end": "10:00", "activity": "义务植树"}
    response = client.post(reverse("api:honors-service-list"), base | body, "application/json")
    assert response.status_code == 400 and field in response.json()
    assert not _rows().exists()


def test_api_verify(client, county):
    record = fx.record(
        county.person_a, datetime.date(2027, 1, 8), "09:00", "10:00", status="pending"
    )
    url = reverse("api:honors-service-verify", args=[record.pk])
    client.force_login(county.secretary_a)
    response = client.post(url, {"decision": "rejected"}, "application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(url, {"decision": "verified"}, "application/json")
    assert response.status_code == 200 and response.json()["status"] == "verified"
    client.force_login(county.secretary_b)
    assert (
        client.post(url, {"decision": "rejected", "reason": "x"}, "application/json").status_code
        == 404
    )


def test_api_progress_for_a_member_and_for_a_secretary(client, county):
    fx.record(county.person_a, datetime.date(2026, 12, 31), "20:00", "23:30")  # 2026 only
    fx.hours_record(county.person_a, datetime.date(2027, 1, 2), 2)
    fx.hours_record(county.person_a, datetime.date(2027, 1, 3), 1, status="pending")
    make_person(county.superuser, county.village_a1, "王甲二")
    client.force_login(county.member_a)
    url = reverse("api:honors-service-progress")
    mine = client.get(url).json()
    assert (
        mine["person"],
        mine["verified_hours"],
        mine["pending_hours"],
        mine["target_hours"],
    ) == (
        county.person_a.pk,
        2.0,
        1.0,
        100.0,
    )
    # 10 January: 100 × 10 / 365 = 2.74 due; 2 verified: behind.
    assert (mine["expected_hours"], mine["on_pace"]) == (2.74, False)
    assert client.get(url + "?year=2026").json()["verified_hours"] == 3.5
    assert client.get(url + "?year=20x6").status_code == 400
    client.force_login(county.secretary_a)
    page = client.get(url + "?year=2026").json()
    assert page["count"] == 2
    by_person = {row["person"]: row for row in page["results"]}
    assert by_person[county.person_a.pk]["verified_hours"] == 3.5
    client.force_login(county.secretary_b)
    assert county.person_a.pk not in {row["person"] for row in client.get(url).json()["results"]}


def test_my_service_page_by_year(client, county):
    fx.record(county.person_a, datetime.date(2026, 12, 31), "20:00", "23:30")
    fx.hours_record(county.person_a, datetime.date(2027, 1, 2), 2)
    fx.hours_record(county.person_a, datetime.date(2027, 1, 3), 1, status="rejected")
    client.force_login(county.member_a)
    page = client.get(reverse("honors:service-mine")).content.decode()
    assert 'data-verified="2.00"' in page and 'data-expected="2.74"' in page
    assert 'data-on-pace="no"' in page and page.count("data-record=") == 2
    old = client.get(reverse("honors:service-mine") + "?year=2026").content.decode()
    assert 'data-verified="3.50"' in old and 'data-expected="100"' in old
    assert old.count("data-record=") == 1
    assert client.get(reverse("honors:service-mine") + "?year=abc").status_code == 404


def test_org_progress_totals_and_drill_down(client, county):
    su = county.superuser
    village_a2 = fx_org(county)
    second = make_person(su, county.village_a1, "王甲二")
    third = make_person(su, village_a2, "赵甲三")
    make_person(su, village_a2, "申请人", party_status="applicant")  # not counted
    for month in range(1, 11):  # person_a: 100 h in 2026
        fx.hours_record(county.person_a, datetime.date(2026, month, 5), 10)
    fx.hours_record(second, datetime.date(2026, 12, 31), 12)  # 2026
    fx.hours_record(third, datetime.date(2027, 1, 1), 3)  # 2027: on pace on 10 January
    client.force_login(county.secretary_a)
    url = reverse("honors:service-progress")
    page = client.get(url + f"?org={county.township_a.pk}&year=2026").content.decode()
    # 3 members; 1 reached 100; (100 + 12 + 0) / 3 = 37.33; on pace = reached for a past year.
    assert 'data-members="3" data-reached="1" data-on-pace="1" data-average="37.33"' in page
    this = client.get(url + f"?org={county.township_a.pk}").content.decode()
    # 2027 by 10 January (2.74 due): only 赵甲三's 3 h; average 1.00.
    assert 'data-members="3" data-reached="0" data-on-pace="1" data-average="1.00"' in this
    assert f'data-org="{county.village_a1.pk}"' in page and f'data-org="{village_a2.pk}"' in page
    drill = client.get(url + f"?org={village_a2.pk}&year=2026").content.decode()
    assert 'data-members="1"' in drill and "赵甲三" in drill and "王甲二" not in drill
    # Up to the township from a village; not above the secretary's own reach.
    assert f"?org={county.township_a.pk}&amp;year=2026" in drill
    assert f"?org={county.root.pk}&amp;" not in page
    client.force_login(county.secretary_b)
    assert client.get(url + f"?org={county.township_a.pk}").status_code == 404


def fx_org(county):
    from dangjian.conftest import make_org

    return make_org(county.superuser, county.township_a, "A2", "甲二村党支部")


def test_evidence_is_served_to_those_who_see_the_record(
    client, county, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "blue").save(buffer, "PNG")
    client.force_login(county.member_a)
    data = {
        "date": "2027-01-08",
        "start": "09:00",
        "end": "10:00",
        "activity": "清扫",
        "evidence": SimpleUploadedFile("a.png", buffer.getvalue(), "image/png"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("honors:service-report"), data).status_code == 302
    record = _rows().get()
    url = reverse("honors:service-evidence", args=[record.pk])
    for user, status in (
        (county.member_a, 200),
        (county.secretary_a, 200),
        (county.secretary_b, 404),
    ):
        client.force_login(user)
        response = client.get(url + "?size=thumbnail")
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/jpeg"
            assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (320, 240)


def test_queue_lists_pending_in_scope_not_own(client, county):
    from dangjian.orgs.models import RoleAssignment
    from dangjian.orgs.scoping import Role

    fx.record(county.person_a, datetime.date(2027, 1, 8), "09:00", "10:00", status="pending")
    other = make_person(county.superuser, county.village_a1, "王甲二")
    fx.record(other, datetime.date(2027, 1, 8), "09:00", "10:00", status="pending")
    fx.record(county.person_b, datetime.date(2027, 1, 8), "09:00", "10:00", status="pending")
    client.force_login(county.secretary_a)
    assert client.get(reverse("honors:service-queue")).content.decode().count("data-record=") == 2
    RoleAssignment.objects.create(user=county.member_a, role=Role.SECRETARY, org=county.village_a1)
    client.force_login(county.member_a)
    page = client.get(reverse("honors:service-queue")).content.decode()
    assert page.count("data-record=") == 1 and "王甲二" in page
