"""Pages of the meeting ledger: the list and its filters, the quick entry, a meeting, its edit
page and files, and the compliance table with its export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.conftest import make_person, make_user
from dangjian.orglife.models import Meeting, MeetingAttendance
from dangjian.orglife.tests.matrix_meeting import (
    attachment,
    entry_fields,
    meeting,
    with_committee,
)


@pytest.fixture(autouse=True)
def meeting_dir(settings, tmp_path):
    settings.DANGJIAN_MEETING_DIR = tmp_path / "meetings"


def _month(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def test_list_filters_by_org_kind_and_month(client, county):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=5)
    meeting(county, topic="本月主题党日")
    meeting(county, kind="committee", topic="上月支委会", held_on=last_month)
    meeting(
        county,
        org=county.village_b1,
        topic="乙村主题党日",
        attendance=[(county.person_b.pk, "present", "")],
    )
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:meeting-list")).content.decode()
    assert "本月主题党日" in page and "上月支委会" in page and "乙村主题党日" not in page
    page = client.get(reverse("orglife:meeting-list") + "?kind=committee").content.decode()
    assert "上月支委会" in page and "本月主题党日" not in page
    page = client.get(reverse("orglife:meeting-list") + f"?month={_month(today)}").content.decode()
    assert "本月主题党日" in page and "上月支委会" not in page
    url = reverse("orglife:meeting-list") + f"?org={county.village_b1.pk}"
    assert client.get(url).status_code == 404
    client.force_login(county.dept_admin)
    page = client.get(reverse("orglife:meeting-list") + f"?org={county.village_b1.pk}")
    assert "乙村主题党日" in page.content.decode() and "本月主题党日" not in page.content.decode()


def test_quick_entry_lists_the_members_defaulting_to_present(client, county):
    second = make_person(county.superuser, county.village_a1, "王甲二")
    client.force_login(make_user("sec_a1", ("secretary", county.village_a1)))
    response = client.get(reverse("orglife:meeting-create") + "?kind=committee")
    page = response.content.decode()
    assert county.person_a.name in page and second.name in page
    # A date input takes ISO dates only, whatever the language's date format.
    assert f'type="date" name="held_on" value="{timezone.localdate().isoformat()}"' in page
    assert f'name="status_{second.pk}" id="id_status_{second.pk}_0" value="present" checked' in page
    data = entry_fields(county, kind="committee", topic="五月支委会") | {
        f"status_{second.pk}": "leave",
        f"reason_{second.pk}": "外出",
    }
    response = client.post(reverse("orglife:meeting-create"), data)
    assert response.status_code == 302
    m = Meeting.objects.unscoped("test").get()
    assert response["Location"] == reverse("orglife:meeting-detail", args=[m.pk])
    rows = MeetingAttendance.objects.unscoped("test").filter(meeting=m)
    assert {(r.person_id, r.status, r.reason) for r in rows} == {
        (county.person_a.pk, "present", ""),
        (second.pk, "leave", "外出"),
    }
    detail = client.get(response["Location"]).content.decode()
    assert "五月支委会" in detail and "外出" in detail


def test_quick_entry_shows_the_services_errors_and_saves_nothing(client, county):
    client.force_login(county.secretary_a)
    data = entry_fields(county, kind="party_lecture") | {f"status_{county.person_a.pk}": "leave"}
    response = client.post(reverse("orglife:meeting-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert f"reason_{county.person_a.pk}" in form.errors
    assert "lecturer" in form.errors
    assert not Meeting.objects.unscoped("test").exists()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("orglife:meeting-create"), entry_fields(county, held_on=tomorrow)
    )
    assert "held_on" in response.context["form"].errors
    assert not Meeting.objects.unscoped("test").exists()


def test_quick_entry_refuses_another_townships_org(client, county):
    client.force_login(county.secretary_b)
    response = client.post(reverse("orglife:meeting-create"), entry_fields(county))
    assert response.status_code == 200
    assert not Meeting.objects.unscoped("test").exists()
    assert county.village_a1.name not in response.content.decode()


def test_edit_keeps_the_list_and_changes_it(client, county):
    second = make_person(county.superuser, county.village_a1, "王甲二")
    m = meeting(county, kind="committee")
    client.force_login(county.secretary_a)
    url = reverse("orglife:meeting-edit", args=[m.pk])
    page = client.get(url).content.decode()
    # person_a listed as present; the second member is not on the committee's list.
    assert f'id="id_status_{county.person_a.pk}_0" value="present" checked' in page
    assert f'id="id_status_{second.pk}_3" value="" checked' in page
    data = entry_fields(county, kind="committee", topic="改") | {f"status_{second.pk}": "absent"}
    assert client.post(url, data).status_code == 302
    rows = MeetingAttendance.objects.unscoped("test").filter(meeting=m)
    assert {(r.person_id, r.status) for r in rows} == {
        (county.person_a.pk, "present"),
        (second.pk, "absent"),
    }
    client.force_login(county.member_a)
    assert client.get(url).status_code == 403


def test_attachment_is_served_to_who_sees_the_meeting(client, county):
    row = attachment(county)
    url = reverse("orglife:meeting-attachment", args=[row.meeting_id, row.pk])
    client.force_login(county.member_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(county.secretary_b)
    assert client.get(url).status_code == 404
    other = reverse("orglife:meeting-attachment", args=[meeting(county).pk, row.pk])
    client.force_login(county.secretary_a)
    assert client.get(other).status_code == 404


def test_compliance_page_marks_held_cells_green_and_filters_the_missing(client, county):
    with_committee(county, county.village_a1)
    with_committee(county, county.village_b1)
    meeting(county, kind="committee")
    client.force_login(county.secretary_a)
    url = reverse("orglife:meeting-compliance")
    response = client.get(url)
    page = response.content.decode()
    row = page.split(f'data-org="{county.village_a1.pk}"')[1].split("</tr>")[0]
    assert 'data-kind="committee" data-state="ok" class="text-center table-success"' in row
    assert 'data-kind="theme_day" data-state="missing"' in row
    assert county.village_b1.name not in page
    missing = client.get(url + "?missing=committee").content.decode()
    assert f'data-org="{county.village_a1.pk}"' not in missing
    client.force_login(county.dept_admin)
    county_page = client.get(url + "?missing=committee&sort=name").content.decode()
    assert f'data-org="{county.village_b1.pk}"' in county_page
    assert f'data-org="{county.village_a1.pk}"' not in county_page


def test_compliance_export_is_the_tables_rows(client, county):
    with_committee(county, county.village_a1)
    with_committee(county, county.village_b1)
    meeting(county, kind="committee")
    client.force_login(county.dept_admin)
    response = client.get(reverse("orglife:meeting-compliance-export") + "?sort=-missing")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 1 + 3  # header; villages A1, B1, group A1
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["A1"][4] == "1/1"  # committee
    assert by_code["B1"][4] == "0/1"
    assert by_code["A1G"][5] == "0/1" and by_code["A1G"][4] == "—"
    assert rows[1][0] == "B1"  # most missing first
    assert by_code["B1"][-1] == 6


def test_hub_lists_the_ledger_and_compliance(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:home")).content.decode()
    assert reverse("orglife:meeting-list") in page
    assert reverse("orglife:meeting-compliance") in page
    client.force_login(county.member_a)  # a member reads no subtree's compliance
    page = client.get(reverse("orglife:home")).content.decode()
    assert reverse("orglife:meeting-list") in page
    assert reverse("orglife:meeting-compliance") not in page


def test_compliance_page_shows_a_page_of_rows_and_the_rate_of_all(client, county, monkeypatch):
    from dangjian.orglife import meeting_selectors
    from dangjian.orgs import rules as org_rules

    monkeypatch.setattr(org_rules, "PAGE_SIZE", 2)  # the county fixture has 3 rows
    meeting(county, kind="theme_day")
    client.force_login(county.dept_admin)
    url = reverse("orglife:meeting-compliance") + "?sort=name"
    first, second = (client.get(url + f"&page={n}").content.decode() for n in (1, 2))
    assert [page.count('<tr data-org="') for page in (first, second)] == [2, 1]
    assert "sort=name&amp;page=2" in first  # the pager keeps the sort
    rows = meeting_selectors.compliance_table(county.root, timezone.localdate(), sort="name")
    rate = round(100 * meeting_selectors.rate_of(rows), 1)
    for page in (first, second):  # the subtree's rate on every page, not the page's
        assert f'data-rate="{rate}"' in page
