"""Writes of the meeting ledger (三会一课, 主题党日, 组织生活会): recording a meeting with its
attendance and files, and changing it afterwards.

Who is expected (应到), decided once here and used by pages, API and compliance alike:
- the people with a membership (orgs.Membership) of the meeting's organization on the day
  (and who had not left the Party before it);
- a 党小组会 takes the group's own members, or — when the group has none on record, as people
  belong to branches — the members of the branch it belongs to;
- a 支部委员会 takes the branch's members as those who may attend (the kernel keeps no
  committee roster).
At a 支委会, and at a 党小组会 that falls back to the branch, only the people listed are
expected; at every other kind, a member left off the list is recorded as 缺席 (absent).
Anyone listed who is not among those who may attend is refused by name.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import save_on_commit, upload_errors
from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.models import Meeting, MeetingAttachment, MeetingAttendance, MeetingKind
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Membership, Organization, OrgType, Person, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.services import audit_record, ensure_still_in_scope

Status = MeetingAttendance.Status

ERRORS = {
    "no_right": _("You may not record meetings of this organization."),
    "kind_for_org": _("A %(org_type)s does not hold a “%(kind)s”: choose one of %(kinds)s."),
    "future": _("The meeting is dated %(date)s, after today (%(today)s): record it once held."),
    "too_early": _("The date lies before %(min)s."),
    "topic": _("Give the meeting a topic."),
    "lecturer": _("A party lecture needs its lecturer."),
    "not_member": _(
        "%(name)s is not a member of %(org)s on %(date)s and cannot be on this meeting's list."
    ),
    "reason": _("%(name)s is on leave: say why (请假 needs a reason)."),
    "status": _("Choose present, on leave or absent for %(name)s."),
    "host": _("The host %(name)s is not a member of %(org)s on %(date)s."),
    "nobody": _("Nobody is on the attendance list: %(org)s has no members on %(date)s."),
    "minutes_long": _("The minutes have %(chars)s characters; at most %(limit)s are accepted."),
}


def _pool(org: Organization, kind: str, on: datetime.date) -> tuple[Organization, bool]:
    """The organization whose members may attend, and whether all of them are expected."""
    if kind == MeetingKind.COMMITTEE:
        return org, False
    group = kind == MeetingKind.GROUP and org.org_type == OrgType.GROUP and org.parent_id
    if group and not _members_on(org, on).exists():
        parent = Organization.objects.unscoped("the branch a group belongs to").get(
            pk=org.parent_id
        )
        return parent, False
    return org, True


def _members_on(org: Organization, on: datetime.date):
    return Membership.objects.unscoped("members of an organization the actor records for").filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), org=org, started_on__lte=on
    )


def eligible_people(org: Organization, kind: str, on: datetime.date) -> tuple[list[Person], bool]:
    """Who may be on the list of a `kind` meeting of `org` on `on` (by name), and whether all
    of them are expected (应到) or only those listed."""
    pool, all_expected = _pool(org, kind, on)
    people = Person.objects.unscoped("members of an organization the actor records for").filter(
        pk__in=_members_on(pool, on).values("person_id")
    )
    # Someone who left the Party (出党, 死亡, …) before the day is no longer expected, even
    # where their membership row was left open.
    people = people.exclude(exit_on__lt=on)
    return list(people.order_by("name", "pk")), all_expected


def _check_fields(
    org: Organization, kind: str, held_on: datetime.date, topic: str, lecturer: str, minutes: str
) -> None:
    errors: dict[str, list] = {}
    allowed = rules.kinds_for(org.org_type)
    if kind not in allowed:
        labels = "、".join(str(MeetingKind(k).label) for k in allowed) or "—"
        errors["kind"] = [
            ValidationError(
                ERRORS["kind_for_org"],
                params={
                    "org_type": OrgType(org.org_type).label,
                    "kind": MeetingKind(kind).label if kind in MeetingKind.values else kind,
                    "kinds": labels,
                },
            )
        ]
    today = timezone.localdate()
    latest = today + datetime.timedelta(days=rules.MEETING_DAYS_AHEAD)
    if held_on > latest:
        params = {"date": held_on.isoformat(), "today": today.isoformat()}
        errors["held_on"] = [ValidationError(ERRORS["future"], params=params)]
    elif held_on < org_rules.DATE_MIN:
        params = {"min": org_rules.DATE_MIN.isoformat()}
        errors["held_on"] = [ValidationError(ERRORS["too_early"], params=params)]
    if not topic.strip():
        errors["topic"] = [ERRORS["topic"]]
    if kind == MeetingKind.PARTY_LECTURE and not lecturer.strip():
        errors["lecturer"] = [ERRORS["lecturer"]]
    if len(minutes) > rules.MINUTES_MAX_CHARS:
        params = {"chars": f"{len(minutes):,}", "limit": f"{rules.MINUTES_MAX_CHARS:,}"}
        errors["minutes"] = [ValidationError(ERRORS["minutes_long"], params=params)]
    if errors:
        raise ValidationError(errors)


def _attendance_rows(
    actor: User, meeting: Meeting, rows: list[tuple[int, str, str]]
) -> list[MeetingAttendance]:
    """The checked attendance list: (person id, status, reason) rows → unsaved rows."""
    eligible, all_expected = eligible_people(meeting.org, meeting.kind, meeting.held_on)
    by_id = {person.pk: person for person in eligible}
    date = meeting.held_on.isoformat()
    errors: dict[str, list] = {}
    listed: dict[int, MeetingAttendance] = {}
    unknown = [pk for pk, _status, _reason in rows if pk not in by_id]
    # Named only when the actor may see them: a refusal must not tell another township's
    # names by their ids.
    names = dict(
        Person.objects.visible_to(actor, Action.VIEW)
        .filter(pk__in=unknown)
        .values_list("pk", "name")
    )
    for person_id, status, reason in rows:
        person = by_id.get(person_id)
        if person is None:
            name = names.get(person_id, f"#{person_id}")
            params = {"name": name, "org": meeting.org.name, "date": date}
            errors.setdefault("attendance", []).append(
                ValidationError(ERRORS["not_member"], params=params)
            )
            continue
        if status not in Status.values:
            errors[f"status_{person_id}"] = [
                ValidationError(ERRORS["status"], params={"name": person.name})
            ]
            continue
        if status == Status.LEAVE and not reason.strip():
            errors[f"reason_{person_id}"] = [
                ValidationError(ERRORS["reason"], params={"name": person.name})
            ]
            continue
        listed[person_id] = MeetingAttendance(
            meeting=meeting,
            person=person,
            status=status,
            reason=reason.strip() if status == Status.LEAVE else "",
        )
    if errors:
        raise ValidationError(errors)
    if all_expected:
        for person in eligible:
            listed.setdefault(
                person.pk, MeetingAttendance(meeting=meeting, person=person, status=Status.ABSENT)
            )
    if not listed:
        params = {"org": meeting.org.name, "date": date}
        raise ValidationError({"attendance": ValidationError(ERRORS["nobody"], params=params)})
    return list(listed.values())


def _check_host(meeting: Meeting) -> None:
    if meeting.host_id is None:
        return
    eligible, _all = eligible_people(meeting.org, meeting.kind, meeting.held_on)
    if meeting.host_id not in {person.pk for person in eligible}:
        params = {
            "name": meeting.host.name,
            "org": meeting.org.name,
            "date": meeting.held_on.isoformat(),
        }
        raise ValidationError({"host": ValidationError(ERRORS["host"], params=params)})


def validate_files(uploads: list[File], already: int = 0) -> None:
    """Type, size and number of attached files, before anything is written."""
    errors = upload_errors(uploads, rules.ATTACHMENTS, already=already)
    if errors:
        raise ValidationError({"files": errors})


def _attach(actor: User, meeting: Meeting, uploads: list[File]) -> list[MeetingAttachment]:
    """Rows now, files after the commit (lib.files): a rolled-back meeting leaves no file."""
    made = []
    for upload in uploads:
        row = MeetingAttachment(
            meeting=meeting, name=Path(upload.name).name[:200], uploaded_by=actor
        )
        row.size = save_on_commit(row.file, upload, f"{meeting.held_on:%Y}")
        row.save()
        made.append(row)
    return made


def _validated(actor: User, meeting: Meeting, attendance, lecturer: str, files, already: int = 0):
    """Every check at once, so a form shows all its errors together; the checked list."""
    errors: dict[str, list] = {}
    rows: list[MeetingAttendance] = []
    checks = (
        lambda: _check_fields(
            meeting.org, meeting.kind, meeting.held_on, meeting.topic, lecturer, meeting.minutes
        ),
        lambda: validate_files(files or [], already),
        lambda: _check_host(meeting),
        lambda: rows.extend(_attendance_rows(actor, meeting, attendance)),
    )
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for name, found in error.error_dict.items():
                errors.setdefault(name, []).extend(found)
    if errors:
        raise ValidationError(errors)
    return rows


def require_change(actor: User, org: Organization) -> None:
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_right"])


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    org: Organization,
    kind: str,
    held_on: datetime.date,
    topic: str,
    attendance: list[tuple[int, str, str]],
    start_time: datetime.time | None = None,
    place: str = "",
    host: Person | None = None,
    agenda: str = "",
    minutes: str = "",
    lecturer: str = "",
    files: list[File] | None = None,
) -> Meeting:
    """Record a held meeting with its attendance list (and files): all of it or nothing."""
    require_change(actor, org)
    meeting = Meeting(
        org=org,
        kind=kind,
        held_on=held_on,
        start_time=start_time,
        place=place.strip(),
        host=host,
        topic=topic.strip(),
        agenda=agenda,
        minutes=minutes,
        lecturer=lecturer.strip() if kind == MeetingKind.PARTY_LECTURE else "",
        recorded_by=actor,
    )
    rows = _validated(actor, meeting, attendance, lecturer, files)
    meeting.full_clean()
    meeting.save()
    MeetingAttendance.objects.bulk_create(rows)
    _attach(actor, meeting, files or [])
    ensure_still_in_scope(actor, meeting)
    audit_record(
        actor=actor,
        action="orglife.meeting.create",
        target=meeting,
        kind=kind,
        held_on=held_on.isoformat(),
        attendance=_counts(rows),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    held_on: datetime.date,
    topic: str,
    attendance: list[tuple[int, str, str]],
    start_time: datetime.time | None = None,
    place: str = "",
    host: Person | None = None,
    agenda: str = "",
    minutes: str = "",
    lecturer: str = "",
    files: list[File] | None = None,
) -> Meeting:
    """Change a recorded meeting; its attendance list is replaced by the one given."""
    require_change(actor, meeting.org)
    already = (
        MeetingAttachment.objects.unscoped("the files of the meeting being changed")
        .filter(meeting=meeting)
        .count()
    )
    meeting.kind, meeting.held_on, meeting.start_time = kind, held_on, start_time
    meeting.place, meeting.host, meeting.topic = place.strip(), host, topic.strip()
    meeting.agenda, meeting.minutes = agenda, minutes
    meeting.lecturer = lecturer.strip() if kind == MeetingKind.PARTY_LECTURE else ""
    rows = _validated(actor, meeting, attendance, lecturer, files, already)
    meeting.full_clean()
    meeting.save()
    MeetingAttendance.objects.unscoped("the list of the meeting being changed").filter(
        meeting=meeting
    ).delete()
    MeetingAttendance.objects.bulk_create(rows)
    _attach(actor, meeting, files or [])
    ensure_still_in_scope(actor, meeting)
    audit_record(
        actor=actor,
        action="orglife.meeting.update",
        target=meeting,
        kind=kind,
        held_on=held_on.isoformat(),
        attendance=_counts(rows),
    )
    return meeting


def _counts(rows: list[MeetingAttendance]) -> dict[str, int]:
    return {status: sum(1 for row in rows if row.status == status) for status in Status.values}
