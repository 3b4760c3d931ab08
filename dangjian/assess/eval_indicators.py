"""The eval part's indicator (lib.indicators): public satisfaction (群众评议满意率)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.assess.eval_selectors import subtree_counts
from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orgs.models import Organization


def public_satisfaction(org: Organization, period: Period) -> Measure:
    """满意率 = (满意 + 基本满意) / 总数 over the evaluations of the units in the subtree whose
    month lies in the period (rules_eval.SATISFIED_VALUES: our rule, the usual reading)."""
    months = list(period.months())
    counts = subtree_counts(org, months[0], months[-1])
    text = _("%(achieved)s of %(expected)s evaluations were satisfied or basically satisfied.") % {
        "achieved": counts.satisfied_or_basic,
        "expected": counts.count,
    }
    return Measure(counts.satisfied_or_basic, counts.count, text)


INDICATORS = (
    Indicator(
        "assess.public_satisfaction",
        gettext_lazy("Public satisfaction (群众评议满意率)"),
        gettext_lazy(
            "The evaluations by the people served of the units in the subtree for the months "
            "of the period, and how many were satisfied or basically satisfied "
            "(满意率 = (满意 + 基本满意) / 总数)."
        ),
        public_satisfaction,
    ),
)
