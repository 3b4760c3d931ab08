"""Indicators (自动计分指标) that each system computes from its own records, for assessment
and dashboards — without the kernel or assessment importing any feature app.

An app names a module in its AppConfig (`indicators = "dangjian.<app>.indicators"`); that
module lists `INDICATORS`. Each indicator measures one organization's subtree over one period
and says how the number came about ("12 of 14 required meetings held"); turning the share into
points is the rule set's business (assessment).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included (a month, a quarter, a year)."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(cls.month(year, first).start, cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def months(self) -> Iterator[datetime.date]:
        """The first day of each month the period touches."""
        month = self.start.replace(day=1)
        while month <= self.end:
            yield month
            month = (month + datetime.timedelta(days=32)).replace(day=1)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}–{self.end.isoformat()}"


@dataclass(frozen=True)
class Measure:
    """What an indicator found: `achieved` of `expected`, and the sentence that says so."""

    achieved: int
    expected: int
    explanation: str

    @property
    def ratio(self) -> float | None:
        """achieved / expected; None where nothing was expected (the rule set decides what
        that scores)."""
        return self.achieved / self.expected if self.expected else None


@dataclass(frozen=True)
class Indicator:
    code: str  # "<app>.<name>", stable: rule sets refer to it
    name: str
    # How the number is counted, in one or two sentences (shown next to the score).
    rule: str
    measure: Callable[..., Measure]  # (org, period) -> Measure; org already scoped by the caller
    # False for a count of bad things (overdue items): fewer is better.
    higher_is_better: bool = True


@cache
def _registered() -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for config in apps.get_app_configs():
        dotted = getattr(config, "indicators", "")
        if not dotted:
            continue
        for indicator in import_module(dotted).INDICATORS:
            if indicator.code in found:
                raise ValueError(f"indicator {indicator.code} is registered twice")
            found[indicator.code] = indicator
    return found


def registered() -> dict[str, Indicator]:
    """Every app's indicators by code."""
    return dict(_registered())


def indicator(code: str) -> Indicator:
    try:
        return _registered()[code]
    except KeyError:
        raise LookupError(f"no indicator {code!r} is registered") from None
