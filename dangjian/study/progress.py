"""学习进度 — who has done what of the study targets, per member and per organization.

Read by the month status page, the API and (later) the assessment and the dashboards. Counts
are made in a fixed number of queries whatever the number of people: people, their notes
aggregated per author, and the plans of the year on every chain involved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from dangjian.orgs.models import Organization, Person, User, path_ids
from dangjian.orgs.scoping import Action
from dangjian.study.hall_selectors import materials_studied
from dangjian.study.models import Lecture, Note, ResearchArticle, ResearchTopic, StudyPlan
from dangjian.study.selectors import applies
from dangjian.study.sessions_selectors import sessions_attended

# Notes that count for a month: handed in (submitted, returned or approved), not drafts.
HANDED_IN = (Note.Status.SUBMITTED, Note.Status.RETURNED, Note.Status.APPROVED)


@dataclass
class MemberProgress:
    """One member's month: the figures and the targets of the nearest plan that applies."""

    person_id: int
    name: str
    org_name: str
    note_chars: int = 0
    note_chars_target: int = 0
    notes: int = 0
    reflections: int = 0
    reflections_target: int = 0
    readings_done: int = 0  # distinct readings with a note handed in this year, to this month
    readings_target: int = 0  # readings assigned up to this month
    approved: int = 0
    submitted: int = 0  # waiting for review
    returned_open: int = 0  # returned and not handed in again
    topics: int = 0  # 调研课题 registered this year (rejected ones left out)
    articles: int = 0  # 调研文章 submitted this year
    lectures: int = 0  # 干部讲课 held this year
    sessions: int = 0  # 集中学习 sessions attended (出席) this month
    materials: int = 0  # 干训讲堂 materials of the year read to the end
    flags: list[str] = field(default_factory=list)

    @property
    def handed_in(self) -> bool:
        return self.notes + self.reflections > 0

    @property
    def under_target(self) -> bool:
        return self.note_chars < self.note_chars_target

    def as_dict(self) -> dict:
        return {
            "person": self.person_id,
            "name": self.name,
            "org": self.org_name,
            "note_chars": self.note_chars,
            "note_chars_target": self.note_chars_target,
            "notes": self.notes,
            "reflections": self.reflections,
            "reflections_target": self.reflections_target,
            "readings_done": self.readings_done,
            "readings_target": self.readings_target,
            "approved": self.approved,
            "waiting_review": self.submitted,
            "returned_open": self.returned_open,
            "handed_in": self.handed_in,
            "under_target": self.under_target,
            "topics": self.topics,
            "articles": self.articles,
            "lectures": self.lectures,
            "sessions": self.sessions,
            "materials": self.materials,
        }


@dataclass(frozen=True)
class Member:
    """What progress needs of a person: read as plain values, 30,000 at a time."""

    pk: int
    name: str
    org_name: str
    org_path: str
    position: str


MEMBER_FIELDS = ("pk", "name", "primary_org__name", "primary_org__path", "cadre_position")


def people_in(user: User, org: Organization) -> QuerySet[Person]:
    """The active people of `org`'s subtree whose study the user may review."""
    return (
        Person.objects.visible_to(user, Action.REVIEW)
        .filter(primary_org__path__startswith=org.path, is_active=True)
        .order_by("primary_org__path", "name", "pk")
    )


def members(people: QuerySet[Person]) -> list[Member]:
    return [Member(*values) for values in people.values_list(*MEMBER_FIELDS)]


def member_of(person: Person) -> Member:
    org = person.primary_org
    return Member(person.pk, person.name, org.name, org.path, person.cadre_position)


# Above this many people, notes are selected by the organization's subtree rather than by a
# list of ids (a 30,000-id IN list is slow to send and to plan, and SQLite caps parameters).
IDS_IN_QUERY_MAX = 900


