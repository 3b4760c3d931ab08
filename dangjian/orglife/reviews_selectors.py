"""民主评议党员 reads. Mutual ratings leave this module only as counts per rated member
(`mutual_counts`) or as the reader's own ratings (`own_ratings`): nobody, the committee
included, is shown who rated whom."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from dangjian.orglife.models import MutualRating, ReviewEntry, ReviewGrade, ReviewRound
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, person_id_of


def round_list(user: User) -> QuerySet[ReviewRound]:
    """The rounds in reach with their results per branch (members, and members per grade)."""
    per_grade = {
        f"n_{grade}": Count("entries", filter=Q(entries__grade=grade))
        for grade in ReviewGrade.values
    }
    return (
        ReviewRound.objects.visible_to(user, Action.VIEW)
        .select_related("org")
        .annotate(members=Count("entries"), **per_grade)
        .order_by("-year", "org__path")
    )


def round_get(user: User, pk: int) -> ReviewRound:
    return get_object_or_404(
        ReviewRound.objects.visible_to(user, Action.VIEW).select_related("org"), pk=pk
    )


def entries(round_: ReviewRound) -> list[ReviewEntry]:
    """The round's entries (the caller reaches the round as its committee)."""
    return list(
        ReviewEntry.objects.unscoped("entries of a round in reach")
        .filter(round=round_)
        .select_related("person")
        .order_by("person__name", "pk")
    )


def entry_get(user: User, pk: int) -> ReviewEntry:
    return get_object_or_404(
        ReviewEntry.objects.visible_to(user, Action.VIEW).select_related("round__org", "person"),
        pk=pk,
    )


@dataclass(frozen=True)
class MutualCount:
    raters: int
    by_grade: dict[str, int]


def mutual_counts(round_: ReviewRound) -> dict[int, MutualCount]:
    """Per rated member: how many rated them, and how many gave each grade. Counts only."""
    annotations = {grade: Count("pk", filter=Q(grade=grade)) for grade in ReviewGrade.values}
    rows = (
        MutualRating.objects.unscoped("aggregates of a round in reach")
        .filter(round=round_)
        .values("ratee_id")
        .annotate(raters=Count("pk"), **annotations)
    )
    return {
        row["ratee_id"]: MutualCount(
            row["raters"], {grade: row[grade] for grade in ReviewGrade.values}
        )
        for row in rows
    }


def own_ratings(user: User, round_: ReviewRound) -> dict[int, str]:
    """The ratings the user gave in the round ({person id: grade})."""
    person_id = person_id_of(user)
    if person_id is None:
        return {}
    rows = MutualRating.objects.visible_to(user, Action.VIEW).filter(
        round=round_, rater_id=person_id
    )
    return dict(rows.values_list("ratee_id", "grade"))


def results(round_: ReviewRound) -> dict[str, int]:
    """The round's grades counted (结果): {grade: members}, "" for not yet graded."""
    rows = (
        ReviewEntry.objects.unscoped("results of a round in reach")
        .filter(round=round_)
        .values("grade")
        .annotate(n=Count("pk"))
    )
    return {row["grade"]: row["n"] for row in rows}
