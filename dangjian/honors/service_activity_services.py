"""Writes of 志愿服务活动 (service activities): an organization creates and cancels them
(CHANGE at it); members of its subtree sign up (places enforced), cancel before the start,
and check in by the QR code shown at the place (a signed code that expires:
service_checkin_codes) inside the window [starts_at − rules_service.CHECKIN_EARLY, ends_at);
a member of the subtree who did not sign up is let in while places remain.

A check-in is a record of the hours from the later of the check-in and the start, to the end.
It is verified by the organiser's check-in (verified_by = the activity's creator, who vouches
by the code at the place) — unless the member may change the organising organization
(its organisers, the creator among them) or the creator's account is gone: then it waits for
someone else's verification, as a self-reported record (nobody credits themselves). The
organiser corrects attendance afterwards by rejecting the record with a reason
(service_services.record_verify: the record's organization lies in the activity's subtree).
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
from dangjian.honors.models import ServiceActivity, ServiceRecord, ServiceSignup
from dangjian.honors.service_services import ERRORS as RECORD_ERRORS
from dangjian.honors.service_services import clean_text, lock_member, overlap_error, reporter
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": gettext_lazy("You may not organise activities for this organization."),
    "inactive_org": gettext_lazy("%(org)s is no longer active."),
    "required": RECORD_ERRORS["required"],
    "ends_before_start": gettext_lazy("The activity must end after it starts, on the same day."),
    "too_long": gettext_lazy("An activity lasts at most %(limit)s hours (this one %(hours)s)."),
    "in_past": gettext_lazy("The activity would start in the past (now is %(now)s)."),
    "too_far": gettext_lazy("The activity would start more than %(days)s days ahead."),
    "capacity": gettext_lazy("Places: a whole number from 1 to %(max)s, or empty for no limit."),
    "cancelled": gettext_lazy("The activity “%(title)s” was cancelled."),
    "started": gettext_lazy("The activity began at %(at)s: it can no longer be changed."),
    "not_for_you": gettext_lazy(
        "“%(title)s” is for the members of %(org)s and the organizations below it."
    ),
    "full": gettext_lazy("All %(capacity)s places of “%(title)s” are taken."),
    "signed_up": gettext_lazy("You are already signed up for “%(title)s”."),
    "not_signed_up": gettext_lazy("You are not signed up for “%(title)s”."),
    "window": gettext_lazy(
        "Check-in for “%(title)s” is open from %(opens)s to %(closes)s (now is %(now)s)."
    ),
    "checked_in": gettext_lazy("You checked in to “%(title)s” at %(at)s."),
}
# Stored as the reason of a record the organiser's check-in verified (shown with its status).
VERIFIED_BY_CHECKIN = gettext_lazy("verified by the organiser's check-in")


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def activity_hours(activity: ServiceActivity):
    start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
    return pace.hours_between(start.time(), end.time())


def _check_times(starts_at, ends_at, errors: dict, now: datetime.datetime) -> None:
    if starts_at is None:
        errors["starts_at"] = [ERRORS["required"]]
    if ends_at is None:
        errors["ends_at"] = [ERRORS["required"]]
    if errors.keys() & {"starts_at", "ends_at"}:
        return
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    hours = pace.hours_between(start.time(), end.time())
    if start.date() != end.date() or hours <= 0:
        errors["ends_at"] = [ERRORS["ends_before_start"]]
    elif hours > rules.RECORD_MAX_HOURS:
        params = {"limit": rules.RECORD_MAX_HOURS, "hours": hours}
        errors["ends_at"] = [ValidationError(ERRORS["too_long"], params=params)]
    if starts_at < now:
        errors["starts_at"] = [ValidationError(ERRORS["in_past"], params={"now": _when(now)})]
    elif starts_at > now + datetime.timedelta(days=rules.ACTIVITY_MAX_DAYS_AHEAD):
        params = {"days": rules.ACTIVITY_MAX_DAYS_AHEAD}
        errors["starts_at"] = [ValidationError(ERRORS["too_far"], params=params)]


@transaction.atomic
def activity_create(
    *,
    actor: User,
    org: Organization,
    title: str,
    place: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    description: str = "",
    capacity: int | None = None,
    now: datetime.datetime | None = None,
) -> ServiceActivity:
    """A new activity of `org` (CHANGE at it) for the members of its subtree."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_right"]))
    now = now or timezone.now()
    errors: dict[str, list] = {}
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive_org"], params={"org": org.name})]
    title = clean_text(title, rules.TITLE_MAX, errors, "title", required=True)
    place = clean_text(place, rules.PLACE_MAX, errors, "place", required=True)
    description = clean_text(
        description, rules.DESCRIPTION_MAX, errors, "description", required=False
    )
    _check_times(starts_at, ends_at, errors, now)
    if capacity is not None and not (
        isinstance(capacity, int) and 1 <= capacity <= rules.CAPACITY_MAX
    ):
        errors["capacity"] = [
            ValidationError(ERRORS["capacity"], params={"max": rules.CAPACITY_MAX})
        ]
    if errors:
        raise ValidationError(errors)
    activity = ServiceActivity.objects.create(
        org=org,
        title=title,
        place=place,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        created_by=actor,
    )
    ensure_still_in_scope(actor, activity)
    audit_record(
        actor=actor,
        action="honors.activity.create",
        target=activity,
        title=title,
        starts_at=_when(starts_at),
    )
    return activity


