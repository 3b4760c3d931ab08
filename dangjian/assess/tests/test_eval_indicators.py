"""assess.public_satisfaction against a hand count: 满意率 = (满意 + 基本满意) / 总数 over the
subtree's units and the period's months."""

from __future__ import annotations

import datetime

from django.utils import translation

from dangjian.assess.tests import fixtures_eval as fx
from dangjian.lib.indicators import Period, indicator, registered


def test_public_satisfaction_matches_a_hand_count(county):
    march, april, may = (datetime.date(2026, m, 1) for m in (3, 4, 5))
    # Township A (in its subtree: itself and village A1), March and April.
    for overall, n in (("satisfied", 30), ("basic", 16), ("dissatisfied", 4)):
        for i in range(n):
            org = county.village_a1 if i % 3 == 0 else county.township_a
            fx.evaluation(county, org, overall=overall, period=march if i % 2 else april)
    # Outside the count: township B, and township A in May.
    fx.evaluation(county, county.township_b, overall="dissatisfied", period=march)
    fx.evaluation(county, county.township_a, overall="dissatisfied", period=may)

    found = indicator("assess.public_satisfaction")
    assert "assess.public_satisfaction" in registered() and found.higher_is_better
    # By hand: odd i → March, even → April. March: 15 satisfied + 8 basic of 25; April the
    # same; so March–April: 30 + 16 = 46 of 50.
    with translation.override("en"):
        measure = found.measure(county.township_a, Period(march, datetime.date(2026, 4, 30)))
    assert (measure.achieved, measure.expected) == (46, 50)
    assert measure.explanation == "46 of 50 evaluations were satisfied or basically satisfied."
    # The second quarter: April's 23 of 25, and May's one dissatisfied: 23 of 26.
    quarter = found.measure(county.township_a, Period.quarter(2026, 2))
    assert (quarter.achieved, quarter.expected) == (23, 26)
    # The county in March: township A's 23 of 25 and township B's 0 of 1.
    county_march = found.measure(county.root, Period.month(2026, 3))
    assert (county_march.achieved, county_march.expected) == (23, 26)
    # Nothing to count: 0 of 0 (the rule set decides what that scores).
    empty = found.measure(county.township_b, Period.month(2026, 4))
    assert (empty.achieved, empty.expected, empty.ratio) == (0, 0, None)
