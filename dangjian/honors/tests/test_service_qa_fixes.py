"""What the QA pass found on 党员百时奉献 pages (at 375 px, with bad input), each checked in
the site's language (zh-hans):

- "rejected" and "hours" are this part's words (未通过核实, 小时), not the import's 未导入 or
  a course's 学时; no bare "h" abbreviation; the report button says 提交;
- the verify form keeps the chosen decision after a refusal and marks the reason field;
- the check-in page after a check-in shows the check-in instead of the button;
- the activity page says why there is no sign-up once the activity has started.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from dangjian.honors import service_activity_services as services
from dangjian.honors import service_checkin_codes as codes
from dangjian.honors.models import ServiceRecord, ServiceSignup
from dangjian.honors.tests import fixtures_service as fx

START = fx.at(2026, 11, 20, 9, 0)
END = fx.at(2026, 11, 20, 11, 30)
NEXT_DAY_NOON = fx.at(2026, 11, 21, 12, 0)


@pytest.fixture(autouse=True)
def english():
    """The test runs in English; the pages answer in the site's language."""
    with translation.override("en"):
        yield


def _rows():
    return ServiceRecord.objects.unscoped("test")


def _page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# ---- words ---------------------------------------------------------------------------------


def test_rejected_and_hours_in_this_parts_words(client, county):
    with time_machine.travel(NEXT_DAY_NOON, tick=False):
        record = fx.record(
            county.person_a, datetime.date(2026, 11, 20), "08:00", "09:30", status="pending"
        )
        client.force_login(county.secretary_a)
        detail = _page(client, "honors:service-detail", record.pk)
        assert "未通过核实" in detail and "未导入" not in detail
        assert '<dt class="col-4">小时</dt>' in detail and "学时" not in detail
        queue = _page(client, "honors:service-queue")
        assert "<th>小时</th>" in queue and "学时" not in queue
        record.status, record.reason = "rejected", "照片无法证明服务内容"
        record.save()
        client.force_login(county.member_a)
        mine = _page(client, "honors:service-mine")
    listed = re.search(rf'data-record="{record.pk}".*?</li>', mine, re.S).group(0)
    assert "未通过核实" in listed and "未导入" not in listed
    assert "1.50小时" in listed and " h<" not in mine
    assert "/ 100 小时" in mine and "学时" not in mine


