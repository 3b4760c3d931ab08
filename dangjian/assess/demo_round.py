"""Demo rows of the round part (called by assess.demo): this year's quarterly rounds so far
(published, scored, ranked and graded), the quarter under way being scored, and last year's
annual round (published), with one appeal decided and one pending.

Scores are written with bulk_create, never through the services, so the 1,000-organization
county stays fast: each organization gets a "diligence" that draws its points, and each
automatic item a plausible count ("12 of 14 …") turned into points and an explanation by
round_scoring.auto_points — cheaply, without running the indicators over the records (the
round's "fill again" button on the page computes the real ones). Rule sets are the ones
demo_ruleset wrote (read from the database): a category without one is skipped; a round of a
year without rule sets uses the nearest year's.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dangjian.assess import round_scoring as scoring
from dangjian.assess import rules_round as rules
from dangjian.assess.models import (
    Appeal,
    AssessRound,
    RoundFillJob,
    RuleItem,
    RuleSet,
    Score,
    ScoreChange,
    ScoreSheet,
)
from dangjian.lib.indicators import Measure, Period, registered
from dangjian.orgs.models import Organization

SYSTEM = "demo build (system command)"
BATCH = 2000
DEDUCTION_REASONS = (
    "党建台账不规范，扣分",
    "三会一课记录缺失一次",
    "党费收缴公示不及时",
    "整改事项逾期未销号",
)
SHORTFALL_REASONS = (
    "阵地建设标准化未达标",
    "班子成员缺额，未及时补齐",
    "党员教育管理资料不完整",
    "发展党员程序材料不全",
)
BONUS_REASONS = ("经验做法被市级以上推广", "获评县级先进基层党组织", "创新做法被媒体报道")


def _rulesets(root: Organization) -> dict[int, dict[str, RuleSet]]:
    rows = (
        RuleSet.objects.unscoped(SYSTEM)
        .filter(org__path__startswith=root.path, status=RuleSet.Status.ACTIVE)
        .order_by("year", "category", "-version")
    )
    by_year: dict[int, dict[str, RuleSet]] = defaultdict(dict)
    for row in rows:
        by_year[row.year].setdefault(row.category, row)
    return by_year


def _for_year(by_year: dict[int, dict[str, RuleSet]], year: int) -> dict[str, RuleSet]:
    if year in by_year:
        return by_year[year]
    return by_year[min(by_year, key=lambda y: abs(y - year))]


def _periods(today: datetime.date) -> list[tuple[str, str, Period, bool]]:
    """(kind, name, period, published) of the demo's rounds."""
    last = today.year - 1
    found = [("year", f"{last}年度创先争优考核", Period.year(last), True)]
    for quarter in range(1, 5):
        period = Period.quarter(today.year, quarter)
        if period.start > today:
            break
        name = f"{today.year}年第{'一二三四'[quarter - 1]}季度创先争优考核"
        found.append(("quarter", name, period, period.end < today))
    return found


def _explanations() -> dict[str, tuple[str, bool]]:
    return {code: (str(ind.name), ind.higher_is_better) for code, ind in registered().items()}


def _total(rows: list[Row], kinds: dict[int, str], caps: tuple[Decimal, Decimal]) -> Decimal:
    """round_scoring.total over the leaves written (the same rule: indicator points, plus
    bonus and minus deduction within their caps, floor 0), without a Line per item — the
    demo totals thousands of sheets."""
    sums = {"indicator": Decimal(0), "bonus": Decimal(0), "deduction": Decimal(0)}
    for item_id, points, *_rest in rows:
        sums[kinds[item_id]] += points or 0
    bonus_cap, deduction_cap = caps
    result = sums["indicator"] + min(sums["bonus"], bonus_cap)
    return scoring.rounded(max(Decimal(0), result - min(sums["deduction"], deduction_cap)))


# One score as written: (item id, points, auto points, explanation, reason).
Row = tuple[int, Decimal | None, Decimal | None, str, str]


