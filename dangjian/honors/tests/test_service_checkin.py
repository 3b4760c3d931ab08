"""Check-in of service activities after the security review (issue 22, fix round):

- who vouches: a member's check-in is verified by the activity's creator (the organiser's
  check-in); an organiser's own check-in — anyone who may change the organising
  organization, its creator among them — waits for someone else's verification;
- hours: from the later of the check-in's minute and the start, to the end;
- the code: the QR code at the place carries a signed code that expires; the organiser's
  screen renews it; a static value checks nothing in;
- the organiser corrects attendance by rejecting a check-in record with a reason;
- a check-in locks the member's row as a report does (PostgreSQL).
"""

from __future__ import annotations

import datetime
import re
import secrets
import threading
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, connections, transaction
from django.urls import reverse
from django.utils import translation

from dangjian.conftest import make_person, make_user
from dangjian.honors import service_activity_services as services
from dangjian.honors import service_checkin_codes as codes
from dangjian.honors import service_selectors as selectors
from dangjian.honors import service_services as record_services
from dangjian.honors.models import ServiceRecord, ServiceSignup
from dangjian.honors.tests import fixtures_service as fx
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.orgs.scoping import Role

START = fx.at(2026, 11, 20, 9, 0)
END = fx.at(2026, 11, 20, 11, 30)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def secretary_person(county):
    """Township A's secretary is a Party member of village A1 (the usual case: a township
    secretary's membership sits in a branch under the township committee)."""
    person = make_person(county.superuser, county.village_a1, "王书记")
    person.user = county.secretary_a
    person.save()
    return person


def _records():
    return ServiceRecord.objects.unscoped("test")


def _progress(person) -> D:
    return selectors.progress_of(person, 2026, datetime.date(2026, 11, 30)).verified


# ---- who vouches --------------------------------------------------------------------------


def test_secretary_checking_in_to_own_activity_gets_no_verified_hours(county, secretary_person):
    """The review's reproduction: township A's secretary publishes an 08:30–20:30 activity and
    checks in at 08:01 — before the fix, 12 verified hours with nobody verifying them."""
    activity = services.activity_create(
        actor=county.secretary_a,
        org=county.township_a,
        title="自建活动",
        place="办公室",
        starts_at=fx.at(2027, 3, 1, 8, 30),
        ends_at=fx.at(2027, 3, 1, 20, 30),
        now=fx.at(2027, 3, 1, 8, 0),
    )
    record = services.check_in(
        actor=county.secretary_a, activity=activity, now=fx.at(2027, 3, 1, 8, 1)
    )
    record.refresh_from_db()
    assert (record.status, record.verified_by_id, record.verified_at) == ("pending", None, None)
    assert record.person == secretary_person and record.hours == D(12)
    assert selectors.progress_of(secretary_person, 2027, datetime.date(2027, 3, 1)).verified == 0
    # The own-record rule: the secretary cannot verify it; the department administrator can.
    with pytest.raises(PermissionDenied, match="Nobody verifies their own"):
        record_services.record_verify(actor=county.secretary_a, record=record, decision="verified")
    assert record.id not in set(selectors.queue(county.secretary_a).values_list("pk", flat=True))
    record_services.record_verify(actor=county.dept_admin, record=record, decision="verified")
    record.refresh_from_db()
    assert (record.status, record.verified_by) == ("verified", county.dept_admin)


def test_another_organiser_of_the_organising_organization_gets_a_pending_record(county):
    # A second secretary of township A, member of village A1, did not create the activity.
    colleague = make_user("deputy_a", (Role.SECRETARY, county.township_a))
    person = make_person(county.superuser, county.village_a1, "赵副书记")
    person.user = colleague
    person.save()
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    record = services.check_in(actor=colleague, activity=activity, now=fx.at(2026, 11, 20, 9))
    assert (record.status, record.verified_by_id) == ("pending", None)


def test_the_creator_without_rights_left_still_does_not_vouch_for_themselves(county):
    # The activity's creator is member_a (say their secretary role was since withdrawn).
    activity = fx.activity(county.township_a, START, END, created_by=county.member_a)
    record = services.check_in(actor=county.member_a, activity=activity, now=fx.at(2026, 11, 20, 9))
    assert (record.status, record.verified_by_id) == ("pending", None)


def test_without_a_creator_nobody_vouches_and_the_record_waits(county):
    activity = fx.activity(county.township_a, START, END, created_by=None)
    record = services.check_in(actor=county.member_a, activity=activity, now=fx.at(2026, 11, 20, 9))
    assert (record.status, record.verified_by_id) == ("pending", None)


