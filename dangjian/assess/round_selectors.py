"""Reads of rounds (考核轮次), scoped to the user.

Who sees a sheet: whoever the kernel lets view it, and then only
- once the round is published (the assessed organization's people see their own result), or
- holding SCORE at its organization (inspectors, the department), or
- holding APPROVE at it (the level above, who approves it).
So a township's secretary sees its own sheet once published, never while it is being scored;
a member sees nothing of rounds (unless recorded as the organization's secretary, once
published). A round is seen by those who see its issuer, and by those who see one of its
sheets (they see those sheets only).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from dangjian.assess import round_scoring as scoring
from dangjian.assess.models import (
    Appeal,
    AssessRound,
    Grade,
    RoundFillJob,
    RuleItem,
    Score,
    ScoreChange,
    ScoreSheet,
)
from dangjian.assess.models.rulesets import AssessCategory
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, scope_q


def sheet_queryset(user: User) -> QuerySet[ScoreSheet]:
    shown = (
        Q(round__status=AssessRound.Status.PUBLISHED)
        | scope_q(user, ScoreSheet, Action.SCORE)
        | scope_q(user, ScoreSheet, Action.APPROVE)
    )
    return ScoreSheet.objects.visible_to(user, Action.VIEW).filter(shown)


def round_queryset(user: User) -> QuerySet[AssessRound]:
    issued = AssessRound.objects.visible_to(user, Action.VIEW).values("pk")
    sheets = sheet_queryset(user).values("round_id")
    return AssessRound.objects.unscoped("rounds of the issuers or sheets the user sees").filter(
        Q(pk__in=issued) | Q(pk__in=sheets)
    )


def round_list(user: User) -> QuerySet[AssessRound]:
    return round_queryset(user).select_related("org").order_by("-period_start", "-pk")


def round_get(user: User, pk: int) -> AssessRound:
    return get_object_or_404(round_queryset(user).select_related("org"), pk=pk)


def issuer_choices(user: User) -> QuerySet[Organization]:
    """Organizations the user may issue rounds for (CHANGE), those with organizations below."""
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(is_active=True, children__isnull=False)
        .distinct()
        .order_by("path")
    )


SHEET_FIELDS = (
    "pk",
    "org_id",
    "org__name",
    "ruleset_id",
    "ruleset__category",
    "status",
    "inspector__username",
    "total",
    "rank",
    "grade",
)


def _rows(queryset) -> list[dict]:
    """Sheets as plain rows (a thousand model instances and their related objects cost
    more than the query): labels and the sheet's URL added here, once per row."""
    from django.urls import reverse

    statuses = dict(ScoreSheet.Status.choices)
    grades = dict(Grade.choices)
    categories = dict(AssessCategory.choices)
    base = reverse("assess:round-sheet", args=[0])[:-2]  # ".../sheets/"
    rows = list(queryset.values(*SHEET_FIELDS))
    for row in rows:
        row["category"] = row["ruleset__category"]
        row["category_label"] = categories.get(row["category"], row["category"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["grade_label"] = grades.get(row["grade"], "")
        row["total_text"] = scoring.number(row["total"])
        row["url"] = f"{base}{row['pk']}/"
    return rows


def round_sheets(user: User, round_: AssessRound) -> list[dict]:
    """The round's sheet table (one query): the sheets the user sees, by category and
    organization, as rows (SHEET_FIELDS and labels)."""
    rows = sheet_queryset(user).filter(round=round_).order_by("ruleset__category", "org__path")
    return _rows(rows)


@dataclass
class CategoryGroup:
    category: str
    label: str
    sheets: list[dict] = field(default_factory=list)


def by_category(sheets: list[dict]) -> list[CategoryGroup]:
    groups = []
    for category, rows in groupby(sheets, key=lambda s: s["category"]):
        rows = list(rows)
        groups.append(CategoryGroup(category, str(rows[0]["category_label"]), rows))
    return groups


def ranking(user: User, round_: AssessRound) -> list[CategoryGroup]:
    """Per category, the sheets the user sees by rank (one query)."""
    rows = (
        sheet_queryset(user)
        .filter(round=round_)
        .order_by("ruleset__category", "rank", "-total", "org__path")
    )
    return by_category(_rows(rows))


def latest_job(round_: AssessRound) -> RoundFillJob | None:
    return (
        RoundFillJob.objects.unscoped("the round's job, the round already in sight")
        .filter(round=round_)
        .order_by("-created_at", "-pk")
        .first()
    )


def sheet_get(user: User, pk: int) -> ScoreSheet:
    rows = sheet_queryset(user).select_related("round", "org", "ruleset", "inspector")
    return get_object_or_404(rows, pk=pk)


@dataclass
class SheetLine:
    item: RuleItem
    level: int
    is_leaf: bool
    score: Score | None

    @property
    def scorable(self) -> bool:
        return self.is_leaf

    @property
    def max_text(self) -> str:
        return scoring.number(self.item.max_points)

    @property
    def points_text(self) -> str:
        return scoring.number(self.score.points if self.score else None)

    @property
    def subtotal(self) -> Decimal | None:
        return None


def sheet_lines(sheet: ScoreSheet) -> list[SheetLine]:
    """The sheet's items in tree order (一级, its 二级 after it; bonus and deduction last by
    position) with their scores — two queries whatever the size."""
    items = list(
        RuleItem.objects.unscoped("the items of a sheet in sight").filter(
            ruleset_id=sheet.ruleset_id
        )
    )
    scores = {
        score.item_id: score
        for score in Score.objects.unscoped("the scores of a sheet in sight")
        .filter(sheet=sheet)
        .prefetch_related(
            Prefetch(
                "changes",
                queryset=ScoreChange.objects.unscoped("the history of a score in sight")
                .select_related("changed_by")
                .order_by("-changed_at", "-pk"),
            )
        )
    }
    children: dict[int | None, list[RuleItem]] = {}
    for item in sorted(items, key=lambda i: (i.position, i.pk)):
        children.setdefault(item.parent_id, []).append(item)
    lines: list[SheetLine] = []

    def walk(parent_id: int | None, level: int) -> None:
        for item in children.get(parent_id, []):
            leaf = item.pk not in children
            lines.append(SheetLine(item, level, leaf, scores.get(item.pk)))
            walk(item.pk, level + 1)

    walk(None, 0)
    return lines


def sheet_appeals(sheet: ScoreSheet) -> list[Appeal]:
    return list(
        Appeal.objects.unscoped("the appeals of a sheet in sight")
        .filter(sheet=sheet)
        .select_related("item", "submitted_by", "decided_by")
    )


def appeal_list(user: User) -> QuerySet[Appeal]:
    return (
        Appeal.objects.visible_to(user, Action.VIEW)
        .filter(sheet__in=sheet_queryset(user))
        .select_related("sheet__org", "sheet__round", "item", "submitted_by")
        .order_by("status", "-submitted_at", "-pk")
    )


def appeal_get(user: User, pk: int) -> Appeal:
    return get_object_or_404(appeal_list(user), pk=pk)


@dataclass(frozen=True)
class RankedOrg:
    org_id: int
    org_name: str
    category: str
    total: Decimal
    rank: int | None
    grade: str


def published_ranking(issuer_org: Organization, month_date: datetime.date) -> list[RankedOrg]:
    """For the bulletin: the latest published round issued by `issuer_org` whose period
    covers `month_date`, its sheets by category and rank (two queries; [] when none)."""
    round_ = (
        AssessRound.objects.unscoped("the bulletin's issuer, checked by its caller")
        .filter(
            org=issuer_org,
            status=AssessRound.Status.PUBLISHED,
            period_start__lte=month_date,
            period_end__gte=month_date,
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if round_ is None:
        return []
    rows = (
        ScoreSheet.objects.unscoped("the published results of the bulletin's round")
        .filter(round=round_)
        .order_by("ruleset__category", "rank", "org__path")
        .values_list("org_id", "org__name", "ruleset__category", "total", "rank", "grade")
    )
    return [RankedOrg(*row) for row in rows]
