"""The four default rule sets (data): each adds up to 100 with its 二级 items matching, uses
the registered indicators, and installs as a draft obeying the same rules.

assessment's own indicators (assess.public_satisfaction, assess.kpi_attainment) are written by
the eval and kpi parts; where they are not registered yet, the data may name them (tolerated
here for those two codes only), and an installed item naming one becomes manual, saying so.
"""

from __future__ import annotations

import pytest

from dangjian.assess import rules_ruleset as rules
from dangjian.assess import ruleset_defaults as defaults
from dangjian.assess.ruleset_checks import check_tree, flatten
from dangjian.lib.indicators import registered

# The indicators issue 21 asks the default rule sets to use (study, org life, work, and
# assessment's own).
EXPECTED_CODES = {
    "study.notes_at_target",
    "study.reviews_approved",
    "orglife.meeting_compliance",
    "orglife.development_timeliness",
    "orglife.dues_on_time",
    "work.items_on_time",
    "work.items_overdue",
    "work.rectifications_on_time",
    "work.visit_coverage",
    "assess.public_satisfaction",
    "assess.kpi_attainment",
}


@pytest.mark.parametrize("category", rules.CATEGORIES)
def test_each_default_rule_set_obeys_the_rules(category):
    known = set(registered()) | set(rules.AUTO_CODES_OF_ASSESS)
    top = check_tree(defaults.raw_tree(category), known=known)
    indicators = [spec for spec in top if spec.kind == "indicator"]
    assert sum(spec.max_points for spec in indicators) == 100
    for spec in indicators:
        assert spec.children, spec.label  # 一级 with 二级 items
        assert sum(kid.max_points for kid in spec.children) == spec.max_points
    kinds = {spec.kind for spec in top}
    assert kinds == {"indicator", "bonus", "deduction"}
    items = flatten(top)
    leaves = [spec for spec in items if not spec.children]
    assert all(spec.guidance for spec in leaves), "every scored item has its guidance"
    assert any(spec.scoring == "auto" for spec in items)


def test_the_defaults_use_every_indicator_asked_for():
    used = {
        spec.auto_indicator
        for category in rules.CATEGORIES
        for spec in flatten(
            check_tree(
                defaults.raw_tree(category),
                known=set(registered()) | set(rules.AUTO_CODES_OF_ASSESS),
            )
        )
        if spec.auto_indicator
    }
    assert used == EXPECTED_CODES
    # Every code the data names is registered, except assessment's own two (their parts
    # register them); nothing else is tolerated.
    assert used - set(registered()) <= set(rules.AUTO_CODES_OF_ASSESS)


def test_an_unregistered_indicator_installs_as_manual_saying_so():
    known = set(registered()) - {"work.visit_coverage"}
    items, manual = defaults.tree("township", known)
    assert "E1" in manual
    e1 = next(
        kid
        for item in items
        for kid in item["children"]
        if item["code"] == "E" and kid["code"] == "E1"
    )
    assert (e1["scoring"], e1["auto_indicator"]) == ("manual", "")
    assert "work.visit_coverage" in e1["guidance"]
    check_tree(items, known=known)  # and it still obeys the rules
