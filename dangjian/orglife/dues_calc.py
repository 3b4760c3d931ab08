"""党费 arithmetic, in integer fen: the monthly due from a declared base, and month helpers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dangjian.lib import months
from dangjian.lib.months import add_months as add_months  # re-exported: dues and meetings use it
from dangjian.lib.months import month_end as month_end
from dangjian.orglife import rules_dues as rules
from dangjian.orgs import rules as org_rules


def tier_rate(category: str, income_fen: int) -> int:
    """The rate (‱) of the band holding `income_fen`; each band includes its upper bound."""
    tiers = rules.EMPLOYED_TIERS if category == "employed" else rules.RETIRED_TIERS
    for upper, rate in tiers:
        if upper is None or income_fen <= upper:
            return rate
    raise AssertionError("the last tier has no upper bound")


def due_fen(category: str, income_fen: int = 0, fixed_fen: int | None = None) -> int:
    """The month's dues in fen.

    Employed and retired members: base × rate, rounded half up to the fen (integer
    arithmetic: adding half the denominator before the floor division rounds x.5 fen up and
    never meets a float). Farmers: the amount set for them (default 1 yuan); students,
    unemployed members and those on relief: 0.2 yuan.
    """
    if category in ("employed", "retired"):
        product = income_fen * tier_rate(category, income_fen)
        return (product + rules.RATE_DENOMINATOR // 2) // rules.RATE_DENOMINATOR
    if category == "farmer":
        return rules.FARMER_DEFAULT_FEN if fixed_fen is None else fixed_fen
    return rules.FIXED_FEN[category]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """Whole months from `first`'s month to `last`'s month (0: the same month)."""
    return (last.year - first.year) * 12 + last.month - first.month


def parse_month(text: str | None) -> datetime.date | None:
    """ "2026-03" → 1 March 2026; None for anything else, and for a year outside the dates a
    record may hold (orgs.rules.DATE_MIN to next year): month arithmetic on 9999-12 would
    overflow the date type."""
    years = (org_rules.DATE_MIN.year, timezone.localdate().year + 1)
    return months.parse_month(text, years=years)


def yuan(fen: int | None) -> str:
    """12345 → "123.45" (display only)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"
