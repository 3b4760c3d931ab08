"""The rule set services: create with the tree's rules (totals shown), versions, a draft's
items, activation, the audit entries; nothing partial saved on a refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangjian.assess import ruleset_item_services as item_services
from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess import ruleset_services as services
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.ruleset_checks import TreeError
from dangjian.assess.tests.fixtures_ruleset import draft, tree
from dangjian.orgs.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The messages are matched in English (the catalogue translates them otherwise)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _rows():
    return (
        RuleSet.objects.unscoped("test").count(),
        RuleItem.objects.unscoped("test").count(),
    )


def _create(county, indicators, **extra):
    fields = {
        "actor": county.dept_admin,
        "org": county.root,
        "year": 2026,
        "category": "township",
        "name": "细则",
        "indicators": indicators,
    } | extra
    return services.ruleset_create(**fields)


def test_create_saves_the_tree_in_order_as_a_draft(county):
    ruleset = draft(county)
    assert (ruleset.status, ruleset.version, ruleset.org) == ("draft", 1, county.root)
    top = selectors.ruleset_tree(ruleset)
    assert [item.code for item in top] == ["A", "B", "X", "Y"]
    assert [kid.code for kid in top[0].subitems] == ["A1", "A2"]
    assert top[0].subitems[0].guidance == "班子成员缺额扣5分"
    assert top[1].scoring == "auto" and top[1].auto_indicator == "orglife.meeting_compliance"
    found = selectors.totals(top)
    assert (found.top, found.bonus, found.deduction, found.complete) == (100, 5, 10, True)
    entry = AuditEntry.objects.unscoped("test").get(action="assess.ruleset.create")
    assert entry.data["items"] == 6 and entry.org_path == county.root.path


def test_top_level_not_100_is_refused_with_the_totals(county):
    with pytest.raises(TreeError) as refused:
        _create(county, tree(A={"max_points": 55}, A1={"max_points": 35}))
    messages = refused.value.message_dict["indicators"]
    assert messages[0] == "The top-level indicators add up to 95, not 100."
    assert refused.value.totals == {
        "top": 95,
        "expected": 100,
        "items": {"A": {"max": 55, "children": 55}},
    }
    assert _rows() == (0, 0)


def test_children_not_adding_up_names_the_item_and_both_sums(county):
    with pytest.raises(TreeError) as refused:
        _create(county, tree(A1={"max_points": 35}))
    assert refused.value.message_dict["indicators"] == [
        "A 党建基础 is 60 but its items add up to 55."
    ]
    assert refused.value.totals["items"]["A"] == {"max": 60, "children": 55}
    assert _rows() == (0, 0)


def test_every_item_rule_names_the_item(county):
    items = tree(
        A1={"code": "A2"},  # twice
        A2={"max_points": 0},
        B={"auto_indicator": "orglife.no_such_thing"},
        X={"name": ""},
    )
    items[3]["children"] = [{"code": "Y1", "name": "子项", "max_points": 1}]
    items[0]["children"][1]["children"] = [{"code": "Z", "name": "三级", "max_points": 1}]
    items.append({"code": "", "name": "无编号", "max_points": 1, "kind": "bonus"})
    items.append({"code": "M", "name": "手工", "max_points": 1, "auto_indicator": "x.y"})
    with pytest.raises(TreeError) as refused:
        _create(county, items)
    text = "\n".join(refused.value.message_dict["indicators"])
    assert "The code A2 is used twice." in text
    assert "A2 阵地建设: The maximum points are more than 0 and at most 100." in text
    assert "B 组织生活: orglife.no_such_thing is not a registered indicator" in text
    assert "orglife.meeting_compliance" in text  # the known codes are listed
    assert "X: Enter a name." in text
    assert "Y 负面扣分: Bonus and deduction items stand at the top level" in text
    assert "A2 阵地建设: A sub-item cannot have sub-items of its own" in text
    assert "无编号: Enter a code." in text
    assert "M 手工: Only an automatic item names an indicator" in text
    assert _rows() == (0, 0)


def test_auto_only_for_leaves_and_with_an_indicator(county):
    items = tree(A={"scoring": "auto", "auto_indicator": "work.items_on_time"})
    items[1]["auto_indicator"] = ""
    with pytest.raises(TreeError) as refused:
        _create(county, items)
    text = "\n".join(refused.value.message_dict["indicators"])
    assert "A 党建基础: An item with sub-items is scored through them" in text
    assert "B 组织生活: An automatic item names the indicator it is computed from" in text


def test_year_category_and_name_are_checked_with_the_tree(county):
    with pytest.raises(ValidationError) as refused:
        _create(county, tree(), year=1999, category="school", name=" ")
    errors = refused.value.message_dict
    assert set(errors) == {"year", "category", "name"}
    assert _rows() == (0, 0)


def test_only_change_at_the_issuer_creates(county):
    with pytest.raises(PermissionDenied):
        _create(county, tree(), actor=county.inspector_b, org=county.township_b)
    with pytest.raises(Exception) as hidden:  # root is out of the secretary's sight: 404
        _create(county, tree(), actor=county.secretary_a)
    assert "DoesNotExist" in type(hidden.value).__name__
    assert _rows() == (0, 0)
    # A township secretary issues rules of their own township.
    own = _create(county, tree(), actor=county.secretary_a, org=county.township_a)
    assert own.org == county.township_a


def test_activate_retires_the_version_in_force(county):
    first = draft(county)
    services.ruleset_activate(actor=county.dept_admin, ruleset=first)
    second = services.ruleset_new_version(actor=county.dept_admin, ruleset=first)
    assert (second.version, second.status, second.based_on) == (2, "draft", first)
    assert [i.code for i in selectors.ruleset_items(second)] == ["A", "A1", "A2", "B", "X", "Y"]
    services.ruleset_activate(actor=county.dept_admin, ruleset=second)
    first.refresh_from_db()
    assert (first.status, second.status) == ("retired", "active")
    assert selectors.active_ruleset(county.root, 2026, "township") == second
    actions = set(AuditEntry.objects.unscoped("test").values_list("action", flat=True))
    assert {
        "assess.ruleset.activate",
        "assess.ruleset.retire",
        "assess.ruleset.new_version",
    } <= actions


def test_an_active_or_retired_rule_set_is_never_changed(county):
    ruleset = draft(county)
    services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    item = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A1")
    with pytest.raises(PermissionDenied, match="never changed"):
        item_services.item_change(actor=county.dept_admin, item=item, data={"code": "A1"})
    with pytest.raises(PermissionDenied):
        item_services.item_delete(actor=county.dept_admin, item=item)
    with pytest.raises(PermissionDenied):
        services.ruleset_replace_items(actor=county.dept_admin, ruleset=ruleset, indicators=tree())
    with pytest.raises(PermissionDenied):
        services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)


def test_a_draft_is_edited_item_by_item_and_activated_only_when_it_adds_up(county):
    ruleset = draft(county)
    a = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A")
    added = item_services.item_add(
        actor=county.dept_admin,
        ruleset=ruleset,
        parent=a,
        data={"code": "A3", "name": "制度建设", "max_points": "5", "scoring": "manual"},
    )
    # Placed after A's last sub-item, before B.
    assert [i.code for i in selectors.ruleset_items(ruleset)] == [
        "A",
        "A1",
        "A2",
        "A3",
        "B",
        "X",
        "Y",
    ]
    assert added.parent == a and added.max_points == Decimal(5)
    with pytest.raises(TreeError) as refused:
        services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    assert "A 党建基础 is 60 but its items add up to 65." in refused.value.messages
    item_services.item_change(
        actor=county.dept_admin,
        item=RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A1"),
        data={"code": "A1", "name": "班子建设", "max_points": "35", "scoring": "manual"},
    )
    services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    assert ruleset.status == "active"


def test_item_rules_on_a_draft(county):
    ruleset = draft(county)
    a = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A")
    b = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="B")
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        item_services.item_add(
            actor=county.dept_admin,
            ruleset=ruleset,
            parent=b,  # automatic: cannot hold sub-items
            data={"code": "A1", "name": "", "max_points": "-1", "scoring": "auto"},
        )
    errors = refused.value.message_dict
    assert set(errors) == {"parent", "code", "name", "max_points", "auto_indicator"}
    with pytest.raises(ValidationError, match="has sub-items"):
        item_services.item_delete(actor=county.dept_admin, item=a)
    with pytest.raises(ValidationError, match="has sub-items"):
        item_services.item_change(
            actor=county.dept_admin,
            item=a,
            data={
                "code": "A",
                "name": "党建基础",
                "max_points": 60,
                "scoring": "auto",
                "auto_indicator": "work.items_on_time",
            },
        )
    assert _rows() == before
    item_services.item_delete(actor=county.dept_admin, item=b)
    assert _rows() == (1, before[1] - 1)


def test_defaults_install_four_drafts_that_add_up(county):
    created, _manual = services.ruleset_install_defaults(
        actor=county.dept_admin, org=county.root, year=2026
    )
    assert sorted(r.category for r in created) == ["county_unit", "enterprise", "rural", "township"]
    for ruleset in created:
        assert selectors.totals(selectors.ruleset_tree(ruleset)).complete
        services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    # Twice: every category taken, refused naming the year.
    with pytest.raises(ValidationError, match="already has rule sets for 2026"):
        services.ruleset_install_defaults(actor=county.dept_admin, org=county.root, year=2026)
    with pytest.raises(PermissionDenied):
        services.ruleset_install_defaults(
            actor=county.inspector_b, org=county.township_b, year=2026
        )


def test_every_change_of_a_draft_is_audited(county):
    ruleset = draft(county)
    a = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A")
    added = item_services.item_add(
        actor=county.dept_admin,
        ruleset=ruleset,
        parent=a,
        data={"code": "A3", "name": "制度建设", "max_points": "5"},
    )
    item_services.item_change(
        actor=county.dept_admin,
        item=added,
        data={"code": "A3", "name": "制度建设", "max_points": "4"},
    )
    item_services.item_delete(actor=county.dept_admin, item=added)
    services.ruleset_replace_items(actor=county.dept_admin, ruleset=ruleset, indicators=tree())
    entries = AuditEntry.objects.unscoped("test").order_by("pk")
    assert [e.action for e in entries if e.action.startswith("assess.")] == [
        "assess.ruleset.create",
        "assess.ruleset.item_add",
        "assess.ruleset.item_change",
        "assess.ruleset.item_delete",
        "assess.ruleset.replace_items",
    ]
    change = entries.get(action="assess.ruleset.item_change")
    assert change.data["changes"] == {"max_points": ["5", "4"]}
    assert change.actor == county.dept_admin and change.org_path == county.root.path
