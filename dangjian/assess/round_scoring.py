"""Points from measures, sheet totals, ranks and grades — pure functions of their inputs (no
database), so each rule is tested on its own.

- An automatic item: `max × achieved/expected` where more is better, `max × (1 − achieved /
  expected)` clamped at 0 where the indicator counts bad things (overdue items); nothing
  expected → full points (rules_round.NOTHING_DUE_SCORES_FULL). Rounded to 0.1, half up.
- A total: the leaf indicators' points (a 一级 without children is a leaf; a 一级 with
  children is the sum of its children and is not counted again), plus the bonus items
  (together at most their caps), minus the deduction items (at most their caps), floor 0.
- Ranks per category: by total, highest first; equal totals share a rank (1, 2, 2, 4).
- Grades: thresholds (rules_round.GRADE_THRESHOLDS); at most floor(n × quota %) sheets of a
  category are 优秀 — rounded DOWN (see rules_round): at 20 % a
  category of fewer than 5 organizations has no 优秀 at all. A tie at the quota line is
  decided for neither side alone: if the whole group of equal totals does not fit in the
  quota, none of them is 优秀 (they get 良好) — the quota is a ceiling ("优秀 ≤ 20 %"),
  and equal totals get equal grades.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dangjian.assess import rules_round as rules
from dangjian.lib.indicators import Measure

ZERO = Decimal(0)


def rounded(value: Decimal | float) -> Decimal:
    """To one decimal place, half up (rules_round.POINTS_STEP)."""
    return Decimal(str(value)).quantize(rules.POINTS_STEP, rounding=ROUND_HALF_UP)


def number(value: Decimal | int | float | None) -> str:
    """10.00 → "10", 8.60 → "8.6" (points as people write them)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(rules.POINTS_STEP, rounding=ROUND_HALF_UP):f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class AutoPoints:
    points: Decimal
    explanation: str


def auto_points(measure: Measure, max_points: Decimal, higher_is_better: bool) -> AutoPoints:
    """The points of an automatic item, and the sentence shown: the indicator's own
    explanation, then ": 8.6 of 10"."""
    max_points = Decimal(max_points)
    ratio = measure.ratio
    if ratio is None:
        points = max_points if rules.NOTHING_DUE_SCORES_FULL else ZERO
        said = measure.explanation.rstrip(" .。")
        head = _("%(explanation)s — nothing was due: full points") % {"explanation": said}
    else:
        share = Decimal(measure.achieved) / Decimal(measure.expected)
        if not higher_is_better:
            share = Decimal(1) - share
        points = max(ZERO, min(max_points, max_points * share))
        head = measure.explanation.rstrip(" .。")
    # Clamped after rounding: a max of 19.95 must not become 20.0.
    points = min(max_points, rounded(points))
    text = _("%(explanation)s: %(points)s of %(max)s") % {
        "explanation": head,
        "points": number(points),
        "max": number(max_points),
    }
    return AutoPoints(points, text)


@dataclass(frozen=True)
class Line:
    """One rule item's share of a total: its kind, whether it has children, its cap and the
    points entered (None = not scored yet, counts as 0)."""

    kind: str
    has_children: bool
    max_points: Decimal
    points: Decimal | None


def total(lines: Iterable[Line]) -> Decimal:
    indicators = bonus = deduction = ZERO
    bonus_cap = deduction_cap = ZERO
    for line in lines:
        points = Decimal(line.points or 0)
        if line.kind == "bonus":
            bonus += points
            bonus_cap += Decimal(line.max_points)
        elif line.kind == "deduction":
            deduction += points
            deduction_cap += Decimal(line.max_points)
        elif not line.has_children:
            indicators += points
    result = indicators + min(bonus, bonus_cap) - min(deduction, deduction_cap)
    return rounded(max(ZERO, result))


def ranks(totals: Sequence[Decimal]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of `totals`, in the order given."""
    ordered = sorted(totals, reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[value] for value in totals]


def grade_of(value: Decimal) -> str:
    for grade, threshold in rules.GRADE_THRESHOLDS:
        if value >= threshold:
            return grade
    return rules.GRADE_BELOW_ALL


def grades(totals: Sequence[Decimal], quota_percent: int) -> list[str]:
    """The grade of each total (one category), the 优秀 quota applied (see the module text)."""
    quota = len(totals) * quota_percent // 100  # rounded down: 4 sheets at 20 % → 0
    rank_of = ranks(totals)
    ties: dict[Decimal, int] = {}
    for value in totals:
        ties[value] = ties.get(value, 0) + 1
    result = []
    for value, rank in zip(totals, rank_of, strict=True):
        grade = grade_of(value)
        if grade == "excellent" and rank + ties[value] - 1 > quota:
            grade = rules.GRADE_OVER_QUOTA
        result.append(grade)
    return result