def member_progress(
    people: list[Member], month: datetime.date, within: Organization | None = None
) -> list[MemberProgress]:
    """The month's progress of each person (eight queries for the whole list); `within`, the
    organization the people were listed from, lets a long list be read by subtree."""
    if not people:
        return []
    ids = [person.pk for person in people]
    by_subtree = within is not None and len(ids) > IDS_IN_QUERY_MAX

    def of_people(model, author: str):
        rows = model.objects.unscoped("progress of people the caller was allowed to list")
        if by_subtree:
            return rows.filter(**{f"{author}__primary_org__path__startswith": within.path})
        return rows.filter(**{f"{author}_id__in": ids})

    notes = of_people(Note, "author")
    topics = dict(
        of_people(ResearchTopic, "author")
        .filter(year=month.year)
        .exclude(status=ResearchTopic.Status.REJECTED)
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    sessions = sessions_attended(
        ids, month.year, month.month, within_path=within.path if by_subtree else None
    )
    studied = materials_studied(ids, month.year, within_path=within.path if by_subtree else None)
    start = datetime.date(month.year, 1, 1)
    lectures = dict(
        of_people(Lecture, "lecturer")
        .filter(
            status=Lecture.Status.HELD,
            starts_at__date__gte=start,
            starts_at__date__lt=start.replace(year=start.year + 1),
        )
        .values("lecturer_id")
        .annotate(n=Count("pk"))
        .values_list("lecturer_id", "n")
    )
    articles = dict(
        of_people(ResearchArticle, "topic__author")
        .filter(topic__year=month.year)
        .values("topic__author_id")
        .annotate(n=Count("pk"))
        .values_list("topic__author_id", "n")
    )
    in_month = Q(month=month, status__in=HANDED_IN)
    per_author = {
        row["author_id"]: row
        for row in notes.values("author_id").annotate(
            chars=Sum("char_count", filter=in_month & Q(kind=Note.Kind.NOTE)),
            notes=Count("pk", filter=in_month & Q(kind=Note.Kind.NOTE)),
            reflections=Count("pk", filter=in_month & Q(kind=Note.Kind.REFLECTION)),
            approved=Count("pk", filter=in_month & Q(status=Note.Status.APPROVED)),
            submitted=Count("pk", filter=in_month & Q(status=Note.Status.SUBMITTED)),
            returned=Count("pk", filter=Q(status=Note.Status.RETURNED)),
            readings=Count(
                "reading",
                distinct=True,
                filter=Q(
                    status__in=HANDED_IN,
                    month__year=month.year,
                    month__lte=month,
                    reading__isnull=False,
                ),
            ),
        )
    }
    chains = {path: path_ids(path) for path in {person.org_path for person in people}}
    all_orgs = {org_id for chain in chains.values() for org_id in chain}
    plans = list(
        StudyPlan.objects.unscoped("plans published to the listed people's organizations")
        .filter(org_id__in=all_orgs, year=month.year)
        .annotate(
            readings_due=Count("readings", filter=Q(readings__month__lte=month.month)),
        )
    )
    by_org: dict[int, StudyPlan] = {plan.org_id: plan for plan in plans}
    rows = []
    for person in people:
        chain_plans = [by_org[o] for o in chains[person.org_path] if o in by_org]
        applying = [plan for plan in chain_plans if applies(plan, person.position)]
        nearest = applying[-1] if applying else StudyPlan(year=month.year)
        figures = per_author.get(person.pk, {})
        rows.append(
            MemberProgress(
                person_id=person.pk,
                name=person.name,
                org_name=person.org_name,
                note_chars=figures.get("chars") or 0,
                note_chars_target=nearest.note_chars_per_month,
                notes=figures.get("notes", 0),
                reflections=figures.get("reflections", 0),
                reflections_target=nearest.reflections_per_period,
                readings_done=figures.get("readings", 0),
                readings_target=sum(plan.readings_due for plan in applying),
                approved=figures.get("approved", 0),
                submitted=figures.get("submitted", 0),
                returned_open=figures.get("returned", 0),
                topics=topics.get(person.pk, 0),
                articles=articles.get(person.pk, 0),
                lectures=lectures.get(person.pk, 0),
                sessions=sessions.get(person.pk, 0),
                materials=studied.get(person.pk, 0),
            )
        )
    return rows


@dataclass
class OrgCompletion:
    """Completion rates of an organization's members for the month."""

    people: int
    handed_in: int
    at_target: int
    returned_open: int

    @property
    def handed_in_rate(self) -> float:
        return self.handed_in / self.people if self.people else 0.0

    @property
    def at_target_rate(self) -> float:
        return self.at_target / self.people if self.people else 0.0


def org_completion(rows: list[MemberProgress]) -> OrgCompletion:
    return OrgCompletion(
        people=len(rows),
        handed_in=sum(1 for row in rows if row.handed_in),
        at_target=sum(1 for row in rows if not row.under_target),
        returned_open=sum(1 for row in rows if row.returned_open),
    )
