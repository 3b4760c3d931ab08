"""Writes to organizations and people. Each service checks the actor's reach, validates,
saves atomically and records an audit entry in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import (
    PATH_SEPARATOR,
    AuditEntry,
    ImportJob,
    Membership,
    Organization,
    Person,
    User,
)
from dangjian.orgs.scoping import Action, OrgOwned, can
from dangjian.orgs.validators import normalize_id_card

ERRORS = {
    "parent_out_of_scope": _("You may not add or move organizations under this parent."),
    "root_needs_superuser": _("Only a system administrator may create a top-level organization."),
    "move_into_itself": _("An organization cannot be moved under itself or its own subtree."),
    "target_out_of_scope": _("You may not move people into this organization."),
    "transfer_same_org": _("The person already belongs to this organization."),
    "transfer_before_start": _("The transfer date is before the current membership began."),
    "no_change_right": _("You may not change this record."),
    "term_date_out_of_range": _("The election date is too far in the future."),
    "id_card_taken": _("Another person already has this ID-card number."),
    "result_out_of_scope": _("After this change the record would lie outside your reach."),
}


# Fields whose values are personal data: the audit log keeps that they changed, not the values.
AUDIT_MASKED_FIELDS = frozenset({"id_card", "phone"})


def org_path_of(obj: OrgOwned) -> str:
    """The organization path an org-owned row belongs to, by following its ORG_PATH."""
    value: Any = obj
    for part in type(obj).ORG_PATH.split("__"):
        value = getattr(value, part)
    return value


def audit_record(*, actor: User | None, action: str, target: OrgOwned, **data: Any) -> None:
    """Write the audit entry for `action` on `target`; the organization and model come from
    the target itself, so no service can file an entry under the wrong organization."""
    AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        org_path=org_path_of(target),
        data=data,
    )


def _require(actor: User, action: str, obj: OrgOwned, error: str) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(ERRORS[error])


def ensure_still_in_scope(actor: User, obj: OrgOwned, action: str = Action.CHANGE) -> None:
    """After a write, inside its transaction: the saved row must still lie in the actor's
    reach, or the whole write rolls back (netbox's pattern) — nobody moves a row out of the
    subtree they own, or into one they do not."""
    if not can(actor, action, obj):
        raise PermissionDenied(ERRORS["result_out_of_scope"])


def compute_term_end(elected_on: datetime.date | None, years: int) -> datetime.date | None:
    if elected_on is None or years is None:
        return None
    year = elected_on.year + years
    if year > datetime.MAXYEAR:
        raise ValidationError({"term_elected_on": ERRORS["term_date_out_of_range"]})
    try:
        return elected_on.replace(year=year)
    except ValueError:  # elected on 29 February
        return elected_on.replace(year=year, day=28)


def _audit_value(name: str, value: Any) -> Any:
    if name in AUDIT_MASKED_FIELDS:
        return "***" if value else ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _changes(obj: OrgOwned, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose new value differs from the stored row."""
    stored = (
        type(obj)
        .objects.unscoped("the row being changed, already permission-checked")
        .filter(pk=obj.pk)
        .values(*fields)
        .first()
        or {}
    )
    changes = {}
    for name, value in fields.items():
        new = value.pk if hasattr(value, "pk") else value
        if stored.get(name) != new:
            changes[name] = [_audit_value(name, stored.get(name)), _audit_value(name, new)]
    return dict(sorted(changes.items()))


def _apply(obj: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def org_create(*, actor: User, parent: Organization | None, **fields: Any) -> Organization:
    if parent is None:
        if not actor.is_superuser:
            raise PermissionDenied(ERRORS["root_needs_superuser"])
    else:
        _require(actor, Action.CHANGE, parent, "parent_out_of_scope")
    org = Organization(parent=parent, **fields)
    # The path needs the id, so it is written after the first save.
    org.path = "pending"
    org.depth = 0 if parent is None else parent.depth + 1
    org.full_clean(exclude=["path"])
    org.term_ends_on = compute_term_end(org.term_elected_on, org.term_years)
    org.save()
    org.path = (parent.path if parent else PATH_SEPARATOR) + f"{org.pk}{PATH_SEPARATOR}"
    org.save(update_fields=["path"])
    ensure_still_in_scope(actor, org)
    audit_record(actor=actor, action="orgs.org.create", target=org)
    return org


@transaction.atomic
def org_update(*, actor: User, org: Organization, **fields: Any) -> Organization:
    _require(actor, Action.CHANGE, org, "no_change_right")
    fields.pop("parent", None)  # moving is org_move's job
    changes = _changes(org, fields)
    _apply(org, fields)
    org.full_clean()
    org.term_ends_on = compute_term_end(org.term_elected_on, org.term_years)
    org.save()
    ensure_still_in_scope(actor, org)
    audit_record(actor=actor, action="orgs.org.update", target=org, changes=changes)
    return org


@transaction.atomic
def org_move(*, actor: User, org: Organization, new_parent: Organization) -> Organization:
    """Re-hang an organization and its whole subtree under `new_parent` in one UPDATE."""
    _require(actor, Action.CHANGE, org, "no_change_right")
    _require(actor, Action.CHANGE, new_parent, "parent_out_of_scope")
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": ERRORS["move_into_itself"]})
    old_path, org_parent_before = org.path, org.parent_id
    new_path = f"{new_parent.path}{org.pk}{PATH_SEPARATOR}"
    depth_change = new_parent.depth + 1 - org.depth
    moving = Organization.objects.unscoped("the subtree of an org the actor may change")
    moving.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    moving.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    ensure_still_in_scope(actor, org)
    audit_record(
        actor=actor,
        action="orgs.org.move",
        target=org,
        changes={"parent": [org_parent_before, new_parent.pk], "path": [old_path, org.path]},
    )
    return org


def _normalize_id_card(fields: dict[str, Any], *, exclude_pk: int | None) -> None:
    """Upper-case the check letter and refuse a number another person holds, by field."""
    if not fields.get("id_card"):
        return
    fields["id_card"] = normalize_id_card(fields["id_card"])
    holders = Person.objects.unscoped("ID-card numbers are unique across the county")
    if holders.filter(id_card=fields["id_card"]).exclude(pk=exclude_pk).exists():
        raise ValidationError({"id_card": ERRORS["id_card_taken"]})


@transaction.atomic
def person_create(
    *, actor: User, primary_org: Organization, joined_on: datetime.date | None = None, **fields
) -> Person:
    _require(actor, Action.CHANGE, primary_org, "target_out_of_scope")
    _normalize_id_card(fields, exclude_pk=None)
    person = Person(primary_org=primary_org, **fields)
    person.full_clean()
    person.save()
    Membership.objects.create(
        person=person, org=primary_org, started_on=joined_on or datetime.date.today()
    )
    ensure_still_in_scope(actor, person)
    audit_record(actor=actor, action="orgs.person.create", target=person)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, **fields: Any) -> Person:
    _require(actor, Action.CHANGE, person, "no_change_right")
    fields.pop("primary_org", None)  # a change of organization is a transfer
    _normalize_id_card(fields, exclude_pk=person.pk)
    changes = _changes(person, fields)
    _apply(person, fields)
    person.full_clean()
    person.save()
    ensure_still_in_scope(actor, person)
    audit_record(actor=actor, action="orgs.person.update", target=person, changes=changes)
    return person


@transaction.atomic
def person_transfer(
    *, actor: User, person: Person, to_org: Organization, on: datetime.date, note: str = ""
) -> Person:
    """组织关系转接 — move a person to another organization, closing the old membership."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    _require(actor, Action.CHANGE, to_org, "target_out_of_scope")
    if to_org.pk == person.primary_org_id:
        raise ValidationError({"to_org": ERRORS["transfer_same_org"]})
    memberships = Membership.objects.unscoped("the memberships of a person the actor may change")
    current = memberships.filter(person=person, ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError({"on": ERRORS["transfer_before_start"]})
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    from_path = person.primary_org.path
    Membership.objects.create(person=person, org=to_org, started_on=on, note=note)
    person.primary_org = to_org
    person.save(update_fields=["primary_org", "updated_at"])
    # A secretary is one of the organization's own people: leaving ends the link.
    led = Organization.objects.unscoped("the organizations the leaving person was secretary of")
    vacated = list(led.filter(secretary=person).exclude(pk=to_org.pk).values_list("pk", flat=True))
    led.filter(pk__in=vacated).update(secretary=None)
    ensure_still_in_scope(actor, person)
    audit_record(
        actor=actor,
        action="orgs.person.transfer",
        target=person,
        from_path=from_path,
        on=on.isoformat(),
        secretary_of_cleared=vacated,
    )
    return person


def import_job_create(*, actor: User, kind: str, filename: str, content: bytes) -> ImportJob:
    """Store an uploaded sheet and queue its import once the row is committed."""
    from dangjian.orgs.selectors import org_roots
    from dangjian.orgs.tasks import run_import

    scope_org = org_roots(actor).first() if not actor.is_superuser else None
    if scope_org is None:
        scope_org = Organization.objects.unscoped("a superuser's import").order_by("path").first()
    job = ImportJob.objects.create(
        kind=kind, created_by=actor, scope_org=scope_org, filename=filename[:200], content=content
    )
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job