def test_a_members_check_in_is_verified_by_the_organisers_check_in(county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    moment = fx.at(2026, 11, 20, 9, 0)
    record = services.check_in(actor=county.member_a, activity=activity, now=moment)
    record.refresh_from_db()
    assert (record.status, record.verified_by, record.verified_at) == (
        "verified",
        county.secretary_a,
        moment,
    )
    assert record.reason == "verified by the organiser's check-in"
    entry = AuditEntry.objects.unscoped("test").get(action="honors.activity.checkin")
    assert entry.data["status"] == "verified"
    assert entry.data["verified_by"] == county.secretary_a.pk
    assert _progress(county.person_a) == D("2.50")


def test_the_organiser_corrects_attendance_by_rejecting_a_check_in(county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    record = services.check_in(actor=county.member_a, activity=activity, now=fx.at(2026, 11, 20, 9))
    assert _progress(county.person_a) == D("2.50")
    with pytest.raises(ValidationError) as caught:
        record_services.record_verify(actor=county.secretary_a, record=record, decision="rejected")
    assert caught.value.message_dict["reason"] == ["Say why the record is rejected."]
    record_services.record_verify(
        actor=county.secretary_a, record=record, decision="rejected", reason="签到后离开，未参加"
    )
    record.refresh_from_db()
    assert (record.status, record.reason) == ("rejected", "签到后离开，未参加")
    assert _progress(county.person_a) == 0
    (notice,) = Notice.objects.filter(recipient=county.member_a)
    assert "签到后离开" in notice.subject
    # Township B's secretary organises nothing here: the record is out of their reach.
    with pytest.raises(ServiceRecord.DoesNotExist):
        record_services.record_verify(actor=county.secretary_b, record=record, decision="verified")


# ---- hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "start", "hours"),
    [
        # Early: the whole 09:00–11:30, 150 min = 2.50 h.
        (fx.at(2026, 11, 20, 8, 40), datetime.time(9, 0), D("2.50")),
        # Late at 10:05:40: 10:05–11:30, 85 min = 1.4166… → 1.42 h.
        (
            datetime.datetime(2026, 11, 20, 10, 5, 40, tzinfo=fx.SHANGHAI),
            datetime.time(10, 5),
            D("1.42"),
        ),
        # The last minute: 11:29–11:30, 1 min = 0.0166… → 0.02 h.
        (fx.at(2026, 11, 20, 11, 29), datetime.time(11, 29), D("0.02")),
    ],
    ids=["early", "late", "last minute"],
)
def test_hours_run_from_the_check_in_or_the_start_to_the_end(county, moment, start, hours):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    record = services.check_in(actor=county.member_a, activity=activity, now=moment)
    record.refresh_from_db()
    assert (record.date, record.start, record.end, record.hours) == (
        datetime.date(2026, 11, 20),
        start,
        datetime.time(11, 30),
        hours,
    )


def test_a_late_check_in_does_not_overlap_the_service_reported_before_it(county):
    # 09:00–10:00 reported elsewhere; at 10:05 the check-in credits 10:05–11:30 only.
    fx.record(county.person_a, datetime.date(2026, 11, 20), "09:00", "10:00", status="pending")
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    record = services.check_in(
        actor=county.member_a, activity=activity, now=fx.at(2026, 11, 20, 10, 5)
    )
    assert (record.start, record.hours) == (datetime.time(10, 5), D("1.42"))


def test_check_in_at_the_end_counts_no_minute_and_is_refused(county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    with pytest.raises(ValidationError) as caught:
        services.check_in(actor=county.member_a, activity=activity, now=END)
    assert "open from 2026-11-20 08:30 to 2026-11-20 11:30" in caught.value.messages[0]
    assert not _records().exists() and not ServiceSignup.objects.unscoped("test").exists()


# ---- the code -----------------------------------------------------------------------------


def _screen_code(client, county, activity) -> str:
    """The code on the organiser's screen (the link under the QR code)."""
    client.force_login(county.secretary_a)
    page = client.get(reverse("honors:service-activity-poster", args=[activity.pk]))
    assert page.status_code == 200
    link = re.search(r'id="checkin-link" href="([^"]+)"', page.content.decode()).group(1)
    client.logout()
    return link.rsplit("/", 1)[1]


def test_the_screen_renews_its_code_and_says_how_long_it_works(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    with time_machine.travel(fx.at(2026, 11, 20, 9, 0), tick=False):
        first = _screen_code(client, county, activity)
        client.force_login(county.secretary_a)
        page = client.get(reverse("honors:service-activity-poster", args=[activity.pk]))
    html = page.content.decode()
    # htmx (a static script) fetches the page every 2 minutes and swaps the code in.
    assert 'hx-trigger="every 120s"' in html and 'hx-select="#checkin-live"' in html
    assert "本签到码有效至09:10。" in html  # the site speaks zh-hans
    with time_machine.travel(fx.at(2026, 11, 20, 9, 2), tick=False):
        second = _screen_code(client, county, activity)
    assert first != second
    with time_machine.travel(fx.at(2026, 11, 20, 9, 3), tick=False):
        assert codes.activity_pk_of(first) == codes.activity_pk_of(second) == activity.pk


def test_a_code_works_ten_minutes_then_is_refused_saying_so(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    with time_machine.travel(fx.at(2026, 11, 20, 9, 0), tick=False):
        code = _screen_code(client, county, activity)
    url = reverse("honors:service-checkin", args=[code])
    client.force_login(county.member_a)
    # 10 minutes and a second later: refused, with what to do; nothing saved.
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 10, 1, tzinfo=fx.SHANGHAI)):
        page = client.get(url)
        posted = client.post(url)
    assert page.status_code == posted.status_code == 400
    assert "该签到码已过期（每个签到码有效10分钟）" in posted.content.decode()
    assert 'id="checkin-form"' not in page.content.decode()
    assert not _records().exists()
    # Exactly 10 minutes old: still works.
    with time_machine.travel(fx.at(2026, 11, 20, 9, 10), tick=False):
        assert client.post(url).status_code == 302
    assert _records().get().status == "verified"


def test_a_forged_or_static_code_checks_nothing_in(client, county):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    other = fx.activity(county.township_a, START, END, title="另一活动")
    with time_machine.travel(fx.at(2026, 11, 20, 9, 0), tick=False):
        code = _screen_code(client, county, activity)
        client.force_login(county.member_a)
        value, stamp, signature = code.split(":")
        forged = [
            secrets.token_hex(16),  # what the former static per-activity key looked like
            f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
            f"{other.pk}:{stamp}:{signature}",  # another activity under this signature
            f"{value}:{stamp}",
        ]
        for bad in forged:
            response = client.post(reverse("honors:service-checkin", args=[bad]))
            assert response.status_code == 400, bad
            assert "这不是有效的签到码" in response.content.decode()
            api = client.post(
                reverse("api:honors-service-activity-checkin"), {"key": bad}, "application/json"
            )
            assert api.status_code == 400
            assert api.json()["key"][0].startswith("这不是有效的签到码")
    assert not _records().exists() and not ServiceSignup.objects.unscoped("test").exists()


def test_a_code_of_an_activity_out_of_reach_is_a_404(client, county):
    elsewhere = fx.activity(county.township_b, START, END, created_by=county.secretary_b)
    code = codes.checkin_code(elsewhere)
    client.force_login(county.member_a)
    assert client.get(reverse("honors:service-checkin", args=[code])).status_code == 404


def test_the_organisers_check_in_page_says_the_record_will_wait(client, county, secretary_person):
    activity = fx.activity(county.township_a, START, END, created_by=county.secretary_a)
    with time_machine.travel(fx.at(2026, 11, 20, 10, 0), tick=False):
        code = _screen_code(client, county, activity)
        client.force_login(county.secretary_a)
        url = reverse("honors:service-checkin", args=[code])
        page = client.get(url).content.decode()
        assert 'id="checkin-pending"' in page and "签到（1.50小时）" in page
        assert client.post(url).status_code == 302
    assert _records().get().status == "pending"


# ---- the member's row is locked (PostgreSQL) ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_check_in_waits_while_a_report_of_the_same_member_holds_their_row(county):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL=postgresql://...)")
    activity = fx.current_activity(county.township_a, created_by=county.secretary_a)
    held, release = threading.Event(), threading.Event()

    def report_checking_its_overlap():
        # What record_report holds from its overlap check until it commits.
        try:
            with transaction.atomic():
                record_services.lock_member(county.person_a)
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=report_checking_its_overlap)
    thread.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            with pytest.raises(OperationalError, match="lock timeout"):
                services.check_in(actor=county.member_a, activity=activity)
    finally:
        release.set()
        thread.join()
    assert not _records().exists()
    record = services.check_in(actor=county.member_a, activity=activity)
    assert record.person == county.person_a
