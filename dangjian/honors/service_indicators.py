"""Indicators of the service part (lib.indicators), collected by honors/indicators.py:
`honors.service_hours` — 党员百时奉献 attainment at the year's pace."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.honors import rules_service as rules
from dangjian.honors import service_pace as pace
from dangjian.honors.service_selectors import ZERO, verified_by_person
from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orgs.models import Organization, Person


def service_hours(org: Organization, period: Period) -> Measure:
    """The subtree's active full and probationary members (with an account or not) and how
    many had, by the period's end, verified hours of that year at least the target × the
    share of the year elapsed."""
    year = period.end.year
    due = pace.expected_hours(year, period.end)
    members = list(
        Person.objects.unscoped("an indicator counts the subtree the caller scoped")
        .filter(
            primary_org__path__startswith=org.path,
            is_active=True,
            party_status__in=rules.MEMBER_STATUSES,
        )
        .values_list("pk", flat=True)
    )
    hours = verified_by_person(org.path, datetime.date(year, 1, 1), period.end)
    achieved = sum(1 for pk in members if hours.get(pk, ZERO) >= due)
    text = _(
        "%(achieved)s of %(expected)s Party members had %(due)s verified service hours by "
        "%(date)s (the year's pace to %(target)s hours)"
    ) % {
        "achieved": achieved,
        "expected": len(members),
        "due": due,
        "date": period.end.isoformat(),
        "target": rules.TARGET_HOURS,
    }
    return Measure(achieved, len(members), text)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "honors.service_hours",
        gettext_lazy("Service hours at the year's pace (党员百时奉献)"),
        gettext_lazy(
            "The active full and probationary Party members of the organization's subtree, and "
            "how many had verified service hours in the year up to the period's end of at least "
            "100 hours × the share of the year elapsed by then."
        ),
        service_hours,
    ),
)
