"""Calendar months as their first day: month arithmetic and the "YYYY-MM" that pages and the
API read — one place for what dues, meetings, monthly targets and evaluations all need."""

from __future__ import annotations

import datetime
import re

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after `month`'s (before, if negative)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def parse_month(text: str | None, *, years: tuple[int, int]) -> datetime.date | None:
    """ "2026-11" → 2026-11-01; None for anything else and for a year outside `years` (both
    ends included: the caller's range keeps month arithmetic inside the date type)."""
    found = _MONTH.match((text or "").strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (years[0] <= year <= years[1] and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)
