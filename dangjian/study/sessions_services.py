"""Writes of study sessions (集中学习): schedules, generated sessions, attendance, minutes,
sign-in and the close that sends the make-up notices (补学).

Each service checks who may, validates, writes, audits, and leaves notices to run after the
commit. Organizers need Action.CHANGE on the session's organization; a member signs in only
themselves, only while the session runs.
"""

from __future__ import annotations

import datetime

from dateutil.rrule import WEEKLY, rrule
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, may_at, person_id_of
from dangjian.orgs.services import audit_record
from dangjian.study import rules
from dangjian.study.models import Attendance, StudySchedule, StudySession

ERRORS = {
    "no_right": _("You may not organize study sessions of this organization."),
    "no_attendees": _(
        "Nobody is expected at this session: %(org)s has no active people. Add people to the "
        "organization, or let its whole subtree attend."
    ),
    "reason_needed": _("Say why: leave (请假) needs a reason."),
    "not_expected": _("You are not on this session's attendance list."),
    "window": _(
        "Sign-in is open from %(opens)s to %(closes)s; it is %(now)s now. Ask the secretary "
        "to record your attendance."
    ),
    "closed": _("This session is closed: its attendance can no longer be changed."),
    "already_closed": _("This session is already closed."),
    "token": _("This QR code is not valid or has expired: scan the code shown in the room."),
    "range": _("Choose a range of at most %(limit)s sessions, the first date before the last."),
    "ends_before_start": _("The last date lies before the first date."),
    "unknown_person": _("Row %(row)s: this person is not on the attendance list."),
}
QR_SALT = "dangjian.study.session-sign-in"


def _require_change(actor: User, org: Organization) -> None:
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_right"])


def expected_people(org: Organization, *, include_subtree: bool) -> list[int]:
    """The active people expected at a session of `org`: its own, or its whole subtree's."""
    people = Person.objects.unscoped("the attendance list of a session the actor organizes")
    people = people.filter(is_active=True)
    if include_subtree:
        people = people.filter(primary_org__path__startswith=org.path)
    else:
        people = people.filter(primary_org=org)
    return list(people.order_by("pk").values_list("pk", flat=True))


def _refuse_empty(org: Organization, people: list[int]) -> None:
    if not people:
        raise ValidationError(ERRORS["no_attendees"] % {"org": org.name}, code="no_attendees")


@transaction.atomic
def schedule_create(
    *,
    actor: User,
    org: Organization,
    kind: str,
    title: str,
    weekday: int,
    interval_weeks: int,
    starts_on: datetime.date,
    start_time: datetime.time,
    duration_minutes: int = rules.SESSION_DEFAULT_MINUTES,
    ends_on: datetime.date | None = None,
    place: str = "",
    themes: str = "",
    include_subtree: bool = False,
) -> StudySchedule:
    """学习安排: store the rule; sessions come from `sessions_generate`."""
    _require_change(actor, org)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": ERRORS["ends_before_start"]})
    _refuse_empty(org, expected_people(org, include_subtree=include_subtree))
    schedule = StudySchedule(
        org=org,
        kind=kind,
        title=title.strip(),
        weekday=weekday,
        interval_weeks=interval_weeks,
        starts_on=starts_on,
        ends_on=ends_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        place=place.strip(),
        themes=themes.strip(),
        include_subtree=include_subtree,
        created_by=actor,
    )
    schedule.full_clean()
    schedule.save()
    audit_record(actor=actor, action="study.schedule.create", target=schedule, title=title)
    return schedule


