"""What every orgs service shares: the error texts, the permission checks, the date range
and the audit entry written in the service's own transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.orgs import rules
from dangjian.orgs.models import (
    AuditEntry,
    Organization,
    User,
)
from dangjian.orgs.scoping import Action, OrgOwned, can, may_at

ERRORS = {
    "parent_out_of_scope": _("You may not add or move organizations under this parent."),
    "root_needs_superuser": _("Only a system administrator may create a top-level organization."),
    "move_into_itself": _("An organization cannot be moved under itself or its own subtree."),
    "target_out_of_scope": _("You may not move people into this organization."),
    "transfer_same_org": _("The person already belongs to this organization."),
    "transfer_before_start": _("The transfer date is before the current membership began."),
    "no_change_right": _("You may not change this record."),
    "term_date_out_of_range": _("The election date is too far in the future."),
    # The same words whoever holds the number, in the caller's reach or not: nothing about
    # the holder (name, organization, whether the caller may see them) is given away.
    "id_card_taken": _(
        "This ID-card number is already registered. Check the number; if it is right, ask the "
        "county organization department to find the record."
    ),
    "id_card_rate": _(
        "Too many ID-card numbers that are already registered were entered in the last hour, "
        "so ID-card numbers are not accepted from you for now. Try again in an hour."
    ),
    "date_range": _("Enter a date between %(min)s and %(max)s."),
    "result_out_of_scope": _("After this change the record would lie outside your reach."),
    "deactivate_needs_level_above": _(
        "Only the level above may deactivate this organization; ask your organization department."
    ),
}

# People records (issue 18 item 7): each rule of `_validate_person`, `person_exit` and
# `person_reinstate` with its own words, so a refusal says which rule and which values.
PERSON_ERRORS = {
    "birth_date_mismatch": _(
        "The birth date %(given)s does not match the ID-card number, which gives %(derived)s."
    ),
    "birth_date_mismatch_hidden": _("The birth date %(given)s does not match the ID-card number."),
    "gender_mismatch": _(
        "The gender “%(given)s” does not match the ID-card number, which gives “%(derived)s”."
    ),
    "stage_order": _(
        "%(later)s (%(later_date)s) is before %(earlier)s (%(earlier_date)s): the stages come "
        "in order (applied, activist, candidate, probationary, full member)."
    ),
    "applied_under_age": _(
        "Applied on %(applied)s is before the person's 18th birthday (%(birthday)s): an "
        "applicant must be at least 18 (发展党员工作细则 Art. 5)."
    ),
    "applied_under_age_hidden": _(
        "Applied on %(applied)s is before the person's 18th birthday: an applicant must be at "
        "least 18 (发展党员工作细则 Art. 5)."
    ),
    "stage_date_missing": _(
        "A person whose party status is “%(status)s” has the date of that stage: enter “%(field)s”."
    ),
    "stage_date_too_late": _(
        "“%(field)s” belongs to a later stage than the party status “%(status)s”: clear it, or "
        "change the party status."
    ),
    "exit_needs_date": _("Enter the date the person left."),
    "exit_date_without_status": _("A leaving date needs the reason the person left."),
    "exit_but_active": _("A person who left (%(status)s) is not active."),
    "exit_on_page": _(
        "Leaving and restoring membership are recorded with “Record leaving” and “Restore "
        "membership” on the person's page."
    ),
    "already_left": _("%(name)s already left on %(on)s (%(status)s)."),
    "exit_before_joining": _(
        "The leaving date %(on)s is before %(name)s joined %(org)s (%(joined)s)."
    ),
    "reinstate_not_suspended": _(
        "Only a suspended membership (停止党籍) can be restored; %(name)s: %(status)s."
    ),
    "reinstate_before_exit": _(
        "Membership is restored on or after the day it was suspended (%(on)s)."
    ),
}


# Fields whose values are personal data: the audit log keeps that they changed, not the values.
AUDIT_MASKED_FIELDS = frozenset({"id_card", "phone"})


def org_path_of(obj: OrgOwned) -> str:
    """The organization path an org-owned row belongs to, by following its ORG_PATH."""
    value: Any = obj
    for part in type(obj).ORG_PATH.split("__"):
        value = getattr(value, part)
    return value


def _audit_entry(actor: User | None, action: str, target: OrgOwned, data: dict) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        org_path=org_path_of(target),
        data=data,
    )


def audit_record(*, actor: User | None, action: str, target: OrgOwned, **data: Any) -> None:
    """Write the audit entry for `action` on `target`; the organization and model come from
    the target itself, so no service can file an entry under the wrong organization."""
    _audit_entry(actor, action, target, data).save()


def audit_record_many(
    *, actor: User | None, action: str, targets: list[OrgOwned], data: list[dict]
) -> None:
    """One audit entry per target (bulk imports), derived exactly as `audit_record` does."""
    entries = [
        _audit_entry(actor, action, target, extra)
        for target, extra in zip(targets, data, strict=True)
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _require(actor: User, action: str, obj: OrgOwned, error: str) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(ERRORS[error])


def _require_at(actor: User, action: str, org: Organization, error: str) -> None:
    """The same question as `_require`, answered from the actor's grants without a query
    (imports ask it once per row); the write's `ensure_still_in_scope` re-checks the database."""
    if org.pk is None or not may_at(actor, action, org.path):
        raise PermissionDenied(ERRORS[error])


def check_dates(
    obj: Any, *, happened: tuple[str, ...] = (), scheduled: tuple[str, ...] = ()
) -> None:
    """Refuse dates outside the range a record can hold, naming the range: events that
    `happened` lie between rules.DATE_MIN and today, `scheduled` ones (transfers, elections)
    may lie up to rules.DATE_FUTURE_DAYS ahead. `obj` is a model instance or a dict."""
    today = timezone.localdate()
    ahead = today + datetime.timedelta(days=rules.DATE_FUTURE_DAYS)
    errors = {}
    for names, latest in ((happened, today), (scheduled, ahead)):
        for name in names:
            value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
            if isinstance(value, datetime.datetime):
                value = value.date()
            if isinstance(value, datetime.date) and not rules.DATE_MIN <= value <= latest:
                errors[name] = ValidationError(
                    ERRORS["date_range"],
                    code="date_range",
                    params={"min": rules.DATE_MIN.isoformat(), "max": latest.isoformat()},
                )
    if errors:
        raise ValidationError(errors)


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
