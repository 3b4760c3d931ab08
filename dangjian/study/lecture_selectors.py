"""Reads of 干部讲课: lectures a user may see, one lecture's Q&A and ratings, and the rule
"every cadre lectures at least once a year" per organization."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, person_id_of
from dangjian.study import rules
from dangjian.study.models import Lecture, LectureQuestion, LectureRating
from dangjian.study.selectors import _chain_org_ids


def lectures_visible(user: User) -> QuerySet[Lecture]:
    """Lectures in the user's reach, those of the organizations on their chain (colleagues
    listen to them), and their own."""
    in_reach = Lecture.objects.visible_to(user).values("pk")
    return (
        Lecture.objects.unscoped("lectures in reach, on the user's chain, or their own")
        .filter(
            Q(pk__in=in_reach)
            | Q(org_id__in=_chain_org_ids(user))
            | Q(lecturer_id=person_id_of(user) or 0)
        )
        .select_related("lecturer", "org")
        .annotate(rating=Avg("ratings__score"), raters=Count("ratings", distinct=True))
        .order_by("-starts_at", "-pk")
    )


def lecture_get(user: User, pk: int) -> Lecture:
    lecture = lectures_visible(user).filter(pk=pk).first()
    if lecture is None:
        raise Http404("no such lecture")
    return lecture


def questions_of(lecture: Lecture) -> QuerySet[LectureQuestion]:
    return (
        LectureQuestion.objects.unscoped("questions of a lecture the caller may see")
        .filter(lecture=lecture)
        .select_related("asked_by")
    )


def question_get(user: User, pk: int) -> LectureQuestion:
    question = (
        LectureQuestion.objects.unscoped("a question of a lecture the caller may see")
        .filter(pk=pk, lecture__in=lectures_visible(user).values("pk"))
        .select_related("lecture")
        .first()
    )
    if question is None:
        raise Http404("no such question")
    return question


def own_rating(user: User, lecture: Lecture) -> LectureRating | None:
    return (
        LectureRating.objects.unscoped("the user's own rating")
        .filter(lecture=lecture, rater_id=person_id_of(user) or 0)
        .first()
    )


@dataclass(frozen=True)
class LecturerRow:
    person_id: int
    name: str
    org_name: str
    held: int

    @property
    def meets_rule(self) -> bool:
        return self.held >= rules.LECTURES_PER_YEAR


def lecture_report(user: User, org: Organization, year: int) -> list[LecturerRow]:
    """Every cadre (a person with a position) of the subtree and how many lectures they held
    in the year: the rule is at least LECTURES_PER_YEAR. Two queries."""
    cadres = (
        Person.objects.visible_to(user, Action.VIEW)
        .filter(primary_org__path__startswith=org.path, is_active=True)
        .exclude(cadre_position="")
        .order_by("primary_org__path", "name", "pk")
        .values_list("pk", "name", "primary_org__name")
    )
    start = datetime.date(year, 1, 1)
    held = dict(
        Lecture.objects.unscoped("lectures of the cadres the caller may list")
        .filter(
            org__path__startswith=org.path,
            status=Lecture.Status.HELD,
            starts_at__date__gte=start,
            starts_at__date__lt=start.replace(year=year + 1),
        )
        .values("lecturer_id")
        .annotate(n=Count("pk"))
        .values_list("lecturer_id", "n")
    )
    return [LecturerRow(pk, name, org_name, held.get(pk, 0)) for pk, name, org_name in cadres]


def lecture_awards(user: User, year: int) -> list[Lecture]:
    """优秀讲课: the year's held lectures the user may score, by mean listeners' rating,
    each rated by at least LECTURE_AWARD_MIN_RATERS listeners."""
    start = datetime.date(year, 1, 1)
    return list(
        Lecture.objects.visible_to(user, Action.SCORE)
        .filter(
            status=Lecture.Status.HELD,
            starts_at__date__gte=start,
            starts_at__date__lt=start.replace(year=year + 1),
        )
        .annotate(rating=Avg("ratings__score"), raters=Count("ratings"))
        .filter(raters__gte=rules.LECTURE_AWARD_MIN_RATERS)
        .select_related("lecturer", "org")
        .order_by("-rating", "-raters", "pk")[: rules.LECTURE_AWARDS]
    )
