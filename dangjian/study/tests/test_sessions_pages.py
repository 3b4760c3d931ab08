"""Study sessions' pages and API: the calendar, the QR flow, the secretary's form, bad input
with its message, and the OpenAPI schema."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.study import sessions_services as services
from dangjian.study.models import Attendance, StudySchedule, StudySession
from dangjian.study.tests.matrix_sessions import running_session, schedule


def _status(session, person) -> str:
    return Attendance.objects.unscoped("test").get(session=session, person=person).status


def test_calendar_shows_the_month_grid_and_the_phone_list(client, county):
    session = running_session(county, themes="学习党章\n" * 12)
    client.force_login(county.member_a)
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    body = client.get(reverse("study:session-calendar") + f"?month={month}").content.decode()
    detail = reverse("study:session-detail", args=[session.pk])
    # Once in the grid (wide screens), once in the list (phones).
    assert body.count(f'href="{detail}"') == 2
    assert 'data-own-status="expected"' in body
    client.force_login(county.secretary_b)
    body = client.get(reverse("study:session-calendar") + f"?month={month}").content.decode()
    assert detail not in body and "学习党章" not in body
    assert client.get(detail).status_code == 404
    url = reverse("study:session-calendar") + f"?org={county.village_a1.pk}"
    assert client.get(url).status_code == 404


def test_member_scans_the_qr_code_and_signs_in(client, county):
    session = running_session(county)
    client.force_login(county.secretary_a)
    page = client.get(reverse("study:session-qr", args=[session.pk])).content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    link = re.search(r'id="session-qr-link" href="http://testserver([^"]+)"', page).group(1)
    client.force_login(county.member_a)
    assert "签到" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert _status(session, county.person_a) == "present"
    attendance = Attendance.objects.unscoped("test").get(session=session, person=county.person_a)
    assert attendance.via == "qr"


def test_a_bad_qr_token_says_so(client, county):
    session = running_session(county)
    client.force_login(county.member_a)
    token = services.qr_token(session) + "0"
    response = client.get(reverse("study:session-scan", args=[token]))
    assert response.status_code == 400
    assert str(services.ERRORS["token"]) in response.content.decode()
    assert client.post(reverse("study:session-scan", args=[token])).status_code == 400
    assert _status(session, county.person_a) == "expected"


def test_sign_in_outside_the_window_is_refused_with_the_window(client, county):
    session = running_session(county)
    StudySession.objects.unscoped("test").filter(pk=session.pk).update(
        starts_at=session.starts_at.replace(year=2025), ends_at=session.ends_at.replace(year=2025)
    )
    client.force_login(county.member_a)
    response = client.post(reverse("study:session-sign-in", args=[session.pk]), follow=True)
    assert "签到时间为" in response.content.decode()
    assert _status(session, county.person_a) == "expected"


def test_secretary_records_the_whole_list_and_leave_needs_a_reason(client, county):
    other = make_person(county.superuser, county.village_a1, "王甲二")
    session = running_session(county)
    client.force_login(county.secretary_a)
    url = reverse("study:session-attendance", args=[session.pk])
    bad = {f"status_{county.person_a.pk}": "present", f"status_{other.pk}": "leave"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "请假须说明原因" in response.content.decode()
    assert _status(session, county.person_a) == "expected"  # nothing partial saved
    response = client.post(url, bad | {f"reason_{other.pk}": "外出"})
    assert response.status_code == 302
    detail = client.get(reverse("study:session-detail", args=[session.pk])).content.decode()
    assert re.search(rf'data-person="{other.pk}".*?data-status="leave"', detail, re.S)


def test_a_schedule_without_attendees_is_refused_on_the_page(client, county):
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("study:session-schedules"),
        {
            "org": county.group_a1.pk,
            "kind": "study",
            "title": "小组学习",
            "weekday": 2,
            "interval_weeks": 1,
            "starts_on": "2026-01-07",
            "start_time": "14:30",
            "duration_minutes": 180,
        },
    )
    assert response.status_code == 200
    assert "没有人应参加" in response.content.decode()
    assert not StudySchedule.objects.unscoped("test").exists()


def test_generate_from_the_schedules_page(client, county):
    plan = schedule(county)  # weekly: two years are more sessions than one request makes
    client.force_login(county.secretary_a)
    url = reverse("study:session-generate", args=[plan.pk])
    start = plan.starts_on.isoformat()
    end = plan.starts_on.replace(year=plan.starts_on.year + 2).isoformat()
    response = client.post(url, {"start": start, "end": end}, follow=True)
    assert "不超过 60 场" in response.content.decode()  # the refusal names the limit
    assert StudySession.objects.unscoped("test").count() == 0
    client.post(url, {"start": start, "end": start})
    client.post(url, {"start": start, "end": start})
    assert StudySession.objects.unscoped("test").count() == 1


def test_api_lists_with_own_attendance_and_signs_in_only_the_caller(client, county):
    session = running_session(county)
    client.force_login(county.member_a)
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    body = client.get(reverse("api:study-session-list") + f"?month={month}").json()
    (row,) = body["results"] if isinstance(body, dict) else body
    assert (row["id"], row["own_attendance"], row["sign_in_open"]) == (session.pk, "expected", True)
    url = reverse("api:study-session-sign-in", args=[session.pk])
    response = client.post(url, {"person": county.person_b.pk}, content_type="application/json")
    assert response.status_code == 200 and response.json()["own_attendance"] == "present"
    client.force_login(county.secretary_a)
    response = client.post(url, content_type="application/json")
    assert response.status_code == 403
    assert str(services.ERRORS["not_expected"])[:6] in response.content.decode()


def test_api_sign_in_outside_the_window_is_a_400_naming_it(client, county):
    session = running_session(county)
    StudySession.objects.unscoped("test").filter(pk=session.pk).update(
        starts_at=session.starts_at.replace(year=2025), ends_at=session.ends_at.replace(year=2025)
    )
    client.force_login(county.member_a)
    response = client.post(
        reverse("api:study-session-sign-in", args=[session.pk]), content_type="application/json"
    )
    assert response.status_code == 400
    assert "签到时间为" in response.content.decode()


def test_sessions_are_in_the_openapi_schema(client, county):
    paths = client.get(reverse("api:schema")).json()["paths"]
    assert "/api/v1/study/sessions" in paths
    assert "post" in paths["/api/v1/study/sessions/{id}/sign-in"]
