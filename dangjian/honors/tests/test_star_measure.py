"""The run's measures (star_measure.Measurer): every organization gets the indicator's own
answer, and a subtree found empty is not asked again — counted here by hand."""

from __future__ import annotations

import datetime

import pytest

from dangjian.honors.star_measure import Measurer
from dangjian.honors.tests.fixtures_star import last_year
from dangjian.lib.indicators import Period, indicator

pytestmark = pytest.mark.django_db
RECT = "work.rectifications_on_time"
ITEMS = "work.items_overdue"


def test_empty_subtrees_are_not_asked_again_and_answers_match_the_indicator(county):
    """Village A1's rectification, overdue: the county, township A and village A1 hold it;
    township B is empty, so village B1 below it is not asked; the unit is asked (empty). No
    work item anywhere: the county's own measure answers for everyone."""
    from dangjian.work.tests.test_rect_selectors import _row

    year = last_year()
    _row(county, datetime.date(year, 6, 30), "open")
    measurer = Measurer(county.root, year)
    orgs = [county.township_a, county.village_a1, county.township_b, county.village_b1, county.unit]
    found = {org.pk: (measurer.for_org(org)(RECT), measurer.for_org(org)(ITEMS)) for org in orgs}
    assert measurer.asked == 5 + 1  # RECT: county, TA, A1, TB, unit; ITEMS: the county alone
    period = Period.year(year)
    for org in orgs:
        rect, items = found[org.pk]
        real = indicator(RECT).measure(org, period)
        assert (rect.achieved, rect.expected) == (real.achieved, real.expected), org.name
        real = indicator(ITEMS).measure(org, period)
        assert (items.achieved, items.expected) == (real.achieved, real.expected), org.name
    assert (found[county.village_a1.pk][0].achieved, found[county.village_a1.pk][0].expected) == (
        0,
        1,
    )
