"""The background job's body of a round (round_tasks.fill_round): fill the automatic items of
every open sheet from the registered indicators (lib.indicators), and the sheet total's lines
(shared with the scoring service)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dangjian.assess import round_scoring as scoring
from dangjian.assess import rules_round as rules
from dangjian.assess.models import RoundFillJob, RuleItem, Score, ScoreSheet
from dangjian.lib.indicators import Period, indicator

FILL_UNEXPECTED = _("Filling the automatic items failed unexpectedly. Please try again.")
UNKNOWN_INDICATOR = _("The indicator %(code)s is not available: score this item by hand.")


def _items_by_ruleset(ruleset_ids) -> dict[int, list[RuleItem]]:
    items: dict[int, list[RuleItem]] = defaultdict(list)
    rows = RuleItem.objects.unscoped("the items of a round's rule sets").filter(
        ruleset_id__in=ruleset_ids
    )
    for item in rows.order_by("position", "pk"):
        items[item.ruleset_id].append(item)
    return items


def lines_of(items: list[RuleItem], points: dict[int, Decimal | None]) -> list[scoring.Line]:
    parents = {item.parent_id for item in items if item.parent_id}
    return [
        scoring.Line(item.kind, item.pk in parents, item.max_points, points.get(item.pk))
        for item in items
    ]


def fill_sheet(sheet: ScoreSheet, items: list[RuleItem], period: Period) -> Decimal:
    """Compute the automatic items of one sheet; an automatic score an inspector adjusted
    (a reason given) keeps its points, its computed points and explanation are refreshed."""
    existing = {
        score.item_id: score
        for score in Score.objects.unscoped("the sheet being filled").filter(sheet=sheet)
    }
    new, changed = [], []
    for item in items:
        score = existing.get(item.pk)
        if score is None:
            score = Score(sheet=sheet, item=item)
            existing[item.pk] = score
            new.append(score)
        if item.scoring != RuleItem.Scoring.AUTO or item.kind != RuleItem.Kind.INDICATOR:
            continue
        try:
            source = indicator(item.auto_indicator)
        except LookupError:
            score.auto_points = None
            score.explanation = gettext_now(UNKNOWN_INDICATOR) % {"code": item.auto_indicator}
        else:
            found = scoring.auto_points(
                source.measure(sheet.org, period), item.max_points, source.higher_is_better
            )
            score.auto_points, score.explanation = found.points, found.explanation
            if not score.reason:
                score.points = found.points
        if score.pk:
            changed.append(score)
    Score.objects.bulk_create(new)
    if changed:
        Score.objects.unscoped("the sheet being filled").bulk_update(
            changed, ["auto_points", "explanation", "points"]
        )
    points = {item_id: score.points for item_id, score in existing.items()}
    total = scoring.total(lines_of(items, points))
    ScoreSheet.objects.unscoped("the sheet being filled").filter(pk=sheet.pk).update(total=total)
    return total


def fill_run(job: RoundFillJob) -> int:
    """Fill every open sheet of the job's round (submitted and approved sheets stay as
    approved); progress is reported as it goes. Returns the number of sheets filled."""
    job.mark_running()
    round_ = job.round
    period = Period(round_.period_start, round_.period_end)
    sheets = list(
        ScoreSheet.objects.unscoped("a job fills the sheets of its round")
        .filter(round=round_, status__in=(ScoreSheet.Status.OPEN, ScoreSheet.Status.RETURNED))
        .select_related("org")
        .order_by("org__path")
    )
    items = _items_by_ruleset({sheet.ruleset_id for sheet in sheets})
    job.report_progress(0, len(sheets))
    for done, sheet in enumerate(sheets, start=1):
        with transaction.atomic():
            fill_sheet(sheet, items[sheet.ruleset_id], period)
        if done % rules.FILL_PROGRESS_EVERY == 0 or done == len(sheets):
            job.report_progress(done, len(sheets))
    job.mark_done()
    return len(sheets)
