"""Deactivating an organization: the level above decides, and the page says what it hides."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangjian.orgs import services
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import scope_prefixes


def _fields(org: Organization, **extra) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "category": org.category,
        "org_type": org.org_type,
        "term_years": org.term_years,
    } | extra


def test_a_secretary_cannot_deactivate_their_own_top_organization(county):
    with pytest.raises(PermissionDenied):
        services.org_update(actor=county.secretary_a, org=county.township_a, is_active=False)
    assert Organization.objects.unscoped("test").get(pk=county.township_a.pk).is_active
    # One level down is theirs to close; the level above may close the township.
    services.org_update(actor=county.secretary_a, org=county.group_a1, is_active=False)
    services.org_update(actor=county.dept_admin, org=county.township_b, is_active=False)
    county.secretary_b.refresh_from_db()
    assert scope_prefixes(county.secretary_b) == []  # its roles there stop working


def test_deactivation_asks_for_confirmation_and_says_what_it_hides(county, client):
    client.force_login(county.dept_admin)
    url = reverse("orgs:org-edit", args=[county.township_a.pk])
    first = client.post(url, _fields(county.township_a))  # "is_active" unticked
    page = first.content.decode()
    assert first.status_code == 200 and 'id="deactivation-effects"' in page
    assert "1 个账号" in page  # secretary_a's role on the township
    assert Organization.objects.unscoped("test").get(pk=county.township_a.pk).is_active
    confirmed = client.post(url, _fields(county.township_a, confirm_deactivate="1"))
    assert confirmed.status_code == 302
    assert not Organization.objects.unscoped("test").get(pk=county.township_a.pk).is_active


def test_the_secretary_is_told_to_ask_the_level_above(county, client):
    client.force_login(county.secretary_a)
    url = reverse("orgs:org-edit", args=[county.township_a.pk])
    response = client.post(url, _fields(county.township_a, confirm_deactivate="1"))
    assert response.status_code == 403
    assert Organization.objects.unscoped("test").get(pk=county.township_a.pk).is_active
