"""Where a person belongs: a move between organizations (组织关系转接), leaving (出党, 停止党籍,
死亡, 转出县外) and 恢复党籍. The record is never deleted."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from dangjian.orgs.models import (
    ExitStatus,
    Membership,
    Organization,
    Person,
    User,
)
from dangjian.orgs.scoping import Action
from dangjian.orgs.service_base import (
    ERRORS,
    PERSON_ERRORS,
    _require,
    audit_record,
    check_dates,
    ensure_still_in_scope,
)


def _open_membership(person: Person) -> Membership | None:
    memberships = Membership.objects.unscoped("the memberships of a person the actor may change")
    return memberships.filter(person=person, ended_on__isnull=True).select_related("org").first()


def person_exit_check(
    *, person: Person, status: str, on: datetime.date | None
) -> Membership | None:
    """The rules of recording that a person left (imports check every row with it before
    saving any): a known status, a date not in the future and not before the person joined
    their current organization, and not already left. Returns the open membership."""
    if person.exit_status:
        raise ValidationError(
            {
                "exit_status": ValidationError(
                    PERSON_ERRORS["already_left"],
                    code="already_left",
                    params={
                        "name": person.name,
                        "on": person.exit_on.isoformat() if person.exit_on else "",
                        "status": person.get_exit_status_display(),
                    },
                )
            }
        )
    if status not in ExitStatus.values:
        raise ValidationError(
            {
                "exit_status": Person._meta.get_field("exit_status").error_messages[
                    "invalid_choice"
                ]
                % {"value": status}
            }
        )
    if on is None:
        raise ValidationError({"exit_on": PERSON_ERRORS["exit_needs_date"]})
    check_dates({"exit_on": on}, happened=("exit_on",))
    current = _open_membership(person)
    if current is not None and on < current.started_on:
        raise ValidationError(
            {
                "exit_on": ValidationError(
                    PERSON_ERRORS["exit_before_joining"],
                    code="exit_before_joining",
                    params={
                        "on": on.isoformat(),
                        "name": person.name,
                        "org": current.org.name,
                        "joined": current.started_on.isoformat(),
                    },
                )
            }
        )
    return current


@transaction.atomic
def person_exit(
    *, actor: User, person: Person, status: str, on: datetime.date, note: str = ""
) -> Person:
    """Record that a person left — 出党, 停止党籍, 死亡, 转出县外 (ExitStatus). Never a deletion:
    the record stays, inactive, with the status and date; the open membership ends that day,
    so the organization history shows where the person was until then."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    current = person_exit_check(person=person, status=status, on=on)
    if current is not None:
        current.ended_on = on
        if note:
            current.note = note[:200]
        current.save(update_fields=["ended_on", "note"])
    person.exit_status, person.exit_on, person.is_active = status, on, False
    person.save(update_fields=["exit_status", "exit_on", "is_active", "updated_at"])
    # A secretary is one of the organization's own active people: leaving ends the link.
    led = Organization.objects.unscoped("the organizations the leaving person was secretary of")
    vacated = list(led.filter(secretary=person).values_list("pk", flat=True))
    led.filter(pk__in=vacated).update(secretary=None)
    ensure_still_in_scope(actor, person)
    audit_record(
        actor=actor,
        action="orgs.person.exit",
        target=person,
        status=status,
        on=on.isoformat(),
        note=note,
        secretary_of_cleared=vacated,
    )
    return person


@transaction.atomic
def person_reinstate(*, actor: User, person: Person, on: datetime.date, note: str = "") -> Person:
    """恢复党籍 — restore a suspended membership (停止党籍 only; the other exits are final):
    active again, in the same organization, with a new membership from `on`."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    if person.exit_status != ExitStatus.SUSPENDED:
        raise ValidationError(
            {
                "on": ValidationError(
                    PERSON_ERRORS["reinstate_not_suspended"],
                    code="reinstate_not_suspended",
                    params={
                        "name": person.name,
                        "status": person.get_exit_status_display() or gettext("active"),
                    },
                )
            }
        )
    check_dates({"on": on}, happened=("on",))
    if person.exit_on and on < person.exit_on:
        raise ValidationError(
            {
                "on": ValidationError(
                    PERSON_ERRORS["reinstate_before_exit"],
                    code="reinstate_before_exit",
                    params={"on": person.exit_on.isoformat()},
                )
            }
        )
    left = {
        "status": person.exit_status,
        "on": person.exit_on.isoformat() if person.exit_on else "",
    }
    if _open_membership(person) is None:
        Membership.objects.create(
            person=person, org=person.primary_org, started_on=on, note=note[:200]
        )
    person.exit_status, person.exit_on, person.is_active = "", None, True
    person.save(update_fields=["exit_status", "exit_on", "is_active", "updated_at"])
    ensure_still_in_scope(actor, person)
    audit_record(
        actor=actor,
        action="orgs.person.reinstate",
        target=person,
        on=on.isoformat(),
        note=note,
        left=left,
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
    check_dates({"on": on}, scheduled=("on",))
    from_path = person.primary_org.path
    vacated = person_move(person=person, to_org=to_org, on=on, note=note)
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


def person_move(
    *, person: Person, to_org: Organization, on: datetime.date, note: str = ""
) -> list[int]:
    """The move itself, without permission checks (call inside the caller's transaction,
    after the caller checked who may): close the open membership on `on`, open one at
    `to_org`, make it the primary organization, and end the secretary links the person held.
    Shared by `person_transfer` and the organization-life transfer workflow (转接 accepted).
    Returns the ids of the organizations whose secretary link was cleared."""
    if to_org.pk == person.primary_org_id:
        raise ValidationError({"to_org": ERRORS["transfer_same_org"]})
    memberships = Membership.objects.unscoped("the memberships of a person being moved")
    current = memberships.filter(person=person, ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError({"on": ERRORS["transfer_before_start"]})
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    Membership.objects.create(person=person, org=to_org, started_on=on, note=note)
    person.primary_org = to_org
    person.save(update_fields=["primary_org", "updated_at"])
    # A secretary is one of the organization's own people: leaving ends the link.
    led = Organization.objects.unscoped("the organizations the leaving person was secretary of")
    vacated = list(led.filter(secretary=person).exclude(pk=to_org.pk).values_list("pk", flat=True))
    led.filter(pk__in=vacated).update(secretary=None)
    return vacated
