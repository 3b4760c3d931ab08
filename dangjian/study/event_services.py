"""Writes of seminars, tutorials and study trips: the event with its participants, its
minutes, and the problems found with their agreed fixes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.services import audit_record
from dangjian.study.models import EventIssue, EventParticipant, StudyEvent

ERRORS = {
    "no_change_right": _("You may not arrange the study events of this organization."),
    "no_participants": _("Name the participants: an event without participants is not held."),
    "participant_outside": _("%(name)s is not a person of this organization's subtree."),
    "dates": _("The event ends before it starts."),
    "problem": _("Write the problem found."),
    "measure": _("Write the fix agreed on."),
}
EVENT_FIELDS = ("kind", "topic", "host", "starts_on", "ends_on", "place", "minutes")


def _require_change(actor: User, org: Organization) -> None:
    require(actor, Action.CHANGE, org, ERRORS["no_change_right"])


def _validate(event: StudyEvent, participants: list[Person]) -> None:
    errors: dict[str, list] = {}
    if not participants:
        errors["participants"] = [ERRORS["no_participants"]]
    outside = [p for p in participants if not p.primary_org.path.startswith(event.org.path)]
    if outside:
        errors["participants"] = [ERRORS["participant_outside"] % {"name": p.name} for p in outside]
    if event.ends_on and event.ends_on < event.starts_on:
        errors["ends_on"] = [ERRORS["dates"]]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(
    *, actor: User, org: Organization, participants: list[Person], **fields
) -> StudyEvent:
    """Arrange an event; a study trip asks its participants for reflections (a notice)."""
    _require_change(actor, org)
    event = StudyEvent(
        org=org, created_by=actor, **{k: v for k, v in fields.items() if k in EVENT_FIELDS}
    )
    event.reflection_required = event.kind == StudyEvent.Kind.TRIP
    event.full_clean()
    _validate(event, participants)
    event.save()
    EventParticipant.objects.bulk_create(
        EventParticipant(event=event, person=p) for p in participants
    )
    audit_record(
        actor=actor, action="study.event.create", target=event, participants=len(participants)
    )
    if event.reflection_required:
        accounts = [p.user for p in participants if p.user_id]
        subject = gettext("Write your reflection on the study trip “%(topic)s”") % {
            "topic": event.topic
        }
        link = reverse("study:event-detail", args=[event.pk])
        due = (event.ends_on or event.starts_on) + datetime.timedelta(days=14)
        transaction.on_commit(
            lambda: notice_send(
                recipients=accounts,
                subject=subject,
                link=link,
                due_on=due,
                key=f"study.trip:{event.pk}",
            )
        )
    return event


@transaction.atomic
def event_update(*, actor: User, event: StudyEvent, **fields) -> StudyEvent:
    """Change the event's details or record its minutes (纪要)."""
    _require_change(actor, event.org)
    stored = StudyEvent.objects.unscoped("the row being changed, for the audit").get(pk=event.pk)
    changes = {}
    for name, value in fields.items():
        if name not in EVENT_FIELDS or name == "kind":
            raise ValidationError(_("Unknown fields: %(names)s") % {"names": name})
        if getattr(stored, name) != value:
            changes[name] = [str(getattr(stored, name)), str(value)]
        setattr(event, name, value)
    event.full_clean()
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": ERRORS["dates"]})
    event.save()
    audit_record(actor=actor, action="study.event.update", target=event, changes=changes)
    return event


@transaction.atomic
def issue_add(
    *,
    actor: User,
    event: StudyEvent,
    problem: str,
    measure: str,
    owner: str = "",
    due_on: datetime.date | None = None,
) -> EventIssue:
    """A problem the seminar found and the fix agreed on (问题清单与整改措施)."""
    _require_change(actor, event.org)
    errors = {}
    if not problem.strip():
        errors["problem"] = [ERRORS["problem"]]
    if not measure.strip():
        errors["measure"] = [ERRORS["measure"]]
    if errors:
        raise ValidationError(errors)
    issue = EventIssue.objects.create(
        event=event, problem=problem.strip(), measure=measure.strip(), owner=owner, due_on=due_on
    )
    audit_record(actor=actor, action="study.event.issue", target=issue)
    return issue


@transaction.atomic
def issue_done(*, actor: User, issue: EventIssue) -> EventIssue:
    _require_change(actor, issue.event.org)
    issue.status = EventIssue.Status.DONE
    issue.done_on = timezone.localdate()
    issue.save(update_fields=["status", "done_on"])
    audit_record(actor=actor, action="study.event.issue_done", target=issue)
    return issue
