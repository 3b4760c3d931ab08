"""Who sees which rule set: the issuer's view scope, the organizations below the issuer (rules
are published to those they apply to), drafts only to those who may change the issuer."""

from __future__ import annotations

import pytest

from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess import ruleset_services as services
from dangjian.assess.tests.fixtures_ruleset import draft, tree
from dangjian.conftest import make_user
from dangjian.orgs.scoping import Role

pytestmark = pytest.mark.django_db


def _seen(user) -> set[int]:
    return set(selectors.rulesets_for(user).values_list("pk", flat=True))


def test_published_rules_reach_down_drafts_stay_with_the_issuer(county):
    county_rules = draft(county)
    services.ruleset_activate(actor=county.dept_admin, ruleset=county_rules)
    county_draft = services.ruleset_new_version(actor=county.dept_admin, ruleset=county_rules)
    a_draft = services.ruleset_create(
        actor=county.secretary_a,
        org=county.township_a,
        year=2026,
        category="rural",
        name="甲镇村级细则",
        indicators=tree(),
    )
    a_active = services.ruleset_new_version(actor=county.secretary_a, ruleset=a_draft)
    services.ruleset_activate(actor=county.secretary_a, ruleset=a_active)
    everything = {county_rules.pk, county_draft.pk, a_draft.pk, a_active.pk}
    assert _seen(county.superuser) == everything
    assert _seen(county.dept_admin) == everything
    # Township A's secretary: the county's published rules, and all of township A's own.
    assert _seen(county.secretary_a) == {county_rules.pk, a_draft.pk, a_active.pk}
    # Township B: the county's published rules, nothing of township A.
    assert _seen(county.secretary_b) == {county_rules.pk}
    assert _seen(county.inspector_b) == {county_rules.pk}
    # A member of village A1: published rules of the organizations above, no drafts.
    assert _seen(county.member_a) == {county_rules.pk, a_active.pk}
    # An inspector of township A (view, no change): township A's published rules only.
    inspector_a = make_user("inspector_a", (Role.INSPECTOR, county.township_a))
    assert _seen(inspector_a) == {county_rules.pk, a_active.pk}


def test_tree_reads_in_one_query(county, django_assert_num_queries):
    ruleset = draft(county)
    with django_assert_num_queries(1):
        top = selectors.ruleset_tree(ruleset)
    assert [(i.code, [k.code for k in i.subitems]) for i in top] == [
        ("A", ["A1", "A2"]),
        ("B", []),
        ("X", []),
        ("Y", []),
    ]


def test_active_ruleset(county):
    ruleset = draft(county)
    assert selectors.active_ruleset(county.root, 2026, "township") is None
    services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    assert selectors.active_ruleset(county.root, 2026, "township") == ruleset
    assert selectors.active_ruleset(county.root, 2026, "rural") is None
    assert selectors.active_ruleset(county.root, 2025, "township") is None
