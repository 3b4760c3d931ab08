"""Writes of 党员百时奉献 records: a member reports service (pending), withdraws a pending
report; a secretary or department administrator verifies or rejects it.

Who verifies: CHANGE at the record's organization (the member's organization when the record
was made) — secretaries and department administrators of it or above; inspectors (REVIEW
only) do not, and nobody verifies their own record, even as a secretary. A verified record is
corrected only by rejecting it with a reason (audited, old → new).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.honors import rules_service as rules
from dangjian.honors import service_pace as pace
from dangjian.honors import service_selectors as selectors
from dangjian.honors.models import ServiceRecord
from dangjian.lib.images import clean_image
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Person, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

Status = ServiceRecord.Status

ERRORS = {
    "no_person": gettext_lazy(
        "Your account is not linked to a Party member's record: service hours are reported by "
        "members."
    ),
    "not_a_member": gettext_lazy(
        "Service hours (党员百时奉献) are counted for full and probationary Party members."
    ),
    "required": gettext_lazy("This field is required."),
    "too_long": gettext_lazy("%(chars)s characters; at most %(limit)s are accepted."),
    "future": gettext_lazy(
        "The service cannot be reported before it happened (today is %(today)s)."
    ),
    "too_old": gettext_lazy(
        "Service older than %(days)s days (before %(earliest)s) is no longer reported."
    ),
    "end_before_start": gettext_lazy(
        "The end (%(end)s) must be after the start (%(start)s) on the same day."
    ),
    "too_long_hours": gettext_lazy(
        "%(hours)s hours in one record; at most %(limit)s are accepted — report each day apart."
    ),
    "ends_in_future": gettext_lazy("The service has not ended yet (now is %(now)s)."),
    "overlap": gettext_lazy(
        "These hours overlap your service on %(date)s, %(start)s–%(end)s (“%(activity)s”, "
        "%(status)s): the same time is not counted twice."
    ),
    "no_right": gettext_lazy("You may not verify the service records of this organization."),
    "own_record": gettext_lazy("Nobody verifies their own service record."),
    "decision": gettext_lazy("Choose “verified” or “rejected”."),
    "reason_required": gettext_lazy("Say why the record is rejected."),
    "already": gettext_lazy("The record is already %(status)s."),
    "verified_only_rejected": gettext_lazy(
        "A verified record is corrected only by rejecting it, with the reason."
    ),
    "not_yours": gettext_lazy("Only the member who reported it may withdraw a record."),
    "not_pending": gettext_lazy("Only a record waiting for verification can be withdrawn."),
}


def local_today() -> datetime.date:
    return timezone.localdate()


def clean_text(value: str, limit: int, errors: dict, name: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = [ERRORS["required"]]
    elif len(value) > limit:
        params = {"chars": f"{len(value):,}", "limit": f"{limit:,}"}
        errors[name] = [ValidationError(ERRORS["too_long"], params=params)]
    return value


def reporter(actor: User) -> Person:
    """The actor's own member record, or PermissionDenied saying why not."""
    person = selectors.member_of(actor)
    if person is None or not person.is_active:
        raise PermissionDenied(ERRORS["no_person"])
    if person.party_status not in rules.MEMBER_STATUSES:
        raise PermissionDenied(ERRORS["not_a_member"])
    return person


def overlap_error(found: ServiceRecord) -> ValidationError:
    return ValidationError(
        ERRORS["overlap"],
        code="overlap",
        params={
            "date": found.date.isoformat(),
            "start": f"{found.start:%H:%M}",
            "end": f"{found.end:%H:%M}",
            "activity": found.activity,
            "status": found.get_status_display(),
        },
    )


def check_hours(
    date: datetime.date | None,
    start: datetime.time | None,
    end: datetime.time | None,
    errors: dict,
    *,
    now: datetime.datetime,
) -> Decimal:
    """The record's hours, after the checks of its day and times (into `errors`)."""
    today = timezone.localtime(now).date()
    for name, value in (("date", date), ("start", start), ("end", end)):
        if value is None:
            errors[name] = [ERRORS["required"]]
    if errors:
        return Decimal(0)
    earliest = today - datetime.timedelta(days=rules.REPORT_MAX_DAYS_BACK)
    if date > today:
        errors["date"] = [ValidationError(ERRORS["future"], params={"today": today.isoformat()})]
    elif date < earliest:
        params = {"days": rules.REPORT_MAX_DAYS_BACK, "earliest": earliest.isoformat()}
        errors["date"] = [ValidationError(ERRORS["too_old"], params=params)]
    start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
    hours = pace.hours_between(start, end)
    if hours <= 0:
        params = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
        errors["end"] = [ValidationError(ERRORS["end_before_start"], params=params)]
    elif hours > rules.RECORD_MAX_HOURS:
        params = {"hours": hours, "limit": rules.RECORD_MAX_HOURS}
        errors["end"] = [ValidationError(ERRORS["too_long_hours"], params=params)]
    elif date == today and end > timezone.localtime(now).time():
        params = {"now": f"{timezone.localtime(now):%H:%M}"}
        errors["end"] = [ValidationError(ERRORS["ends_in_future"], params=params)]
    return hours


