"""The one place that knows who may do what to which organization's data.

Every org-owned model inherits `OrgOwned`: it names its path to an organization's materialized
path (`ORG_PATH`) and to the person it belongs to (`SELF_PATH`), and its default manager fails
closed — a query that went neither through `visible_to(user, action)` nor through an explicit
`unscoped(reason)` raises `ScopeError` when it touches the database.

Why a flag on the queryset, checked where rows are read or written, rather than django-scopes'
manager that raises while the query is built: our scope is a user's set of subtrees, not one
tenant key that a middleware could activate, and services and tasks run outside requests. A
flag that travels with the queryset through `filter()`/`values()` chains lets the query be
built anywhere and checked at the one moment that matters, and `unscoped("why")` stays
greppable. There is no "None means everything" value: even a superuser's query is marked by
`visible_to`.

`PERMISSIONS` below is the only table of which role may do which action, and how far it
reaches; no other module names a role.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dangjian.orgs.models import User


class ScopeError(RuntimeError):
    """An org-owned model was queried without `visible_to` or `unscoped`."""


class Role(models.TextChoices):
    DEPT_ADMIN = "dept_admin", _("Department administrator")
    SECRETARY = "secretary", _("Organization secretary")
    MEMBER = "member", _("Member")
    INSPECTOR = "inspector", _("Inspector")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CHANGE = "change", _("change")
    # Full ID-card numbers and phone numbers in pages, exports and the API.
    EXPORT_PERSONAL = "export_personal", _("see personal data")
    # Study notes: monthly review, originality checks (查重).
    REVIEW = "review", _("review")
    # Assessment (创先争优) scores.
    SCORE = "score", _("score")
    # The level above approves: 发展党员 stages, plans, 销号. Never on one's own organization.
    APPROVE = "approve", _("approve")
    # Create accounts and grant roles (never wider than one's own grant).
    MANAGE_ACCOUNTS = "manage_accounts", _("manage accounts")
    # Read the audit log (操作记录) of the organizations in reach.
    AUDIT = "audit", _("read the audit log")


class Reach(models.TextChoices):
    SUBTREE = "subtree", _("the organization and everything below it")
    BELOW = "below", _("the organizations below, not the organization itself")
    SELF = "self", _("the user's own records")


# role → action → how far a grant of that role at an organization reaches for the action.
PERMISSIONS: dict[str, dict[str, str]] = {
    Role.DEPT_ADMIN: {
        Action.VIEW: Reach.SUBTREE,
        Action.CHANGE: Reach.SUBTREE,
        Action.EXPORT_PERSONAL: Reach.SUBTREE,
        Action.REVIEW: Reach.SUBTREE,
        Action.SCORE: Reach.SUBTREE,
        Action.APPROVE: Reach.BELOW,
        Action.MANAGE_ACCOUNTS: Reach.SUBTREE,
        Action.AUDIT: Reach.SUBTREE,
    },
    Role.SECRETARY: {
        Action.VIEW: Reach.SUBTREE,
        Action.CHANGE: Reach.SUBTREE,
        Action.REVIEW: Reach.SUBTREE,
        Action.APPROVE: Reach.BELOW,
        Action.MANAGE_ACCOUNTS: Reach.SUBTREE,
    },
    Role.INSPECTOR: {
        Action.VIEW: Reach.SUBTREE,
        Action.REVIEW: Reach.SUBTREE,
        Action.SCORE: Reach.SUBTREE,
    },
    Role.MEMBER: {
        Action.VIEW: Reach.SELF,
    },
}

# Roles a holder of MANAGE_ACCOUNTS may grant to others (inside the granter's reach).
GRANTABLE: dict[str, frozenset[str]] = {
    Role.DEPT_ADMIN: frozenset({Role.DEPT_ADMIN, Role.SECRETARY, Role.INSPECTOR, Role.MEMBER}),
    Role.SECRETARY: frozenset({Role.SECRETARY, Role.MEMBER}),
}


def reach_of(role: str, action: str) -> str | None:
    return PERMISSIONS.get(role, {}).get(action)


@dataclass(frozen=True)
class Grant:
    role: str
    org_id: int
    org_path: str

    def reaches(self, action: str, org_path: str) -> bool:
        reach = reach_of(self.role, action)
        if reach == Reach.SUBTREE:
            return org_path.startswith(self.org_path)
        if reach == Reach.BELOW:
            return org_path.startswith(self.org_path) and org_path != self.org_path
        return False


def grants(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's role assignments, read once per request and kept on the user object."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_dangjian_grants", None)
    if cached is None:
        from dangjian.orgs.models import RoleAssignment

        rows = (
            RoleAssignment.objects.unscoped("a user's own grants decide their scope")
            .filter(user=user, org__is_active=True)
            .values_list("role", "org_id", "org__path")
        )
        cached = tuple(Grant(role, org_id, path) for role, org_id, path in rows)
        user._dangjian_grants = cached
    return cached


def forget_grants(user: User | AnonymousUser) -> None:
    """Drop the cached grants (after the user's roles changed within one request)."""
    for attr in ("_dangjian_grants", "_dangjian_person_id"):
        if hasattr(user, attr):
            delattr(user, attr)


def roles(user: User | AnonymousUser) -> frozenset[str]:
    return frozenset(grant.role for grant in grants(user))


def may(user: User | AnonymousUser, action: str) -> bool:
    """Whether the user may do `action` anywhere at all (menus, page entry)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(reach_of(g.role, action) for g in grants(user))


def may_at(user: User | AnonymousUser, action: str, org_path: str) -> bool:
    """Whether one of the user's grants reaches the organization at `org_path` for `action`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(g.reaches(action, org_path) for g in grants(user))


def person_id_of(user: User | AnonymousUser) -> int | None:
    """The id of the person record linked to the account, read once per request."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_dangjian_person_id", "unset")
    if cached == "unset":
        from dangjian.orgs.models import Person

        cached = (
            Person.objects.unscoped("the account's own person record")
            .filter(user=user)
            .values_list("pk", flat=True)
            .first()
        )
        user._dangjian_person_id = cached
    return cached


def scope_prefixes(user: User | AnonymousUser, action: str = Action.VIEW) -> list[str]:
    """The org paths whose whole subtrees the user reaches for `action`, nested ones folded."""
    paths = sorted({g.org_path for g in grants(user) if reach_of(g.role, action) == Reach.SUBTREE})
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def scope_q(user: User | AnonymousUser, model: type[models.Model], action: str) -> Q:
    """The filter for the `model` rows the user reaches for `action`.

    Always a real condition: a superuser gets the always-true `~Q(pk__in=[])`, never None.
    """
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return nothing
    if user.is_superuser:
        return ~nothing
    org_path = model.ORG_PATH
    condition = nothing
    for grant in grants(user):
        reach = reach_of(grant.role, action)
        if reach == Reach.SUBTREE:
            condition |= Q(**{f"{org_path}__startswith": grant.org_path})
        elif reach == Reach.BELOW:
            condition |= Q(**{f"{org_path}__startswith": grant.org_path}) & ~Q(
                **{org_path: grant.org_path}
            )
        elif reach == Reach.SELF and model.SELF_PATH is not None:
            person_id = person_id_of(user)
            if person_id is not None:
                # A subquery, not a join: a join through a reverse relation would repeat rows.
                own = model._default_manager.unscoped("own rows, bounded by the outer query")
                own = own.filter(**{model.SELF_PATH: person_id}).values("pk")
                condition |= Q(pk__in=own)
    return condition


_unscoped_block: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "dangjian_unscoped_block", default=None
)


@contextlib.contextmanager
def unscoped_block(reason: str) -> Iterator[None]:
    """Let Django's own machinery query org-owned models (uniqueness validation, admin).

    For our code, prefer `Model.objects.unscoped(reason)` on the one query that needs it.
    """
    if not reason:
        raise ValueError("unscoped_block needs a reason")
    token = _unscoped_block.set(reason)
    try:
        yield
    finally:
        _unscoped_block.reset(token)


class ScopedQuerySet(models.QuerySet):
    """A queryset that refuses to touch the database until it has been scoped."""

    _scope: str | None = None  # "visible_to:<action>" or "unscoped:<reason>"

    def _clone(self):
        clone = super()._clone()
        clone._scope = self._scope
        return clone

    def _require_scope(self) -> None:
        if self._scope is None and _unscoped_block.get() is None:
            raise ScopeError(
                f"{self.model.__name__} was queried without visible_to(user, action) or "
                f"unscoped(reason)"
            )

    def visible_to(self, user: User | AnonymousUser, action: str = Action.VIEW) -> Any:
        scoped = self.filter(scope_q(user, self.model, action))
        scoped._scope = f"visible_to:{action}"
        return scoped

    def unscoped(self, reason: str) -> Any:
        """Every row, on purpose: `reason` says why (tasks, admin, system commands, tests)."""
        if not reason:
            raise ValueError("unscoped() needs a reason")
        clone = self._chain()
        clone._scope = f"unscoped:{reason}"
        return clone

    @property
    def is_scoped(self) -> bool:
        return self._scope is not None

    # Every way a queryset reaches the database passes one of these.
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._require_scope()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._require_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._require_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self):
        self._require_scope()
        return super().delete()

    def in_bulk(self, *args, **kwargs):
        self._require_scope()
        return super().in_bulk(*args, **kwargs)

    def contains(self, obj) -> bool:
        self._require_scope()
        return super().contains(obj)

    def explain(self, *args, **kwargs) -> str:
        self._require_scope()
        return super().explain(*args, **kwargs)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class OrgOwned(models.Model):
    """Base of every model whose rows belong to an organization (and maybe to a person).

    Subclasses name the lookup path to the owning organization's `path` (`ORG_PATH`) and to
    the owning person (`SELF_PATH`); `manage.py check` fails when either does not resolve.
    The record keeps its own organization from the moment it is created, so a person's later
    transfer does not drag their old records along.
    """

    ORG_PATH: str = ""
    SELF_PATH: str | None = ""
    # SELF_PATH = None: the rows belong to an organization and to no person (assessment
    # scores, bulletins): reach over "one's own records" finds none of them.
    # True where ORG_PATH is a copy of the path taken when the row was written (audit entries
    # stay where the event happened, even after the organization moves).
    ORG_PATH_IS_SNAPSHOT: bool = False

    objects = ScopedManager()

    class Meta:
        abstract = True

    # Uniqueness checks look at every row on purpose: a duplicate elsewhere is still a duplicate.
    def validate_unique(self, exclude=None) -> None:
        with unscoped_block("uniqueness is checked across the whole table"):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None) -> None:
        with unscoped_block("constraints are checked across the whole table"):
            super().validate_constraints(exclude=exclude)


def can(user: User | AnonymousUser, action: str, obj: OrgOwned) -> bool:
    """Whether `obj` lies inside what the user reaches for `action` (one query)."""
    if obj.pk is None:
        return False
    return type(obj).objects.visible_to(user, action).filter(pk=obj.pk).exists()


def require(user: User | AnonymousUser, action: str, obj: OrgOwned, message: str) -> None:
    """Fail closed for a service: a user who may see `obj` but not do `action` on it gets
    PermissionDenied(message) (403); one who may not even see it gets the model's
    DoesNotExist, which pages and the API answer 404, as for an object that does not exist."""
    from django.core.exceptions import PermissionDenied

    if can(user, action, obj):
        return
    if can(user, Action.VIEW, obj):
        raise PermissionDenied(message)
    raise type(obj).DoesNotExist(f"{type(obj).__name__} {obj.pk} is out of reach")
