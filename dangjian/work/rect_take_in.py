"""Taking a study seminar's problem rows (座谈 · 问题与整改措施) into the rectification ledger
with one action — each row once (`Rectification.event_issue` is one-to-one)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.services import audit_record
from dangjian.study.models import EventIssue, StudyEvent
from dangjian.work import rules_rect as rules
from dangjian.work import tracking
from dangjian.work.models import ProblemSource, Rectification
from dangjian.work.rect_services import ERRORS, notify, responsible_users


def open_issues_not_taken(event: StudyEvent):
    """The event's open problem rows that are not in any ledger yet."""
    taken = Rectification.objects.unscoped("whether a row was taken in, in any ledger").filter(
        event_issue__isnull=False
    )
    return (
        EventIssue.objects.unscoped("the problem rows of a seminar the caller may see")
        .filter(event=event, status=EventIssue.Status.OPEN)
        .exclude(pk__in=taken.values("event_issue_id"))
        .order_by("pk")
    )


def _responsible_by_name(org: Organization, name: str) -> Person | None:
    """The one active person of that name in the organization's subtree, else None."""
    if not name.strip():
        return None
    found = list(
        Person.objects.unscoped("people of the organization taking the problems in")
        .filter(
            name=name.strip(),
            primary_org__path__startswith=org.path,
            is_active=True,
            exit_on__isnull=True,
        )
        .order_by("pk")[:2]
    )
    return found[0] if len(found) == 1 else None


@transaction.atomic
def rect_take_in_seminar(
    *, actor: User, event: StudyEvent, today: datetime.date | None = None
) -> list[Rectification]:
    """Every open problem row of a seminar (座谈) not taken in yet becomes a rectification of
    the seminar's organization, issued by it, source "seminar", found on the seminar's day;
    returns the new rows (none when everything was taken in before).

    - deadline: the row's due date as agreed (kept even when it has passed: the ledger then
      shows the row overdue, which is the truth), or today + rules_rect.DEFAULT_DAYS;
    - responsible: the one active person of the row's name in the organization's subtree;
      when there is none or more than one, nobody, and the name stays in the measures' text
      ("Responsible: <name>") for the secretary to settle.
    """
    today = today or tracking.local_today()
    if event.kind != StudyEvent.Kind.SEMINAR:
        raise ValidationError(ERRORS["not_seminar"] % {"kind": event.get_kind_display()})
    org = Organization.objects.unscoped("the seminar's organization").get(pk=event.org_id)
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_take_in"] % {"org": org.name})
    # The seminar's row locked first: a second take-in of the same seminar waits here and then
    # finds the rows taken (locking the problem rows alone would not see the new ledger rows).
    list(
        StudyEvent.objects.unscoped("the seminar being taken in")
        .select_for_update()
        .filter(pk=event.pk)
        .values_list("pk", flat=True)
    )
    issues = list(open_issues_not_taken(event).select_for_update(of=("self",)))
    made = []
    for issue in issues:
        responsible = _responsible_by_name(org, issue.owner)
        measures = issue.measure.strip()
        if responsible is None and issue.owner.strip():
            measures += "\n" + gettext("Responsible: %(name)s") % {"name": issue.owner.strip()}
        deadline = issue.due_on or today + datetime.timedelta(days=rules.DEFAULT_DAYS)
        rect = Rectification.objects.create(
            org=org,
            issued_by=org,
            source=ProblemSource.SEMINAR,
            event_issue=issue,
            problem=issue.problem.strip(),
            measures=measures,
            responsible=responsible,
            deadline=deadline,
            first_deadline=deadline,
            found_on=event.starts_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="work.rectification.take_in",
            target=rect,
            event=event.pk,
            event_issue=issue.pk,
            deadline=deadline.isoformat(),
        )
        notify(
            responsible_users(rect),
            gettext("A rectification is yours to carry out: %(problem)s") % {"problem": str(rect)},
            rect,
            key=f"work.rect.assigned:{rect.pk}",
            due=deadline,
        )
        made.append(rect)
    return made