def occurrences(
    schedule: StudySchedule, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The schedule's dates in [start, end].

    dateutil's rrule rather than date arithmetic: "every other Friday" must count its weeks
    from the schedule's first date whatever range is asked for (a range starting on an "off"
    Friday must skip it), and rrule's WEEKLY/interval/byweekday is that rule, with the
    calendar edge cases (year ends, leap days) already tested upstream.
    """
    last = min(end, schedule.ends_on) if schedule.ends_on else end
    rule = rrule(
        WEEKLY,
        interval=schedule.interval_weeks,
        byweekday=schedule.weekday,
        dtstart=datetime.datetime.combine(schedule.starts_on, datetime.time()),
        until=datetime.datetime.combine(last, datetime.time()),
    )
    first = datetime.datetime.combine(start, datetime.time())
    return [moment.date() for moment in rule if moment >= first]


def session_rows(schedule: StudySchedule, dates: list[datetime.date]) -> list[StudySession]:
    """Unsaved sessions of `schedule` on `dates` (shared with the demo's bulk build)."""
    length = datetime.timedelta(minutes=schedule.duration_minutes)
    rows = []
    for day in dates:
        starts = timezone.make_aware(datetime.datetime.combine(day, schedule.start_time))
        rows.append(
            StudySession(
                schedule=schedule,
                org=schedule.org,
                kind=schedule.kind,
                starts_at=starts,
                ends_at=starts + length,
                place=schedule.place,
                theme=schedule.theme_for(day.month),
            )
        )
    return rows


@transaction.atomic
def sessions_generate(
    *, actor: User, schedule: StudySchedule, start: datetime.date, end: datetime.date
) -> list[StudySession]:
    """Create the schedule's sessions in [start, end] with their attendance lists.

    Idempotent: a date that already has its session is skipped (and the unique constraint
    on schedule + start guards against two requests at once).
    """
    _require_change(actor, schedule.org)
    dates = occurrences(schedule, start, end) if start <= end else []
    if start > end or len(dates) > rules.SESSION_MAX_GENERATED:
        raise ValidationError(ERRORS["range"] % {"limit": rules.SESSION_MAX_GENERATED})
    people = expected_people(schedule.org, include_subtree=schedule.include_subtree)
    _refuse_empty(schedule.org, people)
    existing = set(
        StudySession.objects.unscoped("the schedule's own sessions, to skip them")
        .filter(schedule=schedule)
        .values_list("starts_at", flat=True)
    )
    new = [row for row in session_rows(schedule, dates) if row.starts_at not in existing]
    StudySession.objects.bulk_create(new)
    Attendance.objects.bulk_create(
        Attendance(session=session, person_id=person) for session in new for person in people
    )
    audit_record(
        actor=actor,
        action="study.schedule.generate",
        target=schedule,
        start=start.isoformat(),
        end=end.isoformat(),
        created=len(new),
    )
    return new


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: StudySession,
    place: str,
    theme: str,
    agenda: str,
    materials: str,
    minutes: str,
) -> StudySession:
    """Agenda, materials and, afterwards, the 纪要 (minutes)."""
    _require_change(actor, session.org)
    session.place, session.theme = place.strip(), theme.strip()
    session.agenda, session.materials, session.minutes = agenda, materials, minutes
    session.full_clean()
    session.save()
    audit_record(actor=actor, action="study.session.update", target=session)
    return session


def _locked(session: StudySession) -> StudySession:
    """The session as it is now, locked: its status decides, not the caller's copy."""
    return (
        StudySession.objects.unscoped("locked by its organizer's or attendee's write")
        .select_for_update()
        .get(pk=session.pk)
    )


def _require_open(session: StudySession) -> None:
    if session.status == StudySession.Status.CLOSED:
        raise ValidationError(ERRORS["closed"])


@transaction.atomic
def attendance_record(
    *, actor: User, session: StudySession, rows: dict[int, tuple[str, str]]
) -> list[Attendance]:
    """The secretary records or corrects the whole list at once: person id → (status, reason).

    All or nothing: one leave without a reason refuses the whole form, naming the row.
    """
    _require_change(actor, session.org)
    session = _locked(session)
    _require_open(session)
    current = {
        row.person_id: row
        for row in Attendance.objects.unscoped("the list of a session the actor organizes")
        .filter(session=session)
        .select_related("person")
        .order_by("person__name", "pk")
    }
    errors: dict[str, list] = {}
    changed = []
    for number, (person_id, (status, reason)) in enumerate(rows.items(), start=1):
        row = current.get(person_id)
        if row is None:
            errors.setdefault("__all__", []).append(ERRORS["unknown_person"] % {"row": number})
            continue
        if status not in Attendance.Status.values:
            errors[f"status_{person_id}"] = [_("Choose present, on leave or absent.")]
            continue
        if status == Attendance.Status.LEAVE and not reason.strip():
            errors[f"reason_{person_id}"] = [ERRORS["reason_needed"]]
            continue
        if (row.status, row.reason) != (status, reason.strip()):
            row.status, row.reason = status, reason.strip()
            row.via = Attendance.Via.SECRETARY
            changed.append(row)
    if errors:
        raise ValidationError(errors)
    Attendance.objects.unscoped("rows of the session checked above").bulk_update(
        changed, ["status", "reason", "via"]
    )
    audit_record(
        actor=actor,
        action="study.session.attendance",
        target=session,
        changed={row.person_id: row.status for row in changed},
    )
    return changed


