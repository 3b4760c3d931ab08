"""Accounts and roles managed in the app: reach, grants never wider than one's own, audit,
one-time passwords, lock-out and deactivation."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangjian.conftest import PASSWORD
from dangjian.orgs import account_services
from dangjian.orgs.models import AuditEntry, RoleAssignment, User
from dangjian.orgs.scoping import Role, scope_prefixes


def _create(actor, person, username="new_user"):
    return account_services.account_create(actor=actor, person=person, username=username)


def test_dept_admin_creates_an_account_with_a_one_time_password(county, client):
    account, password = _create(county.dept_admin, county.person_b)
    assert account.must_change_password and account.check_password(password)
    entry = AuditEntry.objects.unscoped("test").get(action="orgs.account.create")
    assert entry.org_path == county.village_b1.path and password not in str(entry.data)
    client.post(reverse("login"), {"username": "new_user", "password": password})
    # Every page leads to the password change until the account has chosen its own.
    assert client.get(reverse("orgs:org-list"))["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "a-new-secret-9",
            "new_password2": "a-new-secret-9",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_secretary_b_cannot_create_an_account_for_township_a(county):
    with pytest.raises(PermissionDenied):
        _create(county.secretary_b, county.person_a)
    assert not User.objects.filter(username="new_user").exists()


def test_grants_never_wider_than_the_granters_own(county):
    account, _password = _create(county.secretary_a, _person(county, county.village_a1, "王五"))
    # Inside township A, a role a secretary may grant: allowed.
    account_services.role_grant(
        actor=county.secretary_a, account=account, role=Role.SECRETARY, org=county.village_a1
    )
    assert scope_prefixes(User.objects.get(pk=account.pk)) == [county.village_a1.path]
    # The county above township A, township B beside it, or a role above its own: refused.
    for role, org in [
        (Role.SECRETARY, county.root),
        (Role.SECRETARY, county.township_b),
        (Role.DEPT_ADMIN, county.village_a1),
        (Role.INSPECTOR, county.village_a1),
    ]:
        with pytest.raises(PermissionDenied):
            account_services.role_grant(
                actor=county.secretary_a, account=account, role=role, org=org
            )
    assert RoleAssignment.objects.unscoped("test").filter(user=account).count() == 1
    assert AuditEntry.objects.unscoped("test").filter(action="orgs.role.grant").count() == 1


def test_nobody_changes_their_own_roles(county):
    person = county.person_a
    with pytest.raises(PermissionDenied):
        account_services.role_grant(
            actor=county.member_a, account=county.member_a, role=Role.SECRETARY, org=county.root
        )
    assert person.user == county.member_a


def test_revoke_deactivate_and_reset(county, client):
    assignment = RoleAssignment.objects.unscoped("test").get(user=county.member_a)
    account_services.role_revoke(actor=county.secretary_a, assignment=assignment)
    assert not RoleAssignment.objects.unscoped("test").filter(user=county.member_a).exists()
    account_services.account_set_active(
        actor=county.secretary_a, account=county.member_a, active=False
    )
    assert not _logs_in(client, "member_a", PASSWORD)
    account_services.account_set_active(
        actor=county.secretary_a, account=county.member_a, active=True
    )
    password = account_services.password_reset(actor=county.secretary_a, account=county.member_a)
    assert _logs_in(client, "member_a", password)
    actions = set(AuditEntry.objects.unscoped("test").values_list("action", flat=True))
    assert {"orgs.role.revoke", "orgs.account.deactivate", "orgs.account.password_reset"} <= actions
    with pytest.raises(PermissionDenied):
        account_services.password_reset(actor=county.secretary_b, account=county.member_a)


def test_unlock_after_throttled_logins(county, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "member_a", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="member_a").exists()
    client.force_login(county.dept_admin)
    detail = client.get(reverse("orgs:account-detail", args=[county.member_a.pk]))
    assert reverse("orgs:account-unlock", args=[county.member_a.pk]) in detail.content.decode()
    assert client.post(reverse("orgs:account-unlock", args=[county.member_a.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username="member_a").exists()


def test_account_pages_across_townships(county, client):
    client.force_login(county.secretary_b)
    assert client.get(reverse("orgs:account-detail", args=[county.member_a.pk])).status_code == 404
    response = client.post(reverse("orgs:password-reset", args=[county.member_a.pk]))
    assert response.status_code == 404
    listed = client.get(reverse("orgs:account-list")).content.decode()
    assert "member_a" not in listed
    client.force_login(county.secretary_a)
    assert "member_a" in client.get(reverse("orgs:account-list")).content.decode()


def test_the_demo_password_passes_the_password_rules(county):
    validate_password("dangjian-demo", county.member_a)


def _person(county, org, name):
    from dangjian.conftest import make_person

    return make_person(county.superuser, org, name)


def _logs_in(client, username: str, password: str) -> bool:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_roles_outside_the_managers_reach_are_not_shown(county, client):
    account, _password = _create(county.dept_admin, county.person_b, username="li_b")
    account_services.role_grant(
        actor=county.dept_admin, account=account, role=Role.INSPECTOR, org=county.township_a
    )
    account_services.role_grant(
        actor=county.dept_admin, account=account, role=Role.MEMBER, org=county.village_b1
    )
    client.force_login(county.secretary_b)
    page = client.get(reverse("orgs:account-detail", args=[account.pk])).content.decode()
    assert county.village_b1.name in page and county.township_a.name not in page
    outside = RoleAssignment.objects.unscoped("test").get(user=account, org=county.township_a)
    url = reverse("orgs:role-revoke", args=[account.pk, outside.pk])
    assert client.post(url).status_code == 404
    assert RoleAssignment.objects.unscoped("test").filter(pk=outside.pk).exists()
