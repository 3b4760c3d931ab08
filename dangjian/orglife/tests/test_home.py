"""The organization-life hub lists each part's pages its user may open, and only those."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _links(client, user) -> list[str]:
    client.force_login(user)
    body = client.get(reverse("orglife:home")).content.decode()
    listing = body.split('id="orglife-parts"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="([^"]+)"', listing)


@pytest.mark.parametrize("persona", ["dept_admin", "secretary_a", "member_a", "inspector_b"])
def test_every_link_on_the_hub_opens_for_its_user(client, county, persona):
    user = county.personas()[persona]
    links = _links(client, user)
    expected = [
        reverse(entry.url_name)
        for entry in sorted(apps.get_app_config("orglife").hub, key=lambda e: e.order)
        if entry.shown_to(user)
    ]
    assert links == expected
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_hub_is_in_the_menu_of_every_account(client, county):
    client.force_login(county.member_a)
    assert f'href="{reverse("orglife:home")}"' in client.get(reverse("home")).content.decode()
