"""Work tracking's indicators for assessment and dashboards (lib.indicators): plan items done
on time and overdue (报账式推进), rectifications closed on time (整改台账), grassroots visit
coverage (下基层). Each reads the part's own selectors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orgs.models import Organization
from dangjian.work import tracking
from dangjian.work.progress_selectors import on_time_between, overdue_summary
from dangjian.work.rect_selectors import closed_on_time_between
from dangjian.work.visit_selectors import visit_counts


def items_on_time(org: Organization, period: Period) -> Measure:
    result = on_time_between(org, period.start, period.end)
    text = _("%(achieved)s of %(expected)s work items due in the period were done on time.") % {
        "achieved": result.on_time,
        "expected": result.due,
    }
    return Measure(result.on_time, result.due, text)


def items_overdue(org: Organization, period: Period) -> Measure:
    """Overdue on the period's last day, or today while the period runs — read from today's
    records (an item closed since counts as closed)."""
    as_of = min(period.end, tracking.local_today())
    summary = overdue_summary(org, today=as_of)
    due = on_time_between(org, period.start, period.end, today=as_of).due
    expected = max(due, summary.count)
    text = _(
        "%(achieved)s work items were overdue on %(date)s (%(days)s days in all); "
        "%(expected)s were due by then in the period."
    ) % {
        "achieved": summary.count,
        "date": as_of.isoformat(),
        "days": summary.total_days,
        "expected": expected,
    }
    return Measure(summary.count, expected, text)


def rectifications_on_time(org: Organization, period: Period) -> Measure:
    result = closed_on_time_between(org, period.start, period.end)
    text = _(
        "%(achieved)s of %(expected)s rectifications due in the period were closed on time."
    ) % {"achieved": result.on_time, "expected": result.counted}
    return Measure(result.on_time, result.counted, text)


def visits_covered(org: Organization, period: Period) -> Measure:
    visited = total = 0
    for month in period.months():
        month_visited, month_total = visit_counts(org, month)
        visited += month_visited
        total += month_total
    text = _("%(achieved)s of %(expected)s grassroots organization-months had a cadre's visit.") % {
        "achieved": visited,
        "expected": total,
    }
    return Measure(visited, total, text)


INDICATORS = (
    Indicator(
        "work.items_on_time",
        gettext_lazy("Work items done on time (报账式推进)"),
        gettext_lazy(
            "The items of published plans whose first deadline falls in the period and has "
            "passed, and how many were reported done by that first deadline (a moved "
            "deadline does not move the measure)."
        ),
        items_on_time,
    ),
    Indicator(
        "work.items_overdue",
        gettext_lazy("Work items overdue"),
        gettext_lazy(
            "The open items past their deadline on the period's last day (today while it "
            "runs), out of the items due in the period; fewer is better."
        ),
        items_overdue,
        higher_is_better=False,
    ),
    Indicator(
        "work.rectifications_on_time",
        gettext_lazy("Rectifications closed on time (整改台账)"),
        gettext_lazy(
            "The rectifications whose first deadline falls in the period and has passed, and "
            "how many were closed with their done report filed by that first deadline."
        ),
        rectifications_on_time,
    ),
    Indicator(
        "work.visit_coverage",
        gettext_lazy("Grassroots visit coverage (下基层)"),
        gettext_lazy(
            "For each month of the period, the grassroots organizations of the subtree, and "
            "how many had at least one visit recorded that month."
        ),
        visits_covered,
    ),
)
