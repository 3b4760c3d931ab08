"""Writes to organizations and people. Each service checks the actor's reach, validates,
saves atomically and records an audit entry in the same transaction.

This module is the orgs app's write API: the organization services are here; what they share
is in `service_base`, the person record's checks in `people_checks`, person writes in
`people_services`, moves and exits in `membership_services` — all reachable from here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr

from dangjian.orgs.membership_services import (  # noqa: F401
    _open_membership,
    person_exit,
    person_exit_check,
    person_move,
    person_reinstate,
    person_transfer,
)
from dangjian.orgs.models import (
    PATH_SEPARATOR,
    ImportJob,
    Organization,
    User,
)

# The orgs write API is `services`: the person services live in their own modules.
from dangjian.orgs.people_checks import (  # noqa: F401
    ID_CARD_HIT,
    ID_CARD_PROBE_ALERT,
    ID_CARD_REFUSED,
    PERSON_DATES_HAPPENED,
    _check_stages,
    _id_card_answers,
    _validate_person,
    birthday,
    id_card_hits_per_hour,
    id_card_probe_alert,
)
from dangjian.orgs.people_services import (  # noqa: F401
    people_build,
    people_insert,
    person_build,
    person_create,
    person_update,
    person_update_check,
)
from dangjian.orgs.scoping import Action, may
from dangjian.orgs.service_base import (  # noqa: F401
    AUDIT_MASKED_FIELDS,
    ERRORS,
    PERSON_ERRORS,
    _apply,
    _audit_entry,
    _audit_value,
    _changes,
    _require,
    _require_at,
    audit_record,
    audit_record_many,
    check_dates,
    compute_term_end,
    ensure_still_in_scope,
    org_path_of,
)
from dangjian.orgs.validators import (
    normalize_phone,
)

ORG_DATES_HAPPENED = ("founded_on",)
ORG_DATES_SCHEDULED = ("term_elected_on",)


def org_build(*, actor: User, parent: Organization | None, **fields: Any) -> Organization:
    """A new organization, permission-checked and validated but not saved.

    `org_create` saves what this builds; an import builds every row first, reports every
    problem, and saves only when all rows are good. `parent` may itself be a built, unsaved
    organization (a parent defined earlier in the same file): its nearest saved ancestor
    then decides, since the new organization will lie inside that ancestor's subtree.
    """
    anchor = parent
    while anchor is not None and anchor.pk is None:
        anchor = anchor.parent
    if anchor is None:
        if not actor.is_superuser:
            raise PermissionDenied(ERRORS["root_needs_superuser"])
    else:
        _require_at(actor, Action.CHANGE, anchor, "parent_out_of_scope")
    org = Organization(parent=parent, **fields)
    org.contact_phone = normalize_phone(org.contact_phone or "")
    # The path needs the id, so it is written after the first save.
    org.path = "pending"
    org.depth = 0 if parent is None else parent.depth + 1
    org.full_clean(exclude=["path"])
    check_dates(org, happened=ORG_DATES_HAPPENED, scheduled=ORG_DATES_SCHEDULED)
    org.term_ends_on = compute_term_end(org.term_elected_on, org.term_years)
    return org


def org_insert(*, actor: User, org: Organization, **audit_data: Any) -> Organization:
    """Save an organization made by `org_build` (call inside a transaction): path, scope
    re-check, audit entry."""
    org.save()
    parent_path = PATH_SEPARATOR
    if org.parent_id is not None:
        # The parent's stored path, not the caller's copy: it may have moved since.
        parents = Organization.objects.unscoped("the parent of an org being created")
        parent_path = parents.filter(pk=org.parent_id).values_list("path", flat=True).get()
        org.parent.path = parent_path
    org.path = f"{parent_path}{org.pk}{PATH_SEPARATOR}"
    org.save(update_fields=["path"])
    ensure_still_in_scope(actor, org)
    audit_record(actor=actor, action="orgs.org.create", target=org, **audit_data)
    return org


@transaction.atomic
def org_create(*, actor: User, parent: Organization | None, **fields: Any) -> Organization:
    return org_insert(actor=actor, org=org_build(actor=actor, parent=parent, **fields))


@transaction.atomic
def org_update(*, actor: User, org: Organization, **fields: Any) -> Organization:
    _require(actor, Action.CHANGE, org, "no_change_right")
    fields.pop("parent", None)  # moving is org_move's job
    changes = _changes(org, fields)  # against the stored row: a bound form changed `org`
    if changes.get("is_active") == [True, False]:
        # Closing an organization is the level above's decision: a secretary cannot close
        # their own top organization (and with it their own access).
        _require(actor, Action.APPROVE, org, "deactivate_needs_level_above")
    _apply(org, fields)
    org.contact_phone = normalize_phone(org.contact_phone or "")
    org.full_clean()
    check_dates(org, happened=ORG_DATES_HAPPENED, scheduled=ORG_DATES_SCHEDULED)
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


@transaction.atomic
def import_job_create(
    *,
    actor: User,
    kind: str,
    filename: str,
    content: bytes,
    mode: str = ImportJob.Mode.CREATE,
) -> ImportJob:
    """Store an uploaded sheet and queue its import once the row is committed. Only someone
    who may change organizations somewhere may import; each row is checked again when saved."""
    from dangjian.orgs.selectors import home_org
    from dangjian.orgs.tasks import run_import

    if not may(actor, Action.CHANGE):
        raise PermissionDenied(ERRORS["no_change_right"])
    job = ImportJob.objects.create(
        kind=kind,
        mode=mode if kind == ImportJob.Kind.PEOPLE else ImportJob.Mode.CREATE,
        created_by=actor,
        scope_org=home_org(actor),
        filename=filename[:200],
        content=content,
    )
    audit_record(
        actor=actor,
        action="orgs.import.create",
        target=job,
        kind=kind,
        mode=job.mode,
        file=job.filename,
    )
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job
