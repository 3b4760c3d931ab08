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
from dangjian.orgs.scoping import Action, can
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
}


def audit_record(*, actor: User | None, action: str, target: Any, org_path: str, **data) -> None:
    AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=type(target).__name__,
        target_id=str(target.pk),
        org_path=org_path,
        data=data,
    )


def _require(actor: User, action: str, obj: Any, error: str) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(ERRORS[error])


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


def _changed_fields(obj: Any, fields: dict[str, Any]) -> list[str]:
    """Names of the fields whose new value differs from the stored row (for the audit)."""
    stored = type(obj).objects.filter(pk=obj.pk).values(*fields).first() or {}
    return sorted(
        name
        for name, value in fields.items()
        if stored.get(name) != (value.pk if hasattr(value, "pk") else value)
    )


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
    audit_record(actor=actor, action="orgs.org.create", target=org, org_path=org.path)
    return org


@transaction.atomic
def org_update(*, actor: User, org: Organization, **fields: Any) -> Organization:
    _require(actor, Action.CHANGE, org, "no_change_right")
    fields.pop("parent", None)  # moving is org_move's job
    changed = _changed_fields(org, fields)
    _apply(org, fields)
    org.full_clean()
    org.term_ends_on = compute_term_end(org.term_elected_on, org.term_years)
    org.save()
    audit_record(
        actor=actor, action="orgs.org.update", target=org, org_path=org.path, fields=changed
    )
    return org


@transaction.atomic
def org_move(*, actor: User, org: Organization, new_parent: Organization) -> Organization:
    """Re-hang an organization and its whole subtree under `new_parent` in one UPDATE."""
    _require(actor, Action.CHANGE, org, "no_change_right")
    _require(actor, Action.CHANGE, new_parent, "parent_out_of_scope")
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": ERRORS["move_into_itself"]})
    old_path = org.path
    new_path = f"{new_parent.path}{org.pk}{PATH_SEPARATOR}"
    depth_change = new_parent.depth + 1 - org.depth
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit_record(
        actor=actor,
        action="orgs.org.move",
        target=org,
        org_path=org.path,
        old_path=old_path,
        new_parent=new_parent.pk,
    )
    return org


def _normalize_id_card(fields: dict[str, Any], *, exclude_pk: int | None) -> None:
    """Upper-case the check letter and refuse a number another person holds, by field."""
    if not fields.get("id_card"):
        return
    fields["id_card"] = normalize_id_card(fields["id_card"])
    if Person.objects.filter(id_card=fields["id_card"]).exclude(pk=exclude_pk).exists():
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
    audit_record(actor=actor, action="orgs.person.create", target=person, org_path=primary_org.path)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, **fields: Any) -> Person:
    _require(actor, Action.CHANGE, person, "no_change_right")
    fields.pop("primary_org", None)  # a change of organization is a transfer
    _normalize_id_card(fields, exclude_pk=person.pk)
    changed = _changed_fields(person, fields)
    _apply(person, fields)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="orgs.person.update",
        target=person,
        org_path=person.primary_org.path,
        fields=changed,
    )
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
    current = person.memberships.filter(ended_on__isnull=True).first()
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
    vacated = list(
        Organization.objects.filter(secretary=person)
        .exclude(pk=to_org.pk)
        .values_list("pk", flat=True)
    )
    Organization.objects.filter(pk__in=vacated).update(secretary=None)
    audit_record(
        actor=actor,
        action="orgs.person.transfer",
        target=person,
        org_path=to_org.path,
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
        scope_org = Organization.objects.order_by("path").first()
    job = ImportJob.objects.create(
        kind=kind, created_by=actor, scope_org=scope_org, filename=filename[:200], content=content
    )
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job
