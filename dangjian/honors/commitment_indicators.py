"""Indicators of the commitment part (lib.indicators), collected by honors/indicators.py:
commitments kept (践诺评议)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.honors.commitment_selectors import subtree_kept
from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orgs.models import Organization


def commitments_kept(org: Organization, period: Period) -> Measure:
    """Counted in halves, so that the Measure stays whole numbers: a kept commitment is 2, a
    partly kept one 1, a commitment not kept 0, out of 2 per commitment evaluated."""
    found = subtree_kept(org, period.start.year, period.end)
    text = _(
        "%(kept)s of %(evaluated)s evaluated commitments were kept and %(partly)s partly kept "
        "(counted as half)."
    ) % {"kept": found.kept, "evaluated": found.evaluated, "partly": found.partly}
    return Measure(2 * found.kept + found.partly, 2 * found.evaluated, text)


INDICATORS = (
    Indicator(
        "honors.commitments_kept",
        gettext_lazy("Commitments kept (践诺评议)"),
        gettext_lazy(
            "The published commitments of the period's year held in the organization's subtree "
            "and evaluated by the period's end: a kept one counts in full, a partly kept one as "
            "half, one not kept as nothing."
        ),
        commitments_kept,
    ),
)