def lock_member(person: Person) -> None:
    """Lock the member's row until the transaction ends: two writes of one member's hours at
    once (two reports, a report and a check-in) would each miss the other's overlap."""
    Person.objects.unscoped("the reporter's own row, locked").select_for_update().filter(
        pk=person.pk
    ).exists()


@transaction.atomic
def record_report(
    *,
    actor: User,
    date: datetime.date | None,
    start: datetime.time | None,
    end: datetime.time | None,
    activity: str,
    beneficiary: str = "",
    evidence=None,
    now: datetime.datetime | None = None,
) -> ServiceRecord:
    """The actor's own self-reported service, pending until their organization verifies it."""
    person = reporter(actor)
    now = now or timezone.now()
    errors: dict[str, list] = {}
    hours = check_hours(date, start, end, errors, now=now)
    activity = clean_text(activity, rules.ACTIVITY_TEXT_MAX, errors, "activity", required=True)
    beneficiary = clean_text(
        beneficiary, rules.BENEFICIARY_MAX, errors, "beneficiary", required=False
    )
    photo = None
    if evidence:
        try:
            photo = clean_image(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if not errors:
        lock_member(person)
        start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
        found = selectors.overlapping(person.pk, date, start, end)
        if found is not None:
            errors["start"] = [overlap_error(found)]
    if errors:
        raise ValidationError(errors)
    record = ServiceRecord(
        person=person,
        org=person.primary_org,
        date=date,
        start=start,
        end=end,
        hours=hours,
        activity=activity,
        beneficiary=beneficiary,
        created_by=actor,
    )
    if photo is not None:
        folder = f"{rules.EVIDENCE_FOLDER}/{date:%Y}"
        photo.save_on_commit(record.evidence, record.evidence_thumbnail, folder)
    record.save()
    ensure_still_in_scope(actor, record, Action.VIEW)
    audit_record(
        actor=actor,
        action="honors.service.report",
        target=record,
        date=date.isoformat(),
        hours=str(hours),
        evidence=bool(photo),
    )
    return record


@transaction.atomic
def record_withdraw(*, actor: User, record: ServiceRecord) -> None:
    """The member takes back a report still waiting for verification."""
    if record.person.user_id != actor.pk:
        raise PermissionDenied(ERRORS["not_yours"])
    locked = ServiceRecord.objects.unscoped("the member's own record, checked above")
    record = locked.select_for_update().get(pk=record.pk)
    if record.status != Status.PENDING:
        raise ValidationError(ERRORS["not_pending"])
    audit_record(
        actor=actor,
        action="honors.service.withdraw",
        target=record,
        date=record.date.isoformat(),
        hours=str(record.hours),
    )
    files = [f.name for f in (record.evidence, record.evidence_thumbnail) if f]
    storage = record.evidence.storage
    record.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


@transaction.atomic
def record_verify(
    *, actor: User, record: ServiceRecord, decision: str, reason: str = ""
) -> ServiceRecord:
    """Verify or reject a pending record; a verified one may only be rejected (corrected)."""
    require(actor, Action.CHANGE, record, str(ERRORS["no_right"]))
    if record.person.user_id is not None and record.person.user_id == actor.pk:
        raise PermissionDenied(ERRORS["own_record"])
    rows = ServiceRecord.objects.unscoped("the record, permission checked above")
    record = rows.select_for_update().select_related("person").get(pk=record.pk)
    errors: dict[str, list] = {}
    if decision not in (Status.VERIFIED, Status.REJECTED):
        errors["decision"] = [ERRORS["decision"]]
    reason = clean_text(reason, rules.REASON_MAX, errors, "reason", required=False)
    if decision == Status.REJECTED and not reason and "reason" not in errors:
        errors["reason"] = [ERRORS["reason_required"]]
    if not errors:
        if record.status == decision or record.status == Status.REJECTED:
            params = {"status": record.get_status_display()}
            errors["decision"] = [ValidationError(ERRORS["already"], params=params)]
        elif record.status == Status.VERIFIED and decision != Status.REJECTED:
            errors["decision"] = [ERRORS["verified_only_rejected"]]
    if errors:
        raise ValidationError(errors)
    before = record.status
    record.status = decision
    record.reason = reason
    record.verified_by = actor
    record.verified_at = timezone.now()
    record.save(update_fields=["status", "reason", "verified_by", "verified_at"])
    ensure_still_in_scope(actor, record)
    audit_record(
        actor=actor,
        action="honors.service.verify",
        target=record,
        status=[before, decision],
        reason=reason,
    )
    member = record.person.user
    if member is not None:
        if decision == Status.VERIFIED:
            subject = _("Your service on %(date)s (%(hours)s h) was verified") % {
                "date": record.date.isoformat(),
                "hours": record.hours,
            }
        else:
            subject = _("Your service on %(date)s was rejected: %(reason)s") % {
                "date": record.date.isoformat(),
                "reason": reason,
            }
        notice_send(
            recipients=[member],
            subject=subject,
            link=reverse("honors:service-detail", args=[record.pk]),
            key=f"honors.service.{decision}:{record.pk}",
        )
    return record
