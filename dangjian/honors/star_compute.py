"""How an organization's stars come about (评星): its year's assessment score against the
thresholds, then each veto in the criteria's order, tested on the veto's indicator measured
over the organization's subtree for the year. Each step leaves a reason (kept as data on the
rating, turned into words in the reader's language by `reason_text`).

- Stars by score: the most stars whose threshold the score reaches (score ≥ min_score); below
  every threshold, rules_star.FLOOR_STARS.
- A veto applies when its indicator's ratio (achieved / expected) is below its value
  ("ratio_below"; nothing expected → no ratio → it does not apply), or its count (achieved)
  is above its value ("count_above"). It caps the stars ("max_stars") or takes some away
  ("minus_stars", never below the floor). An applied veto is a reason even where it changes
  nothing (already at or below the cap).
- No published result: not rated (rules_star.NOT_RATED), the reason says so.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangjian.assess.result_selectors import MONTHS, QUARTERS, YEAR, YearResult
from dangjian.honors import rules_star as rules
from dangjian.lib.indicators import Measure

SCORE = "score"
VETO = "veto"
NO_RESULT = "no_result"


def stars_by_score(score: Decimal, thresholds: list[dict]) -> tuple[int, Decimal | None]:
    """(stars, the threshold reached or None below all of them)."""
    for row in sorted(thresholds, key=lambda row: -int(row["stars"])):
        line = Decimal(str(row["min_score"]))
        if score >= line:
            return int(row["stars"]), line
    return rules.FLOOR_STARS, None


def veto_applies(veto: dict, measure: Measure) -> bool:
    value = Decimal(str(veto["value"]))
    if veto["when"] == rules.WHEN_RATIO_BELOW:
        ratio = measure.ratio
        return ratio is not None and Decimal(str(ratio)) < value
    return Decimal(measure.achieved) > value


def apply_veto(stars: int, veto: dict) -> int:
    if veto["effect"] == rules.EFFECT_MAX:
        return min(stars, int(veto["stars"]))
    return max(rules.FLOOR_STARS, stars - int(veto["stars"]))


def rate(
    result: YearResult | None,
    year: int,
    thresholds: list[dict],
    vetoes: list[dict],
    measure: Callable[[str], Measure],
) -> tuple[int, list[dict]]:
    """(stars, reasons) of one organization; `measure(code)` measures the organization's year
    on the indicator `code` (called only for an organization with a result)."""
    if result is None:
        return rules.NOT_RATED, [{"kind": NO_RESULT, "year": year}]
    stars, line = stars_by_score(result.score, thresholds)
    reasons = [
        {
            "kind": SCORE,
            "score": f"{result.score:f}",
            "source": result.source,
            "rounds": result.rounds,
            "round": result.round_name,
            "stars": stars,
            "min_score": None if line is None else f"{line.normalize():f}",
        }
    ]
    for veto in vetoes:
        found = measure(veto["indicator"])
        if not veto_applies(veto, found):
            continue
        after = apply_veto(stars, veto)
        reasons.append(
            {
                "kind": VETO,
                "label": veto["label"],
                "indicator": veto["indicator"],
                "explanation": found.explanation,
                "effect": veto["effect"],
                "stars": int(veto["stars"]),
                "before": stars,
                "after": after,
            }
        )
        stars = after
    return stars, reasons


def _source_text(reason: dict) -> str:
    params = {"score": reason["score"], "rounds": reason["rounds"], "round": reason["round"]}
    if reason["source"] == YEAR:
        return _("Assessment score %(score)s (the yearly round “%(round)s”).") % params
    if reason["source"] == MONTHS:
        return (
            _("Assessment score %(score)s (the mean of %(rounds)s published monthly rounds).")
            % params
        )
    if reason["source"] == QUARTERS:
        return (
            _("Assessment score %(score)s (the mean of %(rounds)s published quarterly rounds).")
            % params
        )
    return _("Assessment score %(score)s.") % params


def reason_text(reason: dict) -> str:
    """One reason in words, in the reader's language."""
    kind = reason.get("kind")
    if kind == NO_RESULT:
        return _("No published assessment result in %(year)s: not rated.") % reason
    if kind == SCORE:
        if reason["min_score"] is None:
            line = ngettext(
                "Below every threshold: %(stars)s star.",
                "Below every threshold: %(stars)s stars.",
                reason["stars"],
            ) % {"stars": reason["stars"]}
        else:
            line = _("Reaches the %(stars)s-star threshold of %(min)s.") % {
                "stars": reason["stars"],
                "min": reason["min_score"],
            }
        return f"{_source_text(reason)} {line}"
    if kind == VETO:
        params = reason | {"n": reason["stars"]}
        if reason["effect"] == rules.EFFECT_MAX:
            effect = _("at most %(n)s stars (%(before)s → %(after)s)") % params
        else:
            effect = _("%(n)s fewer (%(before)s → %(after)s)") % params
        return _("%(label)s: %(explanation)s → %(effect)s") % {
            "label": reason["label"],
            "explanation": reason["explanation"],
            "effect": effect,
        }
    return ""