def _locked(activity: ServiceActivity) -> ServiceActivity:
    rows = ServiceActivity.objects.unscoped("the activity, reach checked by the caller")
    return rows.select_for_update().select_related("org").get(pk=activity.pk)


@transaction.atomic
def activity_cancel(
    *, actor: User, activity: ServiceActivity, now: datetime.datetime | None = None
) -> ServiceActivity:
    """Cancel an activity before it starts; the members signed up are told."""
    require(actor, Action.CHANGE, activity, str(ERRORS["no_right"]))
    now = now or timezone.now()
    activity = _locked(activity)
    if activity.cancelled:
        raise ValidationError(ERRORS["cancelled"] % {"title": activity.title})
    if activity.starts_at <= now:
        raise ValidationError(ERRORS["started"] % {"at": _when(activity.starts_at)})
    activity.cancelled = True
    activity.save(update_fields=["cancelled"])
    audit_record(actor=actor, action="honors.activity.cancel", target=activity)
    users = [
        signup.person.user
        for signup in selectors.signups_of(activity).select_related("person__user")
        if signup.person.user is not None
    ]
    notice_send(
        recipients=users,
        subject=_("Cancelled: “%(title)s” on %(when)s")
        % {
            "title": activity.title,
            "when": _when(activity.starts_at),
        },
        link=reverse("honors:service-activity", args=[activity.pk]),
        key=f"honors.activity.cancelled:{activity.pk}",
    )
    return activity


def _member_for(actor: User, activity: ServiceActivity) -> Person:
    person = reporter(actor)
    if not selectors.in_activity_subtree(activity, person):
        params = {"title": activity.title, "org": activity.org.name}
        raise PermissionDenied(ERRORS["not_for_you"] % params)
    return person


def _check_open(activity: ServiceActivity) -> None:
    if activity.cancelled:
        raise ValidationError(ERRORS["cancelled"] % {"title": activity.title})


def _check_place(activity: ServiceActivity) -> None:
    if activity.capacity is not None and selectors.signup_count(activity) >= activity.capacity:
        params = {"capacity": activity.capacity, "title": activity.title}
        raise ValidationError(ERRORS["full"] % params)


@transaction.atomic
def signup(
    *, actor: User, activity: ServiceActivity, now: datetime.datetime | None = None
) -> ServiceSignup:
    """The actor signs up (a member of the activity's subtree, before it starts, a place
    left)."""
    person = _member_for(actor, activity)
    now = now or timezone.now()
    activity = _locked(activity)
    _check_open(activity)
    if activity.starts_at <= now:
        raise ValidationError(ERRORS["started"] % {"at": _when(activity.starts_at)})
    if selectors.own_signup(activity, person) is not None:
        raise ValidationError(ERRORS["signed_up"] % {"title": activity.title})
    _check_place(activity)
    row = ServiceSignup.objects.create(activity=activity, person=person)
    audit_record(actor=actor, action="honors.activity.signup", target=row)
    return row