def test_no_bare_h_on_the_withdraw_and_activity_pages_and_the_report_button(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    with time_machine.travel(NEXT_DAY_NOON, tick=False):
        record = fx.record(
            county.person_a, datetime.date(2026, 11, 20), "14:00", "16:15", status="pending"
        )
        client.force_login(county.member_a)
        withdraw = _page(client, "honors:service-withdraw", record.pk)
        assert "2.25小时" in withdraw and "2.25 h" not in withdraw
        shown = _page(client, "honors:service-activity", activity.pk)
        assert "09:00–11:30 (2.50小时)" in shown
        assert " h)" not in shown
        report = _page(client, "honors:service-report")
    button = re.search(r'<button class="btn btn-primary" type="submit">(.*?)</button>', report)
    assert button.group(1) == "提交"


# ---- the verify form after a refusal --------------------------------------------------------


def test_verify_refused_keeps_the_decision_and_marks_the_reason(client, county):
    with time_machine.travel(NEXT_DAY_NOON, tick=False):
        record = fx.record(
            county.person_a, datetime.date(2026, 11, 20), "08:00", "09:00", status="pending"
        )
        client.force_login(county.secretary_a)
        url = reverse("honors:service-verify", args=[record.pk])
        response = client.post(url, {"decision": "rejected", "reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input class="form-check-input" [^>]*id="decision-rejected" checked>', html)
    assert re.search(r'id="decision-verified"(?! checked)>', html)
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'name="reason"' in textarea and "is-invalid" in textarea.split('class="')[1]
    # The message under the field it is about.
    assert re.search(r"</textarea>.*请说明未通过核实的理由。", html, re.S)
    record.refresh_from_db()
    assert (record.status, record.reason, record.verified_by) == ("pending", "", None)


def test_verify_without_a_decision_marks_the_radios_and_keeps_the_reason(client, county):
    with time_machine.travel(NEXT_DAY_NOON, tick=False):
        record = fx.record(
            county.person_a, datetime.date(2026, 11, 20), "08:00", "09:00", status="pending"
        )
        client.force_login(county.secretary_a)
        url = reverse("honors:service-verify", args=[record.pk])
        html = client.post(url, {"reason": "照片不清"}).content.decode()
    radios = re.findall(r'<input class="([^"]*)" type="radio"[^>]*>', html)
    assert radios == ["form-check-input is-invalid"] * 2
    assert "照片不清</textarea>" in html
    assert "is-invalid" not in re.search(r"<textarea[^>]*>", html).group(0)
    record.refresh_from_db()
    assert record.status == "pending"


def test_a_verified_record_offers_rejection_only(client, county):
    with time_machine.travel(NEXT_DAY_NOON, tick=False):
        record = fx.record(county.person_a, datetime.date(2026, 11, 20), "08:00", "09:00")
        client.force_login(county.secretary_a)
        html = _page(client, "honors:service-detail", record.pk)
    assert 'id="decision-rejected"' in html and 'id="decision-verified"' not in html


# ---- the check-in page after the check-in ----------------------------------------------------


def test_check_in_page_after_the_check_in_shows_it_without_a_button(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    client.force_login(county.member_a)
    with time_machine.travel(fx.at(2026, 11, 20, 9, 30), tick=False):
        url = reverse("honors:service-checkin", args=[codes.checkin_code(activity)])
        assert client.post(url).status_code == 302
    with time_machine.travel(fx.at(2026, 11, 20, 9, 34), tick=False):
        page = client.get(url)
        again = client.post(url)  # a second tap, the back button
    for response in (page, again):
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="checkin-form"' not in html and 'id="checkin-problem"' not in html
        done = re.search(r'<div class="alert (alert-\w+)" role="status" id="checkin-done">', html)
        assert done.group(1) == "alert-success"  # verified by the organiser's check-in
        assert "您已于2026-11-20 09:30签到。" in html and "2小时 · 已核实" in html
    assert _rows().count() == 1 and ServiceSignup.objects.unscoped("test").count() == 1


def test_a_check_in_nobody_vouches_for_shows_as_waiting(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=None)  # creator gone
    client.force_login(county.member_a)
    with time_machine.travel(fx.at(2026, 11, 20, 9, 0), tick=False):
        url = reverse("honors:service-checkin", args=[codes.checkin_code(activity)])
        assert client.post(url).status_code == 302
        html = client.get(url).content.decode()
    assert re.search(r'class="alert alert-info" role="status" id="checkin-done"', html)
    assert "2.50小时 · 待核实" in html and 'id="checkin-form"' not in html


# ---- the activity page once the activity has started -----------------------------------------


def test_activity_page_says_why_there_is_no_sign_up(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    client.force_login(county.member_a)
    with time_machine.travel(fx.at(2026, 11, 19, 10, 0), tick=False):
        html = _page(client, "honors:service-activity", activity.pk)
        assert 'id="activity-signup"' in html and 'id="activity-state"' not in html
    with time_machine.travel(fx.at(2026, 11, 20, 9, 10), tick=False):
        html = _page(client, "honors:service-activity", activity.pk)
        assert 'id="activity-signup"' not in html
        assert "活动已于09:00开始，报名已截止。" in html
        assert "如需参加，请在11:30前到活动现场扫描组织者屏幕上的签到二维码签到。" in html
        services.check_in(actor=county.member_a, activity=activity)
        html = _page(client, "honors:service-activity", activity.pk)
        assert "您已于2026-11-20 09:10签到。" in html and "报名已截止" not in html
    with time_machine.travel(NEXT_DAY_NOON, tick=False):
        client.force_login(county.secretary_a)  # no Party member's record: nothing to sign
        html = _page(client, "honors:service-activity", activity.pk)
    assert "活动已于2026-11-20 11:30结束，报名和签到均已截止。" in html


def test_activity_page_tells_a_viewer_who_may_not_sign_up_whom_it_is_for(client, county):
    activity = fx.activity(county.township_b, START, END, created_by=county.secretary_b)
    client.force_login(county.inspector_b)  # sees township B's activities, is no member there
    with time_machine.travel(fx.at(2026, 11, 19, 10, 0), tick=False):
        html = _page(client, "honors:service-activity", activity.pk)
    assert 'id="activity-signup"' not in html
    assert "“敬老院志愿服务”面向乙镇党委及其下级组织的党员。" in html
