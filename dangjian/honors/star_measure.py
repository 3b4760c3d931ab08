"""The vetoes' measures for a rating run: each organization's year on a veto's indicator,
read through the registered indicators (lib.indicators) — and not asked where the answer is
already known.

Indicators measure an organization's subtree (lib.indicators): a subtree in which an
indicator expected nothing and found nothing holds nothing in any part of it either. So the
issuer's own subtree is measured first, and an organization lying in a subtree found empty is
not measured again (a county without a single rectification in a year costs one query, not
one per organization). Organizations are asked in path order, a parent before its children.
"""

from __future__ import annotations

from collections.abc import Callable

from dangjian.lib.indicators import Measure, Period, indicator
from dangjian.orgs.models import Organization

NOTHING = Measure(0, 0, "")


def _paths_above(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/"][1:]


class Measurer:
    """Measures of one run (an issuer's year), shared by its organizations."""

    def __init__(self, issuer: Organization, year: int) -> None:
        self.issuer = issuer
        self.period = Period.year(year)
        self.empty: dict[str, set[str]] = {}  # code → paths of subtrees found empty
        self.asked = 0  # how many measures were really taken (tests and timing)

    def _take(self, code: str, org: Organization) -> Measure:
        empty = self.empty.setdefault(code, set())
        if any(path in empty for path in _paths_above(org.path)):
            return NOTHING
        self.asked += 1
        found = indicator(code).measure(org, self.period)
        if found.achieved == 0 and found.expected == 0:
            empty.add(org.path)
        return found

    def for_org(self, org: Organization) -> Callable[[str], Measure]:
        """`measure(code)` for star_compute.rate, each code measured at most once."""
        taken: dict[str, Measure] = {}

        def measure(code: str) -> Measure:
            if code not in taken:
                if code not in self.empty:
                    self._take(code, self.issuer)
                taken[code] = self._take(code, org)
            return taken[code]

        return measure
