"""Writes of 组织关系转接: issue the 介绍信, accept or return it, cancel it, and record the
receipt (回执) of a letter to outside the county (arrivals from outside the county:
`transfer_arrival_services`).

Each service checks who may at the right end (the sender issues and cancels, the receiver
accepts and returns), validates with a specific message, writes atomically with an audit
entry, and sends its notices after the commit. The move itself is `orgs.services.person_move`,
the same code as the kernel's direct transfer.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.notices.services import notice_send
from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.models import Transfer
from dangjian.orgs.models import ExitStatus, Membership, Organization, OrgType, Person, User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.services import audit_record, check_dates, person_move

ERRORS = {
    "no_right_sender": _("You may not issue or cancel transfers of this organization."),
    "no_right_receiver": _("You may not accept or return transfers to this organization."),
    "person_inactive": _("This person is no longer active: only active members are transferred."),
    "not_member": _(
        "Only Party members (full or probationary) have an organization relation to transfer."
    ),
    "pending": _(
        "This person already has a transfer in progress (letter %(number)s): accept, return or "
        "cancel it first."
    ),
    "no_destination": _(
        "Choose the receiving organization, or write the destination outside the county."
    ),
    "same_org": _("The person already belongs to this organization."),
    "to_group": _(
        "%(org)s is a Party group (党小组): people belong to branches. Choose its branch."
    ),
    "not_accepting": _(
        "%(org)s does not accept members: the receiving organization must be a Party branch "
        "or a general Party branch."
    ),
    "to_inactive": _("%(org)s is deactivated and accepts no transfers."),
    "unknown_code": _("No organization has the code %(code)s."),
    "unknown_org": _("No such organization."),
    "not_pending": _("This transfer is %(status)s: only a transfer in progress can be %(verb)s."),
    "expired": _(
        "The letter expired on %(date)s (valid for %(days)s days): the sending organization "
        "must cancel it and issue a new one."
    ),
    "before_issue": _("The date lies before the letter was issued (%(date)s)."),
    "moved_meanwhile": _(
        "The person no longer belongs to %(org)s: this letter no longer describes them. Return it."
    ),
    "reason_needed": _("Say why the transfer is returned."),
    "from_needed": _(
        "Write where the person comes from (the organization that issued the letter)."
    ),
    "letter_needed": _("Enter the number of the letter the person brought."),
}


def _require_sender(actor: User, transfer: Transfer) -> None:
    if transfer.from_org_id is None or not may_at(actor, Action.CHANGE, transfer.from_org.path):
        raise PermissionDenied(ERRORS["no_right_sender"])


def _require_receiver(actor: User, transfer: Transfer) -> None:
    if transfer.to_org_id is None or not may_at(actor, Action.CHANGE, transfer.to_org.path):
        raise PermissionDenied(ERRORS["no_right_receiver"])


def _require_pending(transfer: Transfer, verb: str) -> None:
    if transfer.status != Transfer.Status.ISSUED:
        raise ValidationError(
            ERRORS["not_pending"] % {"status": transfer.get_status_display(), "verb": verb},
            code="not_pending",
        )


def org_by_code(code: str) -> Organization:
    """The receiving organization named by its code (the sender may not see other townships'
    organizations in a list; the receiving branch gives its code)."""
    found = (
        Organization.objects.unscoped("the receiving organization named by its code")
        .filter(code=code.strip())
        .first()
    )
    if found is None:
        raise ValidationError({"to_org": ERRORS["unknown_code"] % {"code": code}})
    return found


def org_by_id(pk: int) -> Organization:
    """The receiving organization named by its id (the API's `to_org`)."""
    found = Organization.objects.unscoped("the receiving organization named by its id")
    found = found.filter(pk=pk).first()
    if found is None:
        raise ValidationError({"to_org": ERRORS["unknown_org"]})
    return found


def check_receiving(org: Organization, field: str = "to_org", label: str | None = None) -> None:
    """People belong to branches (rules.ACCEPTING_ORG_TYPES), active ones. `label` names the
    organization in the message (its code when the actor does not see it: the API takes any
    id, and a refusal must not turn ids into names)."""
    label = org.name if label is None else label
    if org.org_type == OrgType.GROUP:
        raise ValidationError({field: ERRORS["to_group"] % {"org": label}})
    if org.org_type not in rules.ACCEPTING_ORG_TYPES:
        raise ValidationError({field: ERRORS["not_accepting"] % {"org": label}})
    if not org.is_active:
        raise ValidationError({field: ERRORS["to_inactive"] % {"org": label}})


def letter_number(year: int, sequence: int) -> str:
    return rules.LETTER_NUMBER_FORMAT.format(
        prefix=rules.LETTER_PREFIX, year=year, sequence=sequence
    )


def _next_sequence(year: int) -> int:
    taken = (
        Transfer.objects.unscoped("the county's letter numbers run across all organizations")
        .filter(letter_year=year)
        .exclude(kind=Transfer.Kind.IN)
        .aggregate(last=Max("letter_sequence"))["last"]
    )
    return (taken or 0) + 1


def _pending_of(person: Person) -> Transfer | None:
    return (
        Transfer.objects.unscoped("one transfer in progress per person, wherever it goes")
        .filter(person=person, status=Transfer.Status.ISSUED)
        .first()
    )


def _link(transfer: Transfer) -> str:
    return reverse("orglife:transfer-detail", args=[transfer.pk])


def _tell(org: Organization | None, subject: str, transfer: Transfer, key: str) -> None:
    if org is None:
        return
    recipients = users_reaching(org.path, Action.CHANGE, nearest_only=True)
    transaction.on_commit(
        lambda: notice_send(
            recipients=recipients,
            subject=subject,
            link=_link(transfer),
            due_on=transfer.valid_until if transfer.status == Transfer.Status.ISSUED else None,
            key=key,
        )
    )


def transfer_issue(
    *,
    actor: User,
    person: Person,
    to_org: Organization | None = None,
    to_text: str = "",
    reason: str = "",
    issued_on: datetime.date | None = None,
    valid_days: int = rules.LETTER_VALID_DAYS_DEFAULT,
) -> Transfer:
    """开具介绍信: the person's own branch issues a letter to `to_org` (within the county) or
    to `to_text` (out of the county). The person stays at the sender until accepted."""
    require(actor, Action.CHANGE, person, ERRORS["no_right_sender"])
    issued_on = issued_on or timezone.localdate()
    check_dates({"issued_on": issued_on}, happened=("issued_on",))
    from_org = person.primary_org
    if not person.is_active:
        raise ValidationError({"person": ERRORS["person_inactive"]})
    if person.party_status not in rules.TRANSFERABLE_STATUSES:
        raise ValidationError({"person": ERRORS["not_member"]})
    pending = _pending_of(person)
    if pending is not None:
        raise ValidationError({"person": ERRORS["pending"] % {"number": pending.letter_number}})
    to_text = to_text.strip()
    if to_org is None and not to_text:
        raise ValidationError({"to_org": ERRORS["no_destination"]})
    if to_org is not None:
        if to_org.pk == from_org.pk:
            raise ValidationError({"to_org": ERRORS["same_org"]})
        seen = Organization.objects.visible_to(actor, Action.VIEW).filter(pk=to_org.pk).exists()
        check_receiving(to_org, label=to_org.name if seen else to_org.code)
        to_text = ""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                transfer = _issue_row(
                    actor, person, from_org, to_org, to_text, reason, issued_on, valid_days
                )
            break
        except IntegrityError:
            # Two letters numbered at the same moment: take the next number.
            if _pending_of(person) is not None:
                raise ValidationError({"person": ERRORS["pending"] % {"number": ""}}) from None
    else:
        raise ValidationError({"letter_number": gettext("Try again: the number was taken.")})
    return transfer


def _issue_row(
    actor: User,
    person: Person,
    from_org: Organization,
    to_org: Organization | None,
    to_text: str,
    reason: str,
    issued_on: datetime.date,
    valid_days: int,
) -> Transfer:
    sequence = _next_sequence(issued_on.year)
    transfer = Transfer(
        person=person,
        kind=Transfer.Kind.COUNTY if to_org is not None else Transfer.Kind.OUT,
        from_org=from_org,
        to_org=to_org,
        to_text=to_text,
        reason=reason.strip(),
        issued_on=issued_on,
        letter_year=issued_on.year,
        letter_sequence=sequence,
        letter_number=letter_number(issued_on.year, sequence),
        valid_days=valid_days,
        issued_by=actor,
    )
    transfer.full_clean()
    transfer.save()
    audit_record(
        actor=actor,
        action="orglife.transfer.issue",
        target=transfer,
        letter=transfer.letter_number,
        to=to_org.path if to_org else to_text,
    )
    subject = gettext("Transfer in: %(person)s from %(org)s (letter %(number)s)") % {
        "person": person.name,
        "org": from_org.name,
        "number": transfer.letter_number,
    }
    _tell(to_org, subject, transfer, f"orglife.transfer.issue:{transfer.pk}")
    return transfer


@transaction.atomic
def transfer_accept(
    *, actor: User, transfer: Transfer, on: datetime.date | None = None
) -> Transfer:
    """接收: the receiving organization accepts; the person moves (memberships closed and
    opened, primary organization, secretary links ended). Out of the county, the sender
    records the receipt (回执) instead and the person leaves the county's rolls."""
    _lock(transfer)
    if transfer.kind == Transfer.Kind.OUT:
        return _receipt(actor, transfer, on)
    _require_receiver(actor, transfer)
    _require_pending(transfer, gettext("accepted"))
    on = on or timezone.localdate()
    check_dates({"on": on}, happened=("on",))
    _refuse_expired(transfer, on)
    check_receiving(transfer.to_org)  # deactivated (or retyped) since the letter was issued
    person = _locked_person(transfer)
    if person.primary_org_id != transfer.from_org_id or not person.is_active:
        raise ValidationError(ERRORS["moved_meanwhile"] % {"org": transfer.from_org.name})
    from_path = person.primary_org.path
    vacated = person_move(person=person, to_org=transfer.to_org, on=on, note=transfer.letter_number)
    _decide(actor, transfer, Transfer.Status.ACCEPTED, accepted_on=on)
    audit_record(actor=actor, action="orglife.transfer.accept", target=transfer, on=on.isoformat())
    # The kernel's own entry for the move, filed under the person's new organization: the
    # receiving township's log shows who arrived.
    audit_record(
        actor=actor,
        action="orgs.person.transfer",
        target=person,
        from_path=from_path,
        on=on.isoformat(),
        secretary_of_cleared=vacated,
        letter=transfer.letter_number,
    )
    subject = gettext("Transfer accepted: %(person)s by %(org)s (letter %(number)s)") % {
        "person": person.name,
        "org": transfer.to_org.name,
        "number": transfer.letter_number,
    }
    _tell(transfer.from_org, subject, transfer, f"orglife.transfer.accept:{transfer.pk}")
    return transfer


def _lock(transfer: Transfer) -> None:
    """Re-read the transfer's decision under a row lock: two decisions at once (an accept and
    a cancel) are taken one after the other, and the second sees the first."""
    decided = (
        Transfer.objects.unscoped("the transfer being decided, already permission-checked")
        .select_for_update()
        .values("status", "decided_by", "accepted_on", "returned_on", "cancelled_on")
        .get(pk=transfer.pk)
    )
    transfer.status = decided["status"]
    transfer.decided_by_id = decided["decided_by"]
    transfer.accepted_on = decided["accepted_on"]
    transfer.returned_on = decided["returned_on"]
    transfer.cancelled_on = decided["cancelled_on"]


def _refuse_expired(transfer: Transfer, on: datetime.date) -> None:
    # Expired today, whatever date the acceptance is written with (no backdating past it).
    if transfer.is_expired(timezone.localdate()):
        on = max(on, timezone.localdate())
    if on > transfer.valid_until:
        raise ValidationError(
            {
                "on": ERRORS["expired"]
                % {"date": transfer.valid_until.isoformat(), "days": transfer.valid_days}
            }
        )
    if on < transfer.issued_on:
        raise ValidationError({"on": ERRORS["before_issue"] % {"date": transfer.issued_on}})


def _locked_person(transfer: Transfer) -> Person:
    return (
        Person.objects.unscoped("the person of a transfer the actor may decide")
        .select_for_update()
        .select_related("primary_org")
        .get(pk=transfer.person_id)
    )


def _decide(actor: User, transfer: Transfer, status: str, **fields) -> None:
    transfer.status = status
    transfer.decided_by = actor
    for name, value in fields.items():
        setattr(transfer, name, value)
    transfer.full_clean()
    transfer.save()


def _receipt(actor: User, transfer: Transfer, on: datetime.date | None) -> Transfer:
    """回执 of a letter out of the county: the person leaves (转出县外), kept, never deleted."""
    _require_sender(actor, transfer)
    _require_pending(transfer, gettext("accepted"))
    on = on or timezone.localdate()
    check_dates({"on": on}, happened=("on",))
    if on < transfer.issued_on:
        raise ValidationError({"on": ERRORS["before_issue"] % {"date": transfer.issued_on}})
    person = _locked_person(transfer)
    if not person.is_active or person.exit_status:  # left (or died) since the letter
        raise ValidationError(ERRORS["moved_meanwhile"] % {"org": transfer.from_org.name})
    open_rows = Membership.objects.unscoped("the membership of a person leaving the county")
    open_rows.filter(person=person, ended_on__isnull=True).update(ended_on=on)
    person.exit_status = ExitStatus.MOVED_OUT
    person.exit_on = on
    person.is_active = False
    person.save(update_fields=["exit_status", "exit_on", "is_active", "updated_at"])
    _decide(actor, transfer, Transfer.Status.ACCEPTED, accepted_on=on)
    audit_record(actor=actor, action="orglife.transfer.receipt", target=transfer, on=on.isoformat())
    return transfer


@transaction.atomic
def transfer_return(*, actor: User, transfer: Transfer, reason: str) -> Transfer:
    """退回: the receiver (or, out of the county, the sender recording the answer) returns
    the letter with a reason; the person stays at the sender."""
    if transfer.kind == Transfer.Kind.OUT:
        _require_sender(actor, transfer)
    else:
        _require_receiver(actor, transfer)
    _lock(transfer)
    _require_pending(transfer, gettext("returned"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ERRORS["reason_needed"]})
    _decide(
        actor,
        transfer,
        Transfer.Status.RETURNED,
        returned_on=timezone.localdate(),
        return_reason=reason[:200],
    )
    audit_record(actor=actor, action="orglife.transfer.return", target=transfer, reason=reason)
    subject = gettext("Transfer returned: %(person)s (letter %(number)s): %(reason)s") % {
        "person": transfer.person.name,
        "number": transfer.letter_number,
        "reason": reason,
    }
    _tell(transfer.from_org, subject, transfer, f"orglife.transfer.return:{transfer.pk}")
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: User, transfer: Transfer) -> Transfer:
    """撤销: the sender withdraws the letter before it is accepted (also an expired one)."""
    _require_sender(actor, transfer)
    _lock(transfer)
    _require_pending(transfer, gettext("cancelled"))
    _decide(actor, transfer, Transfer.Status.CANCELLED, cancelled_on=timezone.localdate())
    audit_record(actor=actor, action="orglife.transfer.cancel", target=transfer)
    return transfer
