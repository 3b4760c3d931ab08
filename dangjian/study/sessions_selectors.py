"""Reads of study sessions (集中学习), scoped to what the user may see.

Organizers see the sessions of the organizations in their reach (`visible_to`); a member
sees the sessions of their organization chain, as plans are published down the subtree
(`selectors.plans_for`), and their own attendance.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from dangjian.orgs.models import Organization, Person, User, path_ids
from dangjian.orgs.scoping import Action, person_id_of
from dangjian.study import rules
from dangjian.study.models import Attendance, StudySchedule, StudySession


def _chain_ids(user: User) -> list[int]:
    """The ids of the organizations on the user's own organization chain (none without a
    person record)."""
    person_id = person_id_of(user)
    if person_id is None:
        return []
    path = (
        Person.objects.unscoped("the account's own person record")
        .filter(pk=person_id)
        .values_list("primary_org__path", flat=True)
        .first()
    )
    return path_ids(path or "")


def _visible(user: User) -> QuerySet[StudySession]:
    in_reach = StudySession.objects.visible_to(user).values("pk")
    chain = _chain_ids(user)
    return StudySession.objects.unscoped(
        "sessions are published to the subtree of their organization, like plans"
    ).filter(Q(pk__in=in_reach) | Q(org_id__in=chain))


def _annotated(user: User, sessions: QuerySet[StudySession]) -> QuerySet[StudySession]:
    """Counts and the caller's own attendance as columns, so a list costs the same queries
    for 1 session as for 100."""
    own = Attendance.objects.unscoped("the caller's own row, bounded by the outer query").filter(
        session=OuterRef("pk"), person_id=person_id_of(user) or 0
    )
    return sessions.select_related("org").annotate(
        expected=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
        own_status=Subquery(own.values("status")[:1]),
    )


def session_list(
    user: User,
    start: datetime.datetime,
    end: datetime.datetime,
    org: Organization | None = None,
) -> QuerySet[StudySession]:
    """Sessions starting in [start, end); within `org`'s subtree when given."""
    sessions = _visible(user).filter(starts_at__gte=start, starts_at__lt=end)
    if org is not None:
        sessions = sessions.filter(org__path__startswith=org.path)
    return _annotated(user, sessions).order_by("starts_at", "pk")


def next_session(user: User) -> StudySession | None:
    """The member's next study session (or the one under way): the home page's first task."""
    now = timezone.now()
    window = datetime.timedelta(hours=rules.SESSION_MAX_MINUTES / 60)
    return (
        _visible(user)
        .filter(starts_at__gte=now - window, status=StudySession.Status.PLANNED)
        .select_related("org")
        .order_by("starts_at", "pk")
        .first()
    )


def session_get(user: User, pk: int) -> StudySession:
    """A session the user may see; 404 otherwise, as if it did not exist."""
    session = _annotated(user, _visible(user).filter(pk=pk)).first()
    if session is None:
        raise Http404("no such session")
    return session


def attendance_of(session: StudySession) -> list[Attendance]:
    """The attendance list of a session already fetched through `session_get`."""
    return list(
        Attendance.objects.unscoped("the list of a session the caller may see")
        .filter(session=session)
        .select_related("person__primary_org")
        .order_by("person__name", "pk")
    )


def own_attendance(user: User, session: StudySession) -> Attendance | None:
    return (
        Attendance.objects.unscoped("the caller's own row")
        .filter(session=session, person_id=person_id_of(user) or 0)
        .first()
    )


def org_choices(user: User) -> QuerySet[Organization]:
    """Organizations the calendar may be filtered by: those in the user's reach."""
    return (
        Organization.objects.visible_to(user)
        .filter(is_active=True)
        .only("pk", "name", "path", "depth")
    )


def organizable_orgs(user: User) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user, Action.CHANGE).filter(is_active=True)


def schedule_list(user: User) -> QuerySet[StudySchedule]:
    return (
        StudySchedule.objects.visible_to(user, Action.CHANGE)
        .select_related("org")
        .annotate(sessions_count=Count("sessions"))
        .order_by("org__path", "pk")
    )


def schedule_get(user: User, pk: int) -> StudySchedule:
    schedule = StudySchedule.objects.visible_to(user, Action.CHANGE).filter(pk=pk)
    found = schedule.select_related("org").first()
    if found is None:
        raise Http404("no such schedule")
    return found


def sessions_attended(
    person_ids: list[int], year: int, month: int | None = None, within_path: str | None = None
) -> dict[int, int]:
    """Sessions each person attended (出席) in the year, or in one month of it; people who
    attended none are 0. For the progress page: the caller has already scoped `person_ids`;
    `within_path` reads a long list by its organization's subtree instead of by ids."""
    rows = Attendance.objects.unscoped("people the progress page already scoped").filter(
        status=Attendance.Status.PRESENT,
        session__starts_at__year=year,
    )
    if within_path is not None:
        rows = rows.filter(person__primary_org__path__startswith=within_path)
    else:
        rows = rows.filter(person_id__in=person_ids)
    if month is not None:
        rows = rows.filter(session__starts_at__month=month)
    counts = dict(rows.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    return {person_id: counts.get(person_id, 0) for person_id in person_ids}
