"""A signed-in user stays who they are: changing a password changes nothing else, and the
scope guards refuse what lies outside the user's reach when called directly."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangjian.conftest import PASSWORD
from dangjian.orgs import account_services, services
from dangjian.orgs.models import User

pytestmark = pytest.mark.django_db
ACCOUNT_FIELDS = ("username", "is_superuser", "is_staff", "is_active", "first_name", "email")


def account(user: User) -> dict:
    return User.objects.filter(pk=user.pk).values(*ACCOUNT_FIELDS).get()


@pytest.mark.parametrize("persona", ["secretary_b", "member_a"])
def test_changing_ones_password_changes_nothing_else(client, county, persona):
    user = getattr(county, persona)
    before = account(user)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-secret-9",
            "new_password2": "a-new-secret-9",
        },
    )
    assert response.status_code == 302
    assert account(user) == before
    user.refresh_from_db()
    assert user.check_password("a-new-secret-9")


def test_password_changed_ends_the_obligation_on_the_callers_account(county):
    user = county.member_a
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    account_services.password_changed(user=user)
    assert user.must_change_password is False
    user.refresh_from_db()
    assert user.must_change_password is False


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b", "member_a"])
def test_ensure_still_in_scope_refuses_a_row_outside_the_actors_reach(county, persona):
    actor = getattr(county, persona)
    for row in (county.village_a1, county.person_a):
        with pytest.raises(PermissionDenied):
            services.ensure_still_in_scope(actor, row)
    services.ensure_still_in_scope(county.secretary_a, county.person_a)