def _sheet_scores(
    rng: random.Random,
    items: list[RuleItem],
    parents: set[int],
    diligence: float,
    indicators: dict[str, tuple[str, bool]],
) -> list[Row]:
    rows: list[Row] = []
    zero = Decimal(0)
    for item in items:
        if item.pk in parents:
            continue
        top = Decimal(item.max_points)
        if item.kind == RuleItem.Kind.BONUS:
            if rng.random() < 0.15:
                points = scoring.rounded(top * Decimal(rng.choice((0.4, 0.6, 1))))
                rows.append((item.pk, points, None, "", rng.choice(BONUS_REASONS)))
            else:
                rows.append((item.pk, zero, None, "", ""))
        elif item.kind == RuleItem.Kind.DEDUCTION:
            if rng.random() < 0.2:
                points = min(top, Decimal(rng.choice((1, 2, 3))))
                rows.append((item.pk, points, None, "", rng.choice(DEDUCTION_REASONS)))
            else:
                rows.append((item.pk, zero, None, "", ""))
        elif item.scoring == RuleItem.Scoring.AUTO and item.auto_indicator in indicators:
            name, higher = indicators[item.auto_indicator]
            expected = rng.randint(4, 14)
            share = min(1.0, max(0.0, rng.gauss(diligence, 0.08)))
            achieved = round(expected * (share if higher else 1 - share))
            text = f"{name}：{achieved}/{expected}"
            found = scoring.auto_points(Measure(achieved, expected, text), top, higher)
            rows.append((item.pk, found.points, found.points, found.explanation, ""))
        else:
            share = min(1.0, max(0.5, rng.gauss(diligence, 0.06)))
            points = scoring.rounded(top * Decimal(str(share)))
            reason = rng.choice(SHORTFALL_REASONS) if points < top else ""
            rows.append((item.pk, points, None, "", reason))
    return rows


def _write_scores(rows: list[tuple]) -> None:
    """Insert (sheet id, *Row, updated_at) rows with one executemany per batch: tens of
    thousands of rows through bulk_create spend seconds in the ORM's per-field preparation."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = ["sheet_id", "item_id", "points", "auto_points", "explanation", "reason"]
    columns += ["evidence", "updated_at"]
    table = quote(Score._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns a summary fragment ("" if none).
    One transaction (a savepoint inside the county's): outside one, SQLite would commit,
    and sync, every inserted row."""
    with transaction.atomic():
        return _build(root, rng=rng, today=today)


