"""The one place that knows what a user may see or change: user → visible org subtrees.

Every org-owned model uses ScopedQuerySet and names its path to an organization's
materialized path (ORG_PATH) and to the person it belongs to (SELF_PATH). Selectors call
`visible_to(user, action)`; views never see an unrestricted queryset, so an object out of
reach is a 404, whatever its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dangjian.orgs.models import User


class Role(models.TextChoices):
    DEPT_ADMIN = "dept_admin", _("Department administrator")
    SECRETARY = "secretary", _("Organization secretary")
    MEMBER = "member", _("Member")
    INSPECTOR = "inspector", _("Inspector")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CHANGE = "change", _("change")


# Roles that reach a whole org subtree, per action.
SUBTREE_ROLES: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset({Role.DEPT_ADMIN, Role.SECRETARY, Role.INSPECTOR}),
    Action.CHANGE: frozenset({Role.DEPT_ADMIN, Role.SECRETARY}),
}
# Roles that reach only the user's own records, per action.
SELF_ROLES: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset({Role.MEMBER}),
    Action.CHANGE: frozenset(),
}


@dataclass(frozen=True)
class Grant:
    role: str
    org_id: int
    org_path: str


def grants(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's role assignments, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_dangjian_grants", None)
    if cached is None:
        from dangjian.orgs.models import RoleAssignment

        rows = RoleAssignment.objects.filter(user=user, org__is_active=True).values_list(
            "role", "org_id", "org__path"
        )
        cached = tuple(Grant(role, org_id, path) for role, org_id, path in rows)
        user._dangjian_grants = cached
    return cached


def roles(user: User | AnonymousUser) -> frozenset[str]:
    return frozenset(grant.role for grant in grants(user))


def _person_id(user: User) -> int | None:
    cached = getattr(user, "_dangjian_person_id", "unset")
    if cached == "unset":
        from dangjian.orgs.models import Person

        cached = Person.objects.filter(user=user).values_list("pk", flat=True).first()
        user._dangjian_person_id = cached
    return cached


def scope_prefixes(user: User | AnonymousUser, action: str = Action.VIEW) -> list[str]:
    """The org paths whose subtrees the user reaches for `action`, nested ones folded away."""
    paths = sorted(
        {grant.org_path for grant in grants(user) if grant.role in SUBTREE_ROLES[action]}
    )
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def scope_q(user: User | AnonymousUser, model: type[models.Model], action: str) -> Q | None:
    """A filter for `model` rows the user reaches, or None for 'everything' (superusers)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for prefix in scope_prefixes(user, action):
        condition |= Q(**{f"{model.ORG_PATH}__startswith": prefix})
    if any(grant.role in SELF_ROLES[action] for grant in grants(user)):
        person_id = _person_id(user)
        if person_id is not None:
            # A subquery, not a join: a join through a reverse relation would repeat rows.
            own = model._default_manager.filter(**{model.SELF_PATH: person_id})
            condition |= Q(pk__in=own.values("pk"))
    return condition


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser, action: str = Action.VIEW) -> ScopedQuerySet:
        condition = scope_q(user, self.model, action)
        if condition is None:
            return self.all()
        return self.filter(condition)


def can(user: User | AnonymousUser, action: str, obj: models.Model) -> bool:
    """Whether `obj` lies inside what the user reaches for `action` (one query)."""
    return type(obj).objects.visible_to(user, action).filter(pk=obj.pk).exists()


def has_role(user: User | AnonymousUser, *wanted: str) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(roles(user) & set(wanted)))


def role_covers(user: User | AnonymousUser, wanted: frozenset[str], org_path: str) -> bool:
    """Whether one of the user's `wanted` roles reaches the organization at `org_path`."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(g.role in wanted and org_path.startswith(g.org_path) for g in grants(user))
