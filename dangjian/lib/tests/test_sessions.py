"""The sliding idle timeout survives without a session write on every request."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from dangjian.lib.sessions import REFRESH

pytestmark = pytest.mark.django_db


def stored_expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def age_session(client, by: datetime.timedelta) -> None:
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) - by
    )


def test_a_request_within_a_minute_leaves_the_session_row_alone(client, county):
    client.force_login(county.secretary_a)
    age_session(client, REFRESH / 2)
    before = stored_expiry(client)
    assert client.get(reverse("home")).status_code == 200
    assert stored_expiry(client) == before


def test_a_request_after_a_minute_extends_the_session(client, county):
    client.force_login(county.secretary_a)
    age_session(client, datetime.timedelta(minutes=30))
    assert client.get(reverse("home")).status_code == 200
    full = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(stored_expiry(client) - full) < datetime.timedelta(seconds=10)


def test_an_idle_session_still_ends(client, county):
    client.force_login(county.secretary_a)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_changed_session_is_saved_at_once(client, county):
    client.force_login(county.secretary_a)
    session = client.session
    session["marker"] = "x"
    session.save()
    assert Session.objects.get(session_key=session.session_key).get_decoded()["marker"] == "x"
