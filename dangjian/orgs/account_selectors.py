"""Reads for account management: accounts are reached through their person's organization."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from dangjian.orgs.models import ApiToken, Organization, Person, RoleAssignment, User
from dangjian.orgs.scoping import GRANTABLE, Action, Role, grants


def managed_people(manager: User) -> QuerySet[Person]:
    return Person.objects.visible_to(manager, Action.MANAGE_ACCOUNTS)


def account_list(manager: User, q: str = "") -> QuerySet[Person]:
    """People with an account that `manager` may manage, with their account."""
    qs = managed_people(manager).filter(user__isnull=False).select_related("user", "primary_org")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(user__username__icontains=q))
    return qs.order_by("primary_org__path", "name", "pk")


def account_get(manager: User, user_id: int) -> Person:
    """The person behind account `user_id`, or 404 when outside the manager's reach."""
    return get_object_or_404(
        managed_people(manager).select_related("user", "primary_org"), user_id=user_id
    )


def account_roles(manager: User, account: User) -> QuerySet[RoleAssignment]:
    """The account's roles inside the manager's reach: a role the account holds elsewhere
    (another township) is neither shown nor revocable here — it would name that township."""
    return (
        RoleAssignment.objects.visible_to(manager, Action.MANAGE_ACCOUNTS)
        .filter(user=account)
        .select_related("org")
        .order_by("org__path", "role")
    )


def role_assignment_get(manager: User, account: User, pk: int) -> RoleAssignment:
    return get_object_or_404(account_roles(manager, account).select_related("user"), pk=pk)


def people_without_account(manager: User) -> QuerySet[Person]:
    return managed_people(manager).filter(user__isnull=True, is_active=True)


def grantable_orgs(manager: User) -> QuerySet[Organization]:
    return Organization.objects.visible_to(manager, Action.MANAGE_ACCOUNTS).filter(is_active=True)


def grantable_roles(manager: User) -> list[tuple[str, str]]:
    if manager.is_superuser:
        wanted = set(Role.values)
    else:
        wanted = {role for g in grants(manager) for role in GRANTABLE.get(g.role, ())}
    return [(value, label) for value, label in Role.choices if value in wanted]


def is_locked_out(account: User) -> bool:
    """Whether login throttling (django-axes) currently refuses this user name."""
    return AccessAttempt.objects.filter(
        username=account.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def api_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens: nobody lists another account's tokens."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_get(user: User, pk: int) -> ApiToken:
    return get_object_or_404(api_tokens(user), pk=pk)
