"""The demo's rule sets: the four categories this year and last, versions for the township
one, every rule set adding up; removed with the county."""

import datetime

import pytest

from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_the_rule_sets_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Assessment")]
    assert "rule sets: 9" in line
    root = Organization.objects.unscoped("test").get(depth=0)
    rows = RuleSet.objects.unscoped("test")
    for category in ("township", "rural", "county_unit", "enterprise"):
        current = selectors.active_ruleset(root, 2026, category)
        assert current is not None and current.version == 1
        assert selectors.active_ruleset(root, 2025, category) is not None
    last = rows.filter(year=2025, category="township").order_by("version")
    assert [(r.version, r.status) for r in last] == [(1, "retired"), (2, "active")]
    assert last[1].based_on == last[0]
    for ruleset in rows:
        tree = selectors.ruleset_tree(ruleset)
        assert selectors.totals(tree).complete, ruleset
        assert any(item.subitems for item in tree)
    v1, v2 = (selectors.ruleset_tree(r) for r in last)
    assert [i.max_points for i in v1] != [i.max_points for i in v2]
    demo.delete_county()
    assert not RuleSet.objects.unscoped("test").exists()
    assert not RuleItem.objects.unscoped("test").exists()
