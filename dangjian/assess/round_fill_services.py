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
from dangjian.assess.models import RoundFillJob, RuleItem, Score, ScoreChange, ScoreSheet
from dangjian.lib.indicators import Period, indicator
from dangjian.orgs.models import User
from dangjian.orgs.service_base import audit_record

FILL_UNEXPECTED = _("Filling the automatic items failed unexpectedly. Please try again.")
COMPUTED_REASON = _("computed from records")
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


def _refill(score: Score) -> bool:
    """Whether the job may write the computed points: the score is empty, or still the
    previous computed value untouched by an inspector (no entered_by, no reason)."""
    if score.points is None:
        return True
    untouched = score.entered_by_id is None and not score.reason
    return untouched and score.points == score.auto_points


def fill_sheet(
    sheet: ScoreSheet,
    items: list[RuleItem],
    period: Period,
    *,
    actor: User | None = None,
    job: RoundFillJob | None = None,
) -> Decimal | None:
    """Compute the automatic items of one sheet, its row locked and its status and scores
    re-read under the lock (an inspector may have submitted it since the job started:
    then it is skipped, None). A score an inspector set (entered_by or a reason) keeps its
    points; its computed points and explanation are refreshed. Every changed points gets a
    ScoreChange (by the job's requester, "computed from records"); one audit entry per
    sheet."""
    sheet = (
        ScoreSheet.objects.unscoped("the sheet being filled")
        .select_for_update(of=("self",))
        .select_related("org")
        .get(pk=sheet.pk)
    )
    if sheet.status not in (ScoreSheet.Status.OPEN, ScoreSheet.Status.RETURNED):
        return None
    existing = {
        score.item_id: score
        for score in Score.objects.unscoped("the sheet being filled").filter(sheet=sheet)
    }
    new, changed, history = [], [], []
    reason = gettext_now(COMPUTED_REASON)
    for item in items:
        score = existing.get(item.pk)
        if score is None:
            score = Score(sheet=sheet, item=item)
            existing[item.pk] = score
            new.append(score)
        if item.scoring != RuleItem.Scoring.AUTO or item.kind != RuleItem.Kind.INDICATOR:
            continue
        old = score.points
        try:
            source = indicator(item.auto_indicator)
        except LookupError:
            refill = False
            score.auto_points = None
            score.explanation = gettext_now(UNKNOWN_INDICATOR) % {"code": item.auto_indicator}
        else:
            found = scoring.auto_points(
                source.measure(sheet.org, period), item.max_points, source.higher_is_better
            )
            refill = _refill(score)
            score.auto_points, score.explanation = found.points, found.explanation
            if refill:
                score.points = found.points
        if refill and score.points != old:
            history.append((score, old))
        if score.pk:
            changed.append(score)
    Score.objects.bulk_create(new)
    if changed:
        Score.objects.unscoped("the sheet being filled").bulk_update(
            changed, ["auto_points", "explanation", "points"]
        )
    ScoreChange.objects.bulk_create(
        ScoreChange(
            score=score, old_points=old, new_points=score.points, reason=reason, changed_by=actor
        )
        for score, old in history
    )
    points = {item_id: score.points for item_id, score in existing.items()}
    total = scoring.total(lines_of(items, points))
    ScoreSheet.objects.unscoped("the sheet being filled").filter(pk=sheet.pk).update(total=total)
    audit_record(
        actor=actor,
        action="assess.sheet.fill",
        target=sheet,
        job=job.pk if job else None,
        changed=len(history),
        total=str(total),
    )
    return total


def fill_run(job: RoundFillJob) -> int:
    """Fill every open sheet of the job's round (submitted and approved sheets stay as
    approved; a sheet submitted while the job runs is skipped under its lock); progress is
    reported as it goes. Returns the number of sheets filled."""
    job.mark_running()
    round_ = job.round
    period = Period(round_.period_start, round_.period_end)
    sheets = list(
        ScoreSheet.objects.unscoped("a job fills the sheets of its round")
        .filter(round=round_, status__in=(ScoreSheet.Status.OPEN, ScoreSheet.Status.RETURNED))
        .only("pk", "ruleset_id")
        .order_by("org__path")
    )
    items = _items_by_ruleset({sheet.ruleset_id for sheet in sheets})
    actor = job.requested_by
    job.report_progress(0, len(sheets))
    filled = 0
    for done, sheet in enumerate(sheets, start=1):
        with transaction.atomic():
            if fill_sheet(sheet, items[sheet.ruleset_id], period, actor=actor, job=job):
                filled += 1
        if done % rules.FILL_PROGRESS_EVERY == 0 or done == len(sheets):
            job.report_progress(done, len(sheets))
    job.mark_done()
    return filled
