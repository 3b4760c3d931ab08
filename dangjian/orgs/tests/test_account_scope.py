"""Account services called across scopes: township B manages none of township A's accounts.

The target is member_a, whose person lies in village A1; every refused call must leave the
account, its roles and the audit log as they were.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.orgs import account_services
from dangjian.orgs.models import AuditEntry, RoleAssignment, User

pytestmark = pytest.mark.django_db
OUTSIDERS = ["secretary_b", "inspector_b", "dept_admin_of_b"]


def account_state() -> dict[str, list]:
    return {
        "users": list(User.objects.order_by("pk").values()),
        "roles": list(
            RoleAssignment.objects.unscoped("test: the whole table").order_by("pk").values()
        ),
        "audit": list(AuditEntry.objects.unscoped("test: the whole table").values("pk")),
    }


@pytest.fixture
def outsider(county, request):
    from dangjian.conftest import make_user
    from dangjian.orgs.scoping import Role

    if request.param == "dept_admin_of_b":
        return make_user("dept_admin_b", (Role.DEPT_ADMIN, county.township_b))
    return getattr(county, request.param)


@pytest.fixture
def refused(county):
    def check(call, **kwargs):
        before = account_state()
        with pytest.raises(PermissionDenied):
            call(**kwargs)
        assert account_state() == before

    return check


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_role_revoke_across_townships_is_refused(county, outsider, refused):
    assignment = RoleAssignment.objects.unscoped("test").get(user=county.member_a)
    refused(account_services.role_revoke, actor=outsider, assignment=assignment)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_account_set_active_across_townships_is_refused(county, outsider, refused):
    refused(
        account_services.account_set_active, actor=outsider, account=county.member_a, active=False
    )


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_account_unlock_across_townships_is_refused(county, outsider, refused):
    refused(account_services.account_unlock, actor=outsider, account=county.member_a)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_password_reset_across_townships_is_refused(county, outsider, refused):
    refused(account_services.password_reset, actor=outsider, account=county.member_a)


def test_township_a_manages_its_own_member(county):
    """The other side: the same calls work for township A's secretary."""
    actor = county.secretary_a
    account_services.account_set_active(actor=actor, account=county.member_a, active=False)
    account_services.account_set_active(actor=actor, account=county.member_a, active=True)
    assert account_services.account_unlock(actor=actor, account=county.member_a) == 0
    assignment = RoleAssignment.objects.unscoped("test").get(user=county.member_a)
    account_services.role_revoke(actor=actor, assignment=assignment)
    assert not RoleAssignment.objects.unscoped("test").filter(user=county.member_a).exists()


def test_api_token_of_another_account_cannot_be_revoked(county):
    token, _secret = account_services.api_token_create(actor=county.secretary_a, name="省平台")
    for actor in (county.secretary_b, county.inspector_b, county.member_a):
        with pytest.raises(PermissionDenied):
            account_services.api_token_revoke(actor=actor, token=token)
        token.refresh_from_db()
        assert token.revoked_at is None
    account_services.api_token_revoke(actor=county.secretary_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
