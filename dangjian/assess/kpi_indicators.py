"""The kpi part's indicator (lib.indicators): department KPI attainment (业绩评价指标)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.assess.kpi_selectors import subtree_attainment
from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orgs.models import Organization


def kpi_attainment(org: Organization, period: Period) -> Measure:
    found = subtree_attainment(org, period)
    text = _(
        "%(achieved)s of %(expected)s performance indicators met their target in the period."
    ) % {"achieved": found.met, "expected": found.measured}
    return Measure(found.met, found.measured, text)


INDICATORS = (
    Indicator(
        "assess.kpi_attainment",
        gettext_lazy("Performance indicators met (业绩评价指标)"),
        gettext_lazy(
            "The performance indicators of the organization's units with a value for a period "
            "inside the period (a month's, a quarter's or the year's); the latest such value "
            "of each is compared with its target, in the indicator's direction."
        ),
        kpi_attainment,
    ),
)
