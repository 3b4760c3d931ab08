"""Reads of seminars, tutorials and study trips, scoped; who still owes a reflection."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dangjian.orgs.models import Person, User
from dangjian.orgs.scoping import person_id_of
from dangjian.study.models import EventIssue, EventParticipant, Note, StudyEvent
from dangjian.study.progress import HANDED_IN


def events_visible(user: User) -> QuerySet[StudyEvent]:
    """Events in the user's reach and those they took part in."""
    in_reach = StudyEvent.objects.visible_to(user).values("pk")
    took_part = EventParticipant.objects.unscoped("the user's own participations").filter(
        person_id=person_id_of(user) or 0
    )
    return (
        StudyEvent.objects.unscoped("events in reach or taken part in")
        .filter(Q(pk__in=in_reach) | Q(pk__in=took_part.values("event_id")))
        .select_related("org")
        .annotate(people=Count("participants", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def event_get(user: User, pk: int) -> StudyEvent:
    event = events_visible(user).filter(pk=pk).first()
    if event is None:
        raise Http404("no such event")
    return event


def issues_of(event: StudyEvent) -> QuerySet[EventIssue]:
    return EventIssue.objects.unscoped("issues of an event the caller may see").filter(event=event)


def issue_get(user: User, pk: int) -> EventIssue:
    issue = (
        EventIssue.objects.unscoped("an issue of an event the caller may see")
        .filter(pk=pk, event__in=events_visible(user).values("pk"))
        .select_related("event__org")
        .first()
    )
    if issue is None:
        raise Http404("no such issue")
    return issue


def participants_with_reflections(event: StudyEvent) -> list[tuple[Person, Note | None]]:
    """Each participant and the reflection they handed in on the event (None: still owed)."""
    people = list(
        Person.objects.unscoped("participants of an event the caller may see")
        .filter(
            pk__in=EventParticipant.objects.unscoped("same").filter(event=event).values("person")
        )
        .select_related("primary_org")
        .order_by("name", "pk")
    )
    notes = {
        note.author_id: note
        for note in Note.objects.unscoped("reflections on an event the caller may see").filter(
            event=event, status__in=HANDED_IN
        )
    }
    return [(person, notes.get(person.pk)) for person in people]


def is_participant(user: User, event: StudyEvent) -> bool:
    return (
        EventParticipant.objects.unscoped("the user's own participation")
        .filter(event=event, person_id=person_id_of(user) or 0)
        .exists()
    )
