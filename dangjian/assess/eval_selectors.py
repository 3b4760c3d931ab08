"""Reads of 群众评议: points in sight, the public page's point and comments, counts per unit
and month (with the dimension breakdown), the moderation queue, unused codes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action

# The public page shows at most this many approved comments, newest first (our number).
PUBLIC_COMMENTS = 20
MODERATION_PAGE = 50
# The printable slips page lists at most this many unused codes of a month.
SLIPS_MAX = rules.MAX_CODES_PER_REQUEST * 2


@dataclass
class Counts:
    count: int = 0
    satisfied: int = 0
    basic: int = 0
    dissatisfied: int = 0

    @property
    def satisfied_or_basic(self) -> int:
        return self.satisfied + self.basic

    @property
    def rate(self) -> float | None:
        """满意率 = (满意 + 基本满意) / 总数 (rules_eval.SATISFIED_VALUES)."""
        return self.satisfied_or_basic / self.count if self.count else None

    def share(self, name: str) -> float | None:
        return getattr(self, name) / self.count if self.count else None

    @property
    def percents(self) -> dict[str, str]:
        """Each answer's share of the count, as "62.5 %" ("—" when nothing was counted)."""
        names = ("satisfied", "basic", "dissatisfied", "satisfied_or_basic")
        return {
            name: "—" if not self.count else f"{100 * getattr(self, name) / self.count:.1f} %"
            for name in names
        }


@dataclass
class UnitResults:
    org: Organization
    month: datetime.date
    counts: Counts
    # dimension key → (label, Counts of those who rated it)
    dimensions: list[tuple[str, str, Counts]] = field(default_factory=list)
    pending: int = 0
    approved: int = 0
    codes_issued: int = 0
    codes_used: int = 0


def _counts(rows: QuerySet) -> Counts:
    found = rows.aggregate(
        count=Count("pk"),
        satisfied=Count("pk", filter=Q(overall="satisfied")),
        basic=Count("pk", filter=Q(overall="basic")),
        dissatisfied=Count("pk", filter=Q(overall="dissatisfied")),
    )
    return Counts(**found)


def subtree_counts(org: Organization, first: datetime.date, last: datetime.date) -> Counts:
    """Evaluations of the units in `org`'s subtree for the months first..last (first days);
    the caller has checked that `org` is in reach."""
    rows = Evaluation.objects.unscoped("the caller checked the organization's reach")
    rows = rows.filter(org__path__startswith=org.path, period__gte=first, period__lte=last)
    return _counts(rows)


def point_of(user: User, org: Organization, action: str = Action.VIEW) -> EvaluationPoint | None:
    return EvaluationPoint.objects.visible_to(user, action).filter(org=org).first()


def public_point(public_key: str) -> EvaluationPoint:
    """The point behind a QR code — public: the key is the address (404 otherwise)."""
    rows = EvaluationPoint.objects.unscoped("public page: the random key is the address")
    return get_object_or_404(rows.select_related("org"), public_key=public_key[:32])


def approved_comments(point: EvaluationPoint) -> list[Evaluation]:
    rows = Evaluation.objects.unscoped("public page: only approved comments are shown")
    rows = rows.filter(org_id=point.org_id, moderation=Evaluation.Moderation.APPROVED)
    return list(rows.only("comment", "overall", "submitted_at")[:PUBLIC_COMMENTS])


def points_in_sight(user: User, month: datetime.date) -> QuerySet[EvaluationPoint]:
    """The points the user sees, with the month's counts (one query)."""
    votes = Evaluation.objects.unscoped("counts of points already in sight").filter(
        org_id=OuterRef("org_id"), period=month
    )

    def counted(**extra) -> Coalesce:
        rows = votes.filter(**extra).order_by().values("org_id")
        rows = rows.annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return (
        EvaluationPoint.objects.visible_to(user)
        .select_related("org")
        .annotate(
            month_count=counted(),
            month_good=counted(overall__in=rules.SATISFIED_VALUES),
            month_pending=counted(moderation=Evaluation.Moderation.PENDING),
        )
        .order_by("org__path")
    )


def unit_results(org: Organization, month: datetime.date) -> UnitResults:
    """One unit's month: counts and shares, each dimension's ratings, comments waiting,
    codes issued and used (the caller checked VIEW at `org`)."""
    rows = Evaluation.objects.unscoped("the caller checked the organization's reach")
    rows = rows.filter(org=org, period=month)
    counts = _counts(rows)
    tallies = {key: Counts() for key in rules.DIMENSIONS}
    for dims in rows.exclude(dimensions={}).values_list("dimensions", flat=True):
        for key, value in (dims or {}).items():
            if key in tallies and value in rules.OVERALL_VALUES:
                tally = tallies[key]
                tally.count += 1
                setattr(tally, value, getattr(tally, value) + 1)
    moderation = dict(
        rows.exclude(moderation="")
        .order_by()
        .values_list("moderation")
        .annotate(n=Count("pk"))
        .values_list("moderation", "n")
    )
    codes = EvaluationCode.objects.unscoped("the caller checked the organization's reach")
    code_counts = codes.filter(org=org, period=month).aggregate(
        issued=Count("pk"), used=Count("vote")
    )
    return UnitResults(
        org=org,
        month=month,
        counts=counts,
        dimensions=[(key, label, tallies[key]) for key, label in rules.DIMENSIONS.items()],
        pending=moderation.get(Evaluation.Moderation.PENDING, 0),
        approved=moderation.get(Evaluation.Moderation.APPROVED, 0),
        codes_issued=code_counts["issued"],
        codes_used=code_counts["used"],
    )


def moderation_queue(user: User) -> QuerySet[Evaluation]:
    """Comments waiting for a moderator the user may be (CHANGE at the unit)."""
    return (
        Evaluation.objects.visible_to(user, Action.CHANGE)
        .filter(moderation=Evaluation.Moderation.PENDING)
        .select_related("org")
        .order_by("submitted_at", "pk")
    )


def evaluation_get(user: User, pk: int, action: str = Action.VIEW) -> Evaluation:
    rows = Evaluation.objects.visible_to(user, action).select_related("org")
    return get_object_or_404(rows, pk=pk)


def unused_codes(org: Organization, month: datetime.date) -> QuerySet[EvaluationCode]:
    """The month's codes of `org` not yet used, oldest first (the caller checked CHANGE)."""
    rows = EvaluationCode.objects.unscoped("the caller checked CHANGE at the organization")
    return rows.filter(org=org, period=month, vote__isnull=True).order_by("created_at", "pk")
