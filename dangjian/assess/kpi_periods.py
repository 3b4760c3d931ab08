"""业绩评价指标: the periods of a KPI's values and whether a value met its target.

A value belongs to one period of the KPI's frequency and is stored by the period's first day
(`KpiValue.period_start`): 2026-03-01 for March, 2026-04-01 for the second quarter, 2026-01-01
for the year. The API and the .xlsx sheets write it as "2026-03", "2026-Q2" and "2026".
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from dangjian.lib.indicators import Period

MONTH, QUARTER, YEAR = "month", "quarter", "year"
HIGHER, LOWER = "higher", "lower"

_PATTERNS = {
    MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII),
    QUARTER: re.compile(r"^(\d{4})-[Qq]([1-4])$", re.ASCII),
    YEAR: re.compile(r"^(\d{4})$", re.ASCII),
}
# How each frequency is written, for the messages that ask for it.
FORMATS = {MONTH: "YYYY-MM", QUARTER: "YYYY-Qn", YEAR: "YYYY"}


def attained(direction: str, target: Decimal, value: Decimal) -> bool:
    """Whether `value` met `target`: at or above it where higher is better, at or below it
    where lower is better. Reaching the target exactly meets it."""
    if direction == LOWER:
        return value <= target
    return value >= target


def normalize(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the month, quarter or year that `day` lies in."""
    if frequency == YEAR:
        return datetime.date(day.year, 1, 1)
    if frequency == QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


def span(start: datetime.date, frequency: str) -> Period:
    """The whole period that begins on `start` (already normalized)."""
    if frequency == YEAR:
        return Period.year(start.year)
    if frequency == QUARTER:
        return Period.quarter(start.year, (start.month - 1) // 3 + 1)
    return Period.month(start.year, start.month)


def text(start: datetime.date, frequency: str) -> str:
    """ "2026-03", "2026-Q1" or "2026"."""
    if frequency == YEAR:
        return f"{start.year}"
    if frequency == QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


def parse(value: str, frequency: str) -> datetime.date | None:
    """The first day of the period written as `value` in `frequency`'s format; None when it
    is not written so (a month given for a quarterly KPI too)."""
    found = _PATTERNS[frequency].match((value or "").strip())
    if found is None:
        return None
    year = int(found.group(1))
    if year < 1:
        return None
    if frequency == YEAR:
        return datetime.date(year, 1, 1)
    if frequency == QUARTER:
        return datetime.date(year, 3 * (int(found.group(2)) - 1) + 1, 1)
    return datetime.date(year, int(found.group(2)), 1)


def recent(frequency: str, today: datetime.date, count: int) -> list[datetime.date]:
    """The `count` latest periods up to the one `today` lies in, latest first."""
    starts = []
    current = normalize(today, frequency)
    step = {MONTH: 1, QUARTER: 3, YEAR: 12}[frequency]
    for _ in range(count):
        starts.append(current)
        months = current.year * 12 + current.month - 1 - step
        if months < 12:
            break
        current = datetime.date(months // 12, months % 12 + 1, 1)
    return starts


def within(start: datetime.date, frequency: str, period: Period) -> bool:
    """Whether the value's whole period lies inside `period` (a month's and a quarter's
    values lie inside their year; a year's value inside no month)."""
    own = span(start, frequency)
    return period.start <= own.start and own.end <= period.end
