"""Service activities: created by an organization for its subtree, sign-up with places,
cancellation (notices), and QR check-in only inside [start − 30 min, end) — before and after
refused with the window, nothing saved; a member's check-in is a record verified by the
organiser's check-in, of the hours from the check-in (or the start) to the end, refused when
it overlaps another record. Who vouches, the hours of a late check-in and the expiring code:
test_service_checkin.py."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from dangjian.conftest import make_person, make_user
from dangjian.honors import service_activity_services as services
from dangjian.honors import service_checkin_codes as codes
from dangjian.honors import service_selectors as selectors
from dangjian.honors.models import ServiceActivity, ServiceRecord, ServiceSignup
from dangjian.honors.tests import fixtures_service as fx
from dangjian.notices.models import Notice
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Role

START = fx.at(2026, 11, 20, 9, 0)
END = fx.at(2026, 11, 20, 11, 30)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def activity(county):
    # Organised by township A: village A1's member belongs to its subtree.
    return fx.activity(county.township_a, START, END, capacity=2, created_by=county.secretary_a)


def _counts():
    return (
        ServiceRecord.objects.unscoped("test").count(),
        ServiceSignup.objects.unscoped("test").count(),
    )


def checkin_at(county, activity, moment):
    with time_machine.travel(moment, tick=False):
        return services.check_in(actor=county.member_a, activity=activity)


@pytest.mark.parametrize(
    "moment",
    [fx.at(2026, 11, 20, 8, 29), fx.at(2026, 11, 20, 11, 31), fx.at(2026, 11, 19, 10, 0)],
    ids=["31 min early", "a minute late", "the day before"],
)
def test_check_in_outside_the_window_is_refused_and_saves_nothing(county, activity, moment):
    services_signup(county, activity)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        checkin_at(county, activity, moment)
    assert "open from 2026-11-20 08:30 to 2026-11-20 11:30" in caught.value.messages[0]
    assert _counts() == before
    signup = ServiceSignup.objects.unscoped("test").get()
    assert signup.checked_in_at is None


def services_signup(county, activity):
    with time_machine.travel(fx.at(2026, 11, 18, 10), tick=False):
        return services.signup(actor=county.member_a, activity=activity)


@pytest.mark.parametrize(
    ("moment", "start", "hours"),
    [
        (fx.at(2026, 11, 20, 8, 30), datetime.time(9), D("2.50")),  # 09:00–11:30
        (fx.at(2026, 11, 20, 10, 0), datetime.time(10), D("1.50")),  # 10:00–11:30
        (fx.at(2026, 11, 20, 11, 29), datetime.time(11, 29), D("0.02")),  # 1 min
    ],
    ids=["30 min early", "during", "in the last minute"],
)
def test_check_in_inside_the_window_records_verified_hours(county, activity, moment, start, hours):
    services_signup(county, activity)
    record = checkin_at(county, activity, moment)
    assert (record.status, record.hours, record.date) == (
        "verified",
        hours,
        datetime.date(2026, 11, 20),
    )
    assert (record.start, record.end) == (start, datetime.time(11, 30))
    assert record.source_activity == activity and record.person == county.person_a
    assert ServiceSignup.objects.unscoped("test").get().checked_in_at is not None
    with pytest.raises(ValidationError, match="You checked in"):
        checkin_at(county, activity, moment)
    assert ServiceRecord.objects.unscoped("test").count() == 1


def test_check_in_without_sign_up_takes_a_place_while_one_remains(county, activity):
    su = county.superuser
    for name in ("甲甲", "乙乙"):
        person = make_person(su, county.village_a1, name)
        ServiceSignup.objects.create(activity=activity, person=person)
    before = _counts()
    with pytest.raises(ValidationError, match="All 2 places"):
        checkin_at(county, activity, fx.at(2026, 11, 20, 9, 0))
    assert _counts() == before
    activity.capacity = 3
    activity.save()
    record = checkin_at(county, activity, fx.at(2026, 11, 20, 9, 0))
    assert record.status == "verified" and _counts() == (before[0] + 1, before[1] + 1)


def test_check_in_overlapping_a_reported_record_is_refused(county, activity):
    fx.record(county.person_a, datetime.date(2026, 11, 20), "11:00", "12:00", status="pending")
    with pytest.raises(ValidationError) as caught:
        checkin_at(county, activity, fx.at(2026, 11, 20, 9, 0))
    assert "2026-11-20, 11:00–12:00" in caught.value.messages[0]
    assert _counts() == (1, 0)


def test_only_members_of_the_subtree_sign_up_or_check_in(county):
    elsewhere = fx.activity(county.township_b, START, END)
    with time_machine.travel(fx.at(2026, 11, 18), tick=False), pytest.raises(PermissionDenied):
        services.signup(actor=county.member_a, activity=elsewhere)
    with pytest.raises(PermissionDenied, match="乙镇党委"):
        checkin_at(county, elsewhere, fx.at(2026, 11, 20, 9))
    with pytest.raises(PermissionDenied):
        services.check_in(actor=county.secretary_a, activity=elsewhere)
    assert _counts() == (0, 0)


def test_member_sees_the_activities_of_their_chain_only(county, activity):
    fx.activity(county.township_b, START, END, title="乙镇活动")
    fx.activity(county.root, START, END, title="全县活动")
    fx.activity(county.group_a1, START, END, title="小组活动")  # below the member's village
    titles = set(selectors.activities_for(county.member_a).values_list("title", flat=True))
    assert titles == {"敬老院志愿服务", "全县活动"}
    b_titles = set(selectors.activities_for(county.secretary_b).values_list("title", flat=True))
    assert b_titles == {"乙镇活动"}


def test_sign_up_places_and_cancel_before_the_start(county, activity):
    su = county.superuser
    services_signup(county, activity)
    with pytest.raises(ValidationError, match="already signed up"):
        services_signup(county, activity)
    other = make_person(su, county.village_a1, "王甲二")
    other_user = make_user("wang", (Role.MEMBER, county.village_a1))
    other.user = other_user
    other.save()
    third = make_person(su, county.village_a1, "赵甲三")
    third_user = make_user("zhao", (Role.MEMBER, county.village_a1))
    third.user = third_user
    third.save()
    with time_machine.travel(fx.at(2026, 11, 18), tick=False):
        services.signup(actor=other_user, activity=activity)
        with pytest.raises(ValidationError, match="All 2 places of “敬老院志愿服务” are taken"):
            services.signup(actor=third_user, activity=activity)
        services.signup_cancel(actor=county.member_a, activity=activity)
        services.signup(actor=third_user, activity=activity)
    with (
        time_machine.travel(fx.at(2026, 11, 20, 9), tick=False),
        pytest.raises(ValidationError, match="began at 2026-11-20 09:00"),
    ):
        services.signup_cancel(actor=other_user, activity=activity)
    assert ServiceSignup.objects.unscoped("test").count() == 2


def test_cancel_tells_those_signed_up(county, activity):
    services_signup(county, activity)
    with time_machine.travel(fx.at(2026, 11, 19), tick=False):
        # The member sees it through their chain, but holds no reach over it: out of reach.
        with pytest.raises(ServiceActivity.DoesNotExist):
            services.activity_cancel(actor=county.member_a, activity=activity)
        services.activity_cancel(actor=county.secretary_a, activity=activity)
    (notice,) = Notice.objects.filter(recipient=county.member_a)
    assert "敬老院志愿服务" in notice.subject
    with pytest.raises(ValidationError, match="cancelled"):
        checkin_at(county, activity, fx.at(2026, 11, 20, 9))


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"title": ""}, "title", "required"),
        ({"place": "x" * 121}, "place", "121 characters"),
        ({"ends_at": fx.at(2026, 11, 20, 8)}, "ends_at", "end after it starts"),
        ({"ends_at": fx.at(2026, 11, 21, 10)}, "ends_at", "same day"),
        ({"ends_at": fx.at(2026, 11, 20, 21, 1)}, "ends_at", "at most 12"),
        ({"starts_at": fx.at(2026, 11, 1, 9)}, "starts_at", "in the past"),
        ({"capacity": 0}, "capacity", "whole number from 1"),
    ],
)
def test_activity_bad_input(county, fields, field, words):
    data = {"title": "清扫", "place": "村口", "starts_at": START, "ends_at": END}
    with time_machine.travel(fx.at(2026, 11, 15), tick=False):
        with pytest.raises(ValidationError) as caught:
            services.activity_create(
                actor=county.secretary_a, org=county.township_a, **(data | fields)
            )
        assert words in " ".join(caught.value.message_dict[field])
        assert not ServiceActivity.objects.unscoped("test").exists()
        with pytest.raises(Organization.DoesNotExist):  # out of reach: a 404
            services.activity_create(actor=county.secretary_b, org=county.township_a, **data)
        made = services.activity_create(actor=county.secretary_a, org=county.township_a, **data)
    assert (made.title, made.created_by) == ("清扫", county.secretary_a)


def test_api_check_in_sign_up_and_window(client, county, activity):
    client.force_login(county.member_a)
    signup_url = reverse("api:honors-service-activity-signup", args=[activity.pk])
    checkin_url = reverse("api:honors-service-activity-checkin")
    with time_machine.travel(fx.at(2026, 11, 18, 10), tick=False):
        listed = client.get(reverse("api:honors-service-activity-list")).json()["results"]
        assert [(row["id"], row["taken"]) for row in listed] == [(activity.pk, 0)]
        assert client.post(signup_url).json() == {"activity": activity.pk, "signed_up": True}
        assert client.post(signup_url).status_code == 400  # already signed up
    with time_machine.travel(fx.at(2026, 11, 20, 8, 0), tick=False):
        body = {"key": codes.checkin_code(activity)}  # the code the screen shows at 08:00
        response = client.post(checkin_url, body, "application/json")
    # Answered in the site's language (zh-hans): the window's two ends are named.
    assert response.status_code == 400
    assert "2026-11-20 08:30至2026-11-20 11:30" in response.json()["detail"][0]
    assert _counts() == (0, 1)
    with time_machine.travel(fx.at(2026, 11, 20, 9, 15), tick=False):
        body = {"key": codes.checkin_code(activity)}
        response = client.post(checkin_url, body, "application/json")
        # Late by a quarter of an hour: 09:15–11:30, 135 min = 2.25 h.
        assert response.status_code == 201
        assert (response.json()["status"], response.json()["hours"]) == ("verified", 2.25)
        gone = fx.activity(county.township_a, START, END, title="已删除")
        gone_code = codes.checkin_code(gone)
        gone.delete()
        assert client.post(checkin_url, {"key": gone_code}, "application/json").status_code == 404
        assert client.post(checkin_url, body | {"x": 1}, "application/json").status_code == 400
    # A random value such as the former static key is no code (400 under `key`).
    response = client.post(checkin_url, {"key": secrets.token_hex(16)}, "application/json")
    assert response.status_code == 400 and list(response.json()) == ["key"]


def test_check_in_page_shows_the_window_and_saves_nothing_outside_it(client, county, activity):
    client.force_login(county.member_a)
    with time_machine.travel(fx.at(2026, 11, 20, 11, 55), tick=False):
        url = reverse("honors:service-checkin", args=[codes.checkin_code(activity)])
    with time_machine.travel(fx.at(2026, 11, 20, 12, 0), tick=False):
        page = client.get(url).content.decode()
        assert 'id="checkin-closed"' in page and 'id="checkin-form"' not in page
        response = client.post(url)
    assert response.status_code == 400
    assert "签到时间为2026-11-20 08:30至2026-11-20 11:30" in response.content.decode()
    assert _counts() == (0, 0)
    with time_machine.travel(fx.at(2026, 11, 20, 9, 0), tick=False):
        url = reverse("honors:service-checkin", args=[codes.checkin_code(activity)])
        assert 'id="checkin-form"' in client.get(url).content.decode()
        assert client.post(url).status_code == 302
    assert _counts() == (1, 1)
