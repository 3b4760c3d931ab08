"""Accounts and roles, managed in the app by the organization department and secretaries.

Each service checks that the actor may manage the account (its person lies inside the actor's
MANAGE_ACCOUNTS reach), that a grant is never wider than the actor's own (inside one of the
actor's subtrees, and a role that the actor's role may grant), writes an audit entry against
the person or the role assignment, and never shows a password twice.
"""

from __future__ import annotations

import secrets

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.lib.tokens import new_token, token_digest
from dangjian.orgs.models import ApiToken, AuditEntry, Organization, Person, RoleAssignment, User
from dangjian.orgs.scoping import GRANTABLE, Action, can, forget_grants, grants
from dangjian.orgs.services import audit_record

ERRORS = {
    "person_out_of_reach": _("You may not manage accounts of this person."),
    "person_has_account": _("This person already has an account."),
    "username_taken": _("This user name is taken; choose another."),
    "grant_too_wide": _(
        "You may grant this role only inside your own organizations, and only roles your own "
        "role may grant."
    ),
    "grant_exists": _("The account already holds this role there."),
    "own_account": _("You cannot change your own account's roles or status here."),
    "token_name": _("Name the token after what will use it (e.g. the provincial system)."),
}

# Long enough to resist guessing in the hours before first use; short enough to read out.
ONE_TIME_PASSWORD_LENGTH = 12
# Letters and digits that cannot be mistaken for one another when read aloud or copied.
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password() -> str:
    return "".join(secrets.choice(_OTP_ALPHABET) for _ in range(ONE_TIME_PASSWORD_LENGTH))


def _require_manage(actor: User, person: Person) -> None:
    if not can(actor, Action.MANAGE_ACCOUNTS, person):
        raise PermissionDenied(ERRORS["person_out_of_reach"])


def _require_not_self(actor: User, account: User) -> None:
    if actor.pk == account.pk:
        raise PermissionDenied(ERRORS["own_account"])


def may_grant(actor: User, role: str, org: Organization) -> bool:
    """A grant is never wider than the granter's own: inside one of the actor's subtrees, for
    a role the actor's role there may grant (a strict ancestor is outside every subtree)."""
    if actor.is_superuser:
        return True
    return any(
        role in GRANTABLE.get(g.role, ()) and g.reaches(Action.MANAGE_ACCOUNTS, org.path)
        for g in grants(actor)
    )


@transaction.atomic
def account_create(*, actor: User, person: Person, username: str) -> tuple[User, str]:
    """An account for `person`, with a one-time password that must be changed at first login.
    Returns the account and the password, which is shown once and never stored in clear."""
    _require_manage(actor, person)
    if person.user_id is not None:
        raise ValidationError({"person": ERRORS["person_has_account"]})
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ERRORS["username_taken"]})
    account = User(username=username, first_name=person.name[:150], must_change_password=True)
    account.full_clean(exclude=["password"])
    password = one_time_password()
    account.set_password(password)
    account.save()
    Person.objects.unscoped("linking the account just created").filter(pk=person.pk).update(
        user=account
    )
    person.user = account
    audit_record(actor=actor, action="orgs.account.create", target=person, username=username)
    return account, password


@transaction.atomic
def role_grant(*, actor: User, account: User, role: str, org: Organization) -> RoleAssignment:
    person = _person_of(account)
    _require_manage(actor, person)
    _require_not_self(actor, account)
    if not may_grant(actor, role, org):
        raise PermissionDenied(ERRORS["grant_too_wide"])
    assignments = RoleAssignment.objects.unscoped("duplicate check for one account")
    if assignments.filter(user=account, role=role, org=org).exists():
        raise ValidationError({"role": ERRORS["grant_exists"]})
    assignment = RoleAssignment.objects.create(user=account, role=role, org=org)
    forget_grants(account)
    audit_record(
        actor=actor,
        action="orgs.role.grant",
        target=assignment,
        username=account.username,
        role=role,
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    account = assignment.user
    _require_manage(actor, _person_of(account))
    _require_not_self(actor, account)
    if not may_grant(actor, assignment.role, assignment.org):
        raise PermissionDenied(ERRORS["grant_too_wide"])
    audit_record(
        actor=actor,
        action="orgs.role.revoke",
        target=assignment,
        username=account.username,
        role=assignment.role,
    )
    RoleAssignment.objects.unscoped("the assignment just checked").filter(pk=assignment.pk).delete()
    forget_grants(account)


@transaction.atomic
def account_set_active(*, actor: User, account: User, active: bool) -> User:
    person = _person_of(account)
    _require_manage(actor, person)
    _require_not_self(actor, account)
    account.is_active = active
    account.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="orgs.account.activate" if active else "orgs.account.deactivate",
        target=person,
        username=account.username,
    )
    return account


@transaction.atomic
def password_reset(*, actor: User, account: User) -> str:
    """A new one-time password, shown once; the account must change it at its next login."""
    person = _person_of(account)
    _require_manage(actor, person)
    _require_not_self(actor, account)
    password = one_time_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=actor, action="orgs.account.password_reset", target=person, username=account.username
    )
    return password


@transaction.atomic
def account_unlock(*, actor: User, account: User) -> int:
    """Lift a lock-out by login throttling (django-axes); returns the attempts cleared."""
    person = _person_of(account)
    _require_manage(actor, person)
    cleared = axes_reset(username=account.username)
    audit_record(
        actor=actor,
        action="orgs.account.unlock",
        target=person,
        username=account.username,
        attempts_cleared=cleared,
    )
    return cleared


def password_changed(*, user: User) -> None:
    """The account chose its own password (validated by the form): the one-time password's
    obligation ends."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def _person_of(account: User) -> Person:
    person = (
        Person.objects.unscoped("the account's person; reach is checked by the caller")
        .select_related("primary_org")
        .filter(user=account)
        .first()
    )
    if person is None:
        # Accounts without a person (system accounts) are managed by the system administrator.
        raise PermissionDenied(ERRORS["person_out_of_reach"])
    return person


def _audit_account(actor: User, action: str, account: User, **data) -> None:
    """Audit against the account's person (so the entry sits in its organization); a system
    account without a person files under "/", which only system administrators see."""
    person = (
        Person.objects.unscoped("the account's person, for the audit entry")
        .select_related("primary_org")
        .filter(user=account)
        .first()
    )
    if person is not None:
        audit_record(actor=actor, action=action, target=person, username=account.username, **data)
    else:
        AuditEntry.objects.create(
            actor=actor,
            action=action,
            target_type=User._meta.label,
            target_id=str(account.pk),
            org_path="/",
            data={"username": account.username, **data},
        )


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for the actor's own account; the token is returned once, stored as a
    digest only."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ERRORS["token_name"]})
    token = new_token()
    row = ApiToken.objects.create(
        user=actor, name=name[:80], prefix=token[:10], digest=token_digest(token)
    )
    _audit_account(actor, "orgs.api_token.create", actor, token=row.prefix, name=row.name)
    return row, token


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _audit_account(actor, "orgs.api_token.revoke", token.user, token=token.prefix)