@transaction.atomic
def session_sign_in(
    *,
    actor: User,
    session: StudySession,
    via: str = Attendance.Via.TAP,
    now: datetime.datetime | None = None,
) -> Attendance:
    """One-tap sign-in: the caller's own attendance only, only while the session runs ± margin."""
    now = now or timezone.now()
    row = (
        Attendance.objects.unscoped("the caller's own attendance row")
        .select_for_update()
        .filter(session=session, person_id=person_id_of(actor) or 0)
        .first()
    )
    if row is None:
        raise PermissionDenied(ERRORS["not_expected"])
    session = _locked(session)
    _require_open(session)
    if not session.sign_in_open(now):
        local = timezone.localtime
        raise ValidationError(
            ERRORS["window"]
            % {
                "opens": f"{local(session.starts_at - session.margin):%Y-%m-%d %H:%M}",
                "closes": f"{local(session.ends_at + session.margin):%Y-%m-%d %H:%M}",
                "now": f"{local(now):%Y-%m-%d %H:%M}",
            },
            code="window",
        )
    if row.status != Attendance.Status.PRESENT:
        row.status, row.via, row.signed_in_at, row.reason = Attendance.Status.PRESENT, via, now, ""
        row.save(update_fields=["status", "via", "signed_in_at", "reason"])
        audit_record(actor=actor, action="study.session.sign_in", target=row, via=via)
    return row


@transaction.atomic
def session_close(*, actor: User, session: StudySession) -> StudySession:
    """Close the session: whoever did not sign in is 缺席, and every 缺席 and 请假 gets a
    notice to make up the study (补学), once each (the notice key is the session's)."""
    _require_change(actor, session.org)
    session = _locked(session)
    if session.status == StudySession.Status.CLOSED:
        raise ValidationError(ERRORS["already_closed"])
    rows = Attendance.objects.unscoped("the list of the session being closed").filter(
        session=session
    )
    rows.filter(status=Attendance.Status.EXPECTED).update(status=Attendance.Status.ABSENT)
    session.status, session.closed_at = StudySession.Status.CLOSED, timezone.now()
    session.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="study.session.close", target=session)
    missed = rows.filter(status__in=[Attendance.Status.ABSENT, Attendance.Status.LEAVE])
    accounts = list(User.objects.filter(pk__in=missed.values("person__user_id")))
    subject = gettext("Make up the study session of %(date)s: %(theme)s") % {
        "date": f"{timezone.localtime(session.starts_at):%Y-%m-%d}",
        "theme": session.theme or session.get_kind_display(),
    }
    link = reverse("study:session-detail", args=[session.pk])
    transaction.on_commit(
        lambda: notice_send(
            recipients=accounts,
            subject=subject,
            body=session.materials,
            link=link,
            key=f"study.session.makeup:{session.pk}",
        )
    )
    return session


# ---- the room's QR code ------------------------------------------------------------------


def qr_token(session: StudySession) -> str:
    """A signed token naming the session; it expires (rules.SESSION_QR_MAX_AGE_SECONDS)."""
    return signing.TimestampSigner(salt=QR_SALT).sign(str(session.pk))


def session_id_from_token(token: str) -> int:
    """The session a scanned token names; a forged, altered or expired token is refused."""
    try:
        value = signing.TimestampSigner(salt=QR_SALT).unsign(
            token, max_age=rules.SESSION_QR_MAX_AGE_SECONDS
        )
    except signing.BadSignature:
        raise ValidationError(ERRORS["token"], code="token") from None
    return int(value)
