"""Organization life's indicators for assessment and dashboards (lib.indicators): meetings held
as required (三会一课), development steps on time (发展党员), dues paid on time (党费)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orglife import rules_meetings
from dangjian.orglife.development_selectors import development_timeliness
from dangjian.orglife.dues_selectors import dues_on_time
from dangjian.orglife.meeting_selectors import meeting_compliance, period_bounds
from dangjian.orgs.models import Organization


def meetings_held(org: Organization, period: Period) -> Measure:
    """Each required meeting of the period once: a quarterly kind is judged on its quarter
    (however many of the period's months fall in it), and held meetings count up to the
    number required."""
    required: dict[tuple, tuple[int, int]] = {}
    for month in period.months():
        for row in meeting_compliance(org, month):
            for cell in row.cells:
                if not cell.required:
                    continue
                rule_period = rules_meetings.RULES[cell.kind].period
                key = (row.org_id, cell.kind, period_bounds(month, rule_period)[0])
                required[key] = (cell.required, min(cell.held, cell.required))
    expected = sum(need for need, _held in required.values())
    achieved = sum(held for _need, held in required.values())
    text = _("%(achieved)s of %(expected)s required meetings were held.") % {
        "achieved": achieved,
        "expected": expected,
    }
    return Measure(achieved, expected, text)


def development_on_time(org: Organization, period: Period) -> Measure:
    on_time, total, _ratio = development_timeliness(org, period.start, period.end)
    text = _("%(achieved)s of %(expected)s timed development steps were done on time.") % {
        "achieved": on_time,
        "expected": total,
    }
    return Measure(on_time, total, text)


def dues_paid_on_time(org: Organization, period: Period) -> Measure:
    expected = achieved = 0
    for month in period.months():
        result = dues_on_time(org, month.year, month.month)
        expected += result.expected
        achieved += result.on_time
    text = _("%(achieved)s of %(expected)s monthly dues were paid within their month.") % {
        "achieved": achieved,
        "expected": expected,
    }
    return Measure(achieved, expected, text)


INDICATORS = (
    Indicator(
        "orglife.meeting_compliance",
        gettext_lazy("Meetings held as required (三会一课)"),
        gettext_lazy(
            "Every meeting the rules require of the branches, general branches and groups in "
            "the subtree during the period, each kind on its own month, quarter or year; held "
            "meetings count up to the number required."
        ),
        meetings_held,
    ),
    Indicator(
        "orglife.development_timeliness",
        gettext_lazy("Development steps on time (发展党员)"),
        gettext_lazy(
            "The development steps with a time limit (the talk within a month of the "
            "application, the half-yearly records) done in the period, and how many on time."
        ),
        development_on_time,
    ),
    Indicator(
        "orglife.dues_on_time",
        gettext_lazy("Dues paid on time (党费)"),
        gettext_lazy(
            "For each month of the period, the members with a dues base in force, and how "
            "many paid that month's dues within the month."
        ),
        dues_paid_on_time,
    ),
)
