"""The arithmetic of 党员百时奉献: a record's hours, and the pace through a year (how many
hours a member is expected to have by a day). Pure functions, tested by hand."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from dangjian.honors import rules_service as rules

TWO_PLACES = Decimal("0.01")


def hours_between(start: datetime.time, end: datetime.time) -> Decimal:
    """(end − start) in whole minutes / 60, two decimals; 0 when end is not after start."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (Decimal(max(minutes, 0)) / 60).quantize(TWO_PLACES, ROUND_HALF_UP)


def days_in_year(year: int) -> int:
    return (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days


def expected_hours(year: int, on: datetime.date, target: Decimal = rules.TARGET_HOURS) -> Decimal:
    """Hours due by the end of `on` for `year`: target × elapsed days / days in the year —
    the whole target for a past year, nothing for a year not begun."""
    if on.year > year:
        return target
    if on.year < year:
        return Decimal(0)
    elapsed = (on - datetime.date(year, 1, 1)).days + 1
    return (target * elapsed / days_in_year(year)).quantize(TWO_PLACES, ROUND_HALF_UP)


def on_pace(verified: Decimal, year: int, on: datetime.date) -> bool:
    return verified >= expected_hours(year, on)


def percent(hours: Decimal, target: Decimal = rules.TARGET_HOURS) -> int:
    """The progress bar's width: 0–100."""
    if not target:
        return 100
    return int(min(Decimal(100), hours * 100 / target))
