"""An organization's published assessment result of a year, for readers outside assessment
(honors' star ratings, 评星挂牌), in one query for a whole subtree.

Which number stands for an organization's year (`year_results`):
1. the total of its sheet in the latest published yearly round (年度考核) of the year;
2. else the mean of its sheets' totals in the year's published monthly rounds;
3. else, without monthly rounds, the mean of its published quarterly rounds of the year
   (monthly and quarterly rounds cover the same months: they are never mixed);
4. else nothing: the organization has no result (it is absent from the answer).
Only rounds issued by the reader's issuer or an organization above it count (a township's
stars read the county's rounds and its own), and only published ones: a result still being
scored or approved is nobody's yet. A mean is rounded to one decimal, half up, like points.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dangjian.assess import round_scoring as scoring
from dangjian.assess.models import AssessRound, ScoreSheet
from dangjian.orgs.models import Organization

YEAR = "year"
MONTHS = "months"
QUARTERS = "quarters"


@dataclass(frozen=True)
class YearResult:
    org_id: int
    score: Decimal  # one decimal
    # The yearly round's grade (its 优秀 quota applied); for a mean, the grade the mean would
    # get by the grade lines alone (no quota: a mean is not ranked).
    grade: str
    source: str  # YEAR | MONTHS | QUARTERS
    rounds: int  # how many rounds the number comes from
    round_name: str  # the yearly round's name; "" for a mean


def _paths_above(org: Organization) -> list[str]:
    """The paths of `org` and of every organization above it ("/1/", "/1/7/", …)."""
    return [org.path[: i + 1] for i, ch in enumerate(org.path) if ch == "/"][1:]


def year_results(
    issuer: Organization, year: int, org_ids: Iterable[int] | None = None
) -> dict[int, YearResult]:
    """{org id: its result of `year`} for the organizations below `issuer` (or only
    `org_ids`) that have one — one query. The caller has checked its reach of `issuer`."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    sheets = (
        ScoreSheet.objects.unscoped("published results below an issuer its caller checked")
        .filter(
            round__status=AssessRound.Status.PUBLISHED,
            round__org__path__in=_paths_above(issuer),
            round__period_start__gte=start,
            round__period_end__lte=end,
            org__path__startswith=issuer.path,
        )
        .exclude(org=issuer)
    )
    if org_ids is not None:
        sheets = sheets.filter(org_id__in=list(org_ids))
    rows = sheets.order_by("round__published_at", "round_id").values_list(
        "org_id", "total", "grade", "round__period_kind", "round__name"
    )
    yearly: dict[int, tuple[Decimal, str, str]] = {}
    months: dict[int, list[Decimal]] = defaultdict(list)
    quarters: dict[int, list[Decimal]] = defaultdict(list)
    for org_id, total, grade, kind, name in rows:
        if kind == AssessRound.PeriodKind.YEAR:
            yearly[org_id] = (total, grade, name)  # ordered by publication: the latest stays
        elif kind == AssessRound.PeriodKind.MONTH:
            months[org_id].append(total)
        elif kind == AssessRound.PeriodKind.QUARTER:
            quarters[org_id].append(total)
    found: dict[int, YearResult] = {}
    for org_id in set(yearly) | set(months) | set(quarters):
        if org_id in yearly:
            total, grade, name = yearly[org_id]
            found[org_id] = YearResult(org_id, scoring.rounded(total), grade, YEAR, 1, name)
            continue
        source, totals = (
            (MONTHS, months[org_id]) if months[org_id] else (QUARTERS, quarters[org_id])
        )
        mean = scoring.rounded(sum(totals, Decimal(0)) / len(totals))
        found[org_id] = YearResult(org_id, mean, scoring.grade_of(mean), source, len(totals), "")
    return found
