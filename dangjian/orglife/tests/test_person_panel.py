"""The kernel's person page carries organization life's panel: 转接中 with the letter while a
transfer is pending, and the person's development record and dues."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.orglife import transfer_services as services
from dangjian.orglife.tests.test_transfers_services import _issue_a1_to_b1

pytestmark = pytest.mark.django_db


def _panel(client, user, person) -> str:
    client.force_login(user)
    response = client.get(reverse("orgs:person-detail", args=[person.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    return body.split('id="orglife-person-panel"', 1)[1] if "orglife-person-panel" in body else ""


def test_pending_transfer_shows_until_accepted(client, county, django_capture_on_commit_callbacks):
    transfer = _issue_a1_to_b1(county, django_capture_on_commit_callbacks)
    at_sender = _panel(client, county.secretary_a, county.person_a)
    assert "转接中" in at_sender and transfer.letter_number in at_sender
    assert reverse("orglife:transfer-detail", args=[transfer.pk]) in at_sender
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_accept(actor=county.secretary_b, transfer=transfer)
    # Now at B1: township B's secretary opens the page, nothing is pending any more.
    at_receiver = _panel(client, county.secretary_b, county.person_a)
    assert "转接中" not in at_receiver


def test_links_to_the_development_record_and_dues(client, county):
    panel = _panel(client, county.member_a, county.person_a)  # a full member, their own page
    assert reverse("orglife:development-person", args=[county.person_a.pk]) in panel
    assert reverse("orglife:dues-person", args=[county.person_a.pk]) in panel
    assert "转接中" not in panel
