"""Demo rows of the star part (called by honors.demo, after assessment's demo has written its
rounds): the county's star ratings of last year from the published results (published, on the
plaque list), and of this year too in December (from this year's published quarterly rounds,
not yet published). Computed as the rating run does (star_compute.rate, the default criteria),
from results read in one query; the vetoes read the real indicators per organization (the
records of work's demo: rectifications, items), as the run does (star_measure: a subtree
found empty is not asked again, so last year, without records, costs one measure per veto).
A few organizations carry an earlier run of last year as history (a re-rating after an
appeal). bulk_create, no services.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db.models import Q

from dangjian.assess.result_selectors import YEAR, YearResult, year_results
from dangjian.honors import star_compute as compute
from dangjian.honors import star_criteria as criteria_rules
from dangjian.honors import star_selectors as selectors
from dangjian.honors.models import StarCriteria, StarRating, StarRunJob
from dangjian.honors.star_measure import Measurer
from dangjian.lib.indicators import Measure, registered
from dangjian.orgs.models import Organization

SYSTEM = "demo build (system command)"
BATCH = 2000
# Share of last year's rated organizations with an earlier run kept as history.
HISTORY_SHARE = 0.03


def _ratings(root: Organization, year: int, *, published: bool) -> list[StarRating]:
    results = year_results(root, year)
    if not results:
        return []
    criteria = criteria_rules.in_force(root, year)
    known = registered()
    vetoes = [veto for veto in criteria.vetoes if veto["indicator"] in known]
    measurer = Measurer(root, year)
    rows = []
    for org in selectors.grassroots_below(root, set(results)):
        result = results.get(org.pk)
        stars, reasons = compute.rate(
            result, year, criteria.thresholds, vetoes, measurer.for_org(org)
        )
        rows.append(
            StarRating(
                org=org,
                issuer=root,
                year=year,
                stars=stars,
                score=None if result is None else result.score,
                grade="" if result is None else result.grade,
                reasons=reasons,
                published=published,
            )
        )
    return rows


def _history(rows: list[StarRating], year: int, rng: random.Random) -> list[StarRating]:
    """An earlier run for a few rated organizations: their score half a point below the line
    they reached, before an appeal (申诉) raised it — rated by the same rules."""
    criteria = criteria_rules.in_force(rows[0].issuer, year) if rows else None
    candidates = [
        row
        for row in rows
        if len(row.reasons) == 1 and row.stars > 1 and row.reasons[0]["min_score"] is not None
    ]
    earlier = []
    for row in rng.sample(candidates, k=int(len(candidates) * HISTORY_SHARE)):
        score = Decimal(row.reasons[0]["min_score"]) - Decimal("0.5")
        result = YearResult(row.org_id, score, row.grade, YEAR, 1, row.reasons[0]["round"])
        stars, reasons = compute.rate(result, year, criteria.thresholds, [], _no_measure)
        earlier.append(
            StarRating(
                org=row.org,
                issuer=row.issuer,
                year=year,
                stars=stars,
                score=score,
                grade=row.grade,
                reasons=reasons,
                current=False,
                published=True,
            )
        )
    return earlier


def _no_measure(code: str) -> Measure:  # pragma: no cover - no vetoes are passed
    return Measure(0, 0, "")


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """This part's rows for the year so far; returns its piece of the summary line."""
    last = _ratings(root, today.year - 1, published=True)
    current = _ratings(root, today.year, published=False) if today.month == 12 else []
    earlier = _history(last, today.year - 1, rng)
    # History first: a run's rows are older than the run that replaced them.
    StarRating.objects.bulk_create(earlier, batch_size=BATCH)
    StarRating.objects.bulk_create(last + current, batch_size=BATCH)
    if not last and not current:
        return ""
    stars = sum(1 for row in last if row.stars >= 4)
    text = f"star ratings {today.year - 1}: {len(last)} ({stars} with 4–5 stars)"
    if current:
        text += f", {today.year}: {len(current)} (not published)"
    return text


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    StarRating.objects.unscoped(SYSTEM).filter(
        Q(org__path__startswith=prefix) | Q(issuer__path__startswith=prefix)
    ).delete()
    StarCriteria.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    StarRunJob.objects.unscoped(SYSTEM).filter(issuer__path__startswith=prefix).delete()