def _build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    by_year = _rulesets(root)
    if not by_year:
        return ""
    items_of: dict[int, list[RuleItem]] = defaultdict(list)
    for item in RuleItem.objects.unscoped(SYSTEM).filter(ruleset__org__path__startswith=root.path):
        items_of[item.ruleset_id].append(item)
    parents = {i.parent_id for items in items_of.values() for i in items if i.parent_id}
    kinds = {i.pk: i.kind for items in items_of.values() for i in items}
    caps = {
        ruleset_id: tuple(
            sum((Decimal(i.max_points) for i in items if i.kind == kind), Decimal(0))
            for kind in (RuleItem.Kind.BONUS, RuleItem.Kind.DEDUCTION)
        )
        for ruleset_id, items in items_of.items()
    }
    categories = {c for sets in by_year.values() for c in sets}
    orgs = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(
            path__startswith=root.path,
            is_active=True,
            category__in=categories,
            org_type__in=rules.ASSESSED_ORG_TYPES,
        )
        .exclude(pk=root.pk)
        .order_by("path")
        .values_list("pk", "category")
    )
    diligence = {pk: rng.uniform(0.72, 0.99) for pk, _category in orgs}
    indicators = _explanations()
    now = timezone.now()
    rounds = sheets_count = scores_count = 0
    published_rounds = []
    for kind, name, period, published in _periods(today):
        chosen = _for_year(by_year, period.start.year)
        row = AssessRound.objects.create(
            org=root,
            name=name,
            period_kind=kind,
            period_start=period.start,
            period_end=period.end,
            status=AssessRound.Status.PUBLISHED if published else AssessRound.Status.SCORING,
        )
        if published:
            day = min(today, period.end + datetime.timedelta(days=15))
            published_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            AssessRound.objects.unscoped(SYSTEM).filter(pk=row.pk).update(
                published_at=min(published_at, now)
            )
            published_rounds.append(row)
        row.rulesets.add(*chosen.values())
        rounds += 1
        sheets = [
            ScoreSheet(
                round=row,
                org_id=pk,
                ruleset=chosen[category],
                status=ScoreSheet.Status.APPROVED if published else ScoreSheet.Status.OPEN,
                approved_at=now if published else None,
            )
            for pk, category in orgs
            if category in chosen
        ]
        # Scores and totals first, ranks and grades next, then every row written once: a
        # bulk_update of a thousand sheets (one CASE per row) would cost seconds.
        scores_of: list[list[Row]] = []
        for sheet in sheets:
            found = _sheet_scores(
                rng, items_of[sheet.ruleset_id], parents, diligence[sheet.org_id], indicators
            )
            if not published:  # being scored: the automatic items are filled, the rest open
                found = [r if r[2] is not None else (r[0], None, None, "", "") for r in found]
            sheet.total = _total(found, kinds, caps[sheet.ruleset_id])
            scores_of.append(found)
        if published:
            _rank(sheets, row.excellent_quota_percent)
        ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
        scores = [
            (sheet.pk, *r, "", now)
            for sheet, found in zip(sheets, scores_of, strict=True)
            for r in found
        ]
        _write_scores(scores)
        sheets_count += len(sheets)
        scores_count += len(scores)
    appeals = _appeals(published_rounds)
    return (
        f"assessment rounds: {rounds} ({sheets_count} sheets, {scores_count} scores, "
        f"{appeals} appeals)"
    )


def _rank(sheets: list[ScoreSheet], quota: int) -> None:
    groups: dict[int, list[ScoreSheet]] = defaultdict(list)
    for sheet in sheets:
        groups[sheet.ruleset_id].append(sheet)
    for group in groups.values():
        totals = [sheet.total for sheet in group]
        for sheet, rank, grade in zip(
            group, scoring.ranks(totals), scoring.grades(totals, quota), strict=True
        ):
            sheet.rank, sheet.grade = rank, grade


def _appeals(rounds: list[AssessRound]) -> int:
    """In the latest published round, two organizations near the bottom appeal: one decided
    (rejected after review), one still pending."""
    if not rounds:
        return 0
    latest = max(rounds, key=lambda r: r.period_end)
    sheets = list(
        ScoreSheet.objects.unscoped(SYSTEM)
        .filter(round=latest)
        .order_by("-rank", "pk")
        .select_related("org")[:2]
    )
    rows = []
    for number, sheet in enumerate(sheets):
        decided = number == 0
        rows.append(
            Appeal(
                sheet=sheet,
                text=f"{sheet.org.name}对考核得分有异议：部分工作已按要求完成，佐证材料已补充，请求复核。",
                status=Appeal.Status.REJECTED if decided else Appeal.Status.PENDING,
                decision="经复核，扣分依据充分，维持原考核结果。" if decided else "",
                decided_at=timezone.now() if decided else None,
            )
        )
    Appeal.objects.bulk_create(rows)
    return len(rows)


def delete(prefix: str) -> None:
    """Remove this part's rows under the org path `prefix`."""
    rounds = AssessRound.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix)
    Appeal.objects.unscoped(SYSTEM).filter(sheet__round__in=rounds).delete()
    ScoreChange.objects.unscoped(SYSTEM).filter(score__sheet__round__in=rounds).delete()
    Score.objects.unscoped(SYSTEM).filter(sheet__round__in=rounds).delete()
    ScoreSheet.objects.unscoped(SYSTEM).filter(round__in=rounds).delete()
    RoundFillJob.objects.unscoped(SYSTEM).filter(round__in=rounds).delete()
    rounds.delete()