@transaction.atomic
def signup_cancel(
    *, actor: User, activity: ServiceActivity, now: datetime.datetime | None = None
) -> None:
    """The actor withdraws their sign-up before the activity starts."""
    person = _member_for(actor, activity)
    now = now or timezone.now()
    activity = _locked(activity)
    row = selectors.own_signup(activity, person)
    if row is None:
        raise ValidationError(ERRORS["not_signed_up"] % {"title": activity.title})
    if activity.starts_at <= now:
        raise ValidationError(ERRORS["started"] % {"at": _when(activity.starts_at)})
    audit_record(actor=actor, action="honors.activity.signup_cancel", target=row)
    row.delete()


def checkin_opens(activity: ServiceActivity) -> datetime.datetime:
    return activity.starts_at - rules.CHECKIN_EARLY


def credited(
    activity: ServiceActivity, now: datetime.datetime
) -> tuple[datetime.date, datetime.time, datetime.time, Decimal]:
    """(date, start, end, hours) a check-in at `now` records: from the later of now's minute
    and the start, to the end (rules_service: who comes late is credited less)."""
    start = max(timezone.localtime(now), timezone.localtime(activity.starts_at))
    start = start.replace(second=0, microsecond=0)
    end = timezone.localtime(activity.ends_at).replace(second=0, microsecond=0)
    return start.date(), start.time(), end.time(), pace.hours_between(start.time(), end.time())


def checkin_open(activity: ServiceActivity, now: datetime.datetime) -> bool:
    """Inside the window and at least a minute left to credit."""
    if activity.cancelled or not checkin_opens(activity) <= now < activity.ends_at:
        return False
    return credited(activity, now)[3] > 0


def organises(actor: User, activity: ServiceActivity) -> bool:
    """May the actor change the organising organization (or did they create the activity)?
    Their check-in is not vouched for by themselves."""
    return activity.created_by_id == actor.pk or may_at(actor, Action.CHANGE, activity.org.path)


def vouched(actor: User, activity: ServiceActivity) -> bool:
    """Is the actor's check-in verified by the organiser's check-in? Not for an organiser,
    nor once the creator's account is gone (nobody left to vouch)."""
    return activity.created_by_id is not None and not organises(actor, activity)


@transaction.atomic
def check_in(
    *, actor: User, activity: ServiceActivity, now: datetime.datetime | None = None
) -> ServiceRecord:
    """The actor scanned the activity's code at the place: inside the window, their record of
    the hours from now (or the start) to the end — verified by the organiser's check-in, or
    pending when the actor organises it (see the module's docstring); refused when it overlaps
    another of their records."""
    person = _member_for(actor, activity)
    now = now or timezone.now()
    activity = _locked(activity)
    lock_member(person)
    _check_open(activity)
    if not checkin_open(activity, now):
        params = {
            "title": activity.title,
            "opens": _when(checkin_opens(activity)),
            "closes": _when(activity.ends_at),
            "now": _when(now),
        }
        raise ValidationError(ERRORS["window"] % params)
    row = selectors.own_signup(activity, person)
    if row is not None and row.checked_in_at is not None:
        params = {"title": activity.title, "at": _when(row.checked_in_at)}
        raise ValidationError(ERRORS["checked_in"] % params)
    if row is None:
        _check_place(activity)
        row = ServiceSignup(activity=activity, person=person)
    date, start, end, hours = credited(activity, now)
    found = selectors.overlapping(person.pk, date, start, end)
    if found is not None:
        raise ValidationError(overlap_error(found))
    row.checked_in_at = now
    row.save()
    record = ServiceRecord(
        person=person,
        org=person.primary_org,
        date=date,
        start=start,
        end=end,
        hours=hours,
        activity=activity.title[: rules.ACTIVITY_TEXT_MAX],
        source_activity=activity,
        created_by=actor,
    )
    if vouched(actor, activity):
        record.status = ServiceRecord.Status.VERIFIED
        record.verified_by_id = activity.created_by_id
        record.verified_at = now
        record.reason = str(VERIFIED_BY_CHECKIN)
    record.save()
    audit_record(
        actor=actor,
        action="honors.activity.checkin",
        target=record,
        activity=activity.pk,
        hours=str(record.hours),
        status=record.status,
        verified_by=record.verified_by_id,
    )
    return record
