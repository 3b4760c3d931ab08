"""A rule set as .xlsx: the export imports back to the same tree; an import reports every bad
row (its number, the column, why) and saves nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import load_workbook

from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess import ruleset_services as services
from dangjian.assess import ruleset_xlsx as xlsx
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.tests.fixtures_ruleset import draft
from dangjian.lib.excel import workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The messages are matched in English (the catalogue translates them otherwise)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


FIELDS = ("code", "name", "kind", "max_points", "scoring", "auto_indicator", "guidance")


def _shape(ruleset):
    return [
        (item.level, *(getattr(item, name) for name in FIELDS))
        for item in selectors.ruleset_items(ruleset)
    ]


def _sheet(rows) -> bytes:
    headers = [str(label) for _key, label in xlsx.COLUMNS]
    return workbook_bytes(headers, rows, title="细则")


def test_export_imports_back_to_the_same_tree(county):
    created, _manual = services.ruleset_install_defaults(
        actor=county.dept_admin, org=county.root, year=2026
    )
    source = next(r for r in created if r.category == "township")
    content = xlsx.export_bytes(source)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "A" and sheet["B3"].value == "A"  # A1 under A
    target = draft(county, year=2027)
    xlsx.ruleset_import(actor=county.dept_admin, ruleset=target, content=content)
    assert _shape(target) == _shape(source)
    assert len(_shape(target)) == 22


def test_import_takes_codes_and_labels_in_either_language(county):
    target = draft(county)
    rows = [
        ("A", "", "一级", "indicator", 100, "manual", "", ""),
        ("A1", "A", "二级", "指标", 60, "人工评分", "", "说明"),
        ("A2", "A", "二级", "indicator", 40, "computed from records", "work.items_on_time", ""),
        ("X", "", "加分", "加分项", 5, "", "", ""),
    ]
    xlsx.ruleset_import(actor=county.dept_admin, ruleset=target, content=_sheet(rows))
    assert [i[:4] for i in _shape(target)] == [
        (1, "A", "一级", "indicator"),
        (2, "A1", "二级", "indicator"),
        (2, "A2", "二级", "indicator"),
        (1, "X", "加分", "bonus"),
    ]


def test_import_reports_every_bad_row_and_saves_nothing(county):
    target = draft(county)
    before = _shape(target)
    rows = [
        ("A", "", "党建基础", "indicator", 100, "manual", "", ""),
        ("A1", "Q", "班子", "indicator", 50, "manual", "", ""),  # no parent Q
        ("A2", "A", "", "indicator", "五十", "manual", "", ""),  # no name, points not a number
        ("A3", "A", "阵地", "kind?", 10, "whenever", "", ""),  # kind and scoring unknown
        ("A4", "A", "自动", "indicator", 10, "auto", "no.such", ""),  # unknown indicator
    ]
    with pytest.raises(ValidationError) as refused:
        xlsx.ruleset_import(actor=county.dept_admin, ruleset=target, content=_sheet(rows))
    text = "\n".join(refused.value.message_dict["file"])
    assert "Row 3, column “Parent item code”: no top-level item has the code Q." in text
    assert "Row 4, column “Name”: Enter a name." in text
    assert "Row 4, column “Max points”: Enter the maximum points" in text
    assert "Row 5, column “Kind”: write one of" in text
    assert "Row 5, column “Scoring”: write one of" in text
    assert "Row 6, column “Automatic indicator”: no.such is not a registered indicator" in text
    assert _shape(target) == before
    # Rows fine one by one, but the tree does not add up: the totals, nothing saved.
    rows = [
        ("A", "", "党建基础", "indicator", 90, "manual", "", ""),
        ("A1", "A", "班子", "indicator", 80, "manual", "", ""),
    ]
    with pytest.raises(ValidationError) as refused:
        xlsx.ruleset_import(actor=county.dept_admin, ruleset=target, content=_sheet(rows))
    assert refused.value.message_dict["indicators"] == [
        "The top-level indicators add up to 90, not 100.",
        "A 党建基础 is 90 but its items add up to 80.",
    ]
    assert _shape(target) == before
    with pytest.raises(ValidationError, match="not a readable"):
        xlsx.ruleset_import(actor=county.dept_admin, ruleset=target, content=b"not a zip")
    assert RuleItem.objects.unscoped("test").filter(ruleset=target).count() == 6


def test_import_needs_a_draft_and_change(county):
    target = draft(county)
    with pytest.raises(RuleSet.DoesNotExist):  # a draft is out of township A's sight: 404
        xlsx.ruleset_import(actor=county.secretary_a, ruleset=target, content=b"")
    services.ruleset_activate(actor=county.dept_admin, ruleset=target)
    with pytest.raises(PermissionDenied, match="may not change"):  # published: seen, 403
        xlsx.ruleset_import(actor=county.secretary_a, ruleset=target, content=b"")
    with pytest.raises(PermissionDenied, match="never changed"):
        xlsx.ruleset_import(
            actor=county.dept_admin, ruleset=target, content=xlsx.export_bytes(target)
        )
