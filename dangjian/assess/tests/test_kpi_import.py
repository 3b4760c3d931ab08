"""The .xlsx import of KPI values: every bad row named (row, column, why), nothing partial;
the template and the export read back."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dangjian.assess import kpi_sheet_services as sheets
from dangjian.assess.models import KpiValue
from dangjian.assess.tests import fixtures_kpi as kf
from dangjian.orgs.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


TODAY = datetime.date(2026, 5, 20)
HEADER = ("指标名称", "期间", "数值", "备注")


def xlsx(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _kpis(county):
    monthly = kf.kpi(county, name="覆盖率", target="95")
    quarterly = kf.kpi(county, name="培训学时", target="40", frequency="quarter")
    return monthly, quarterly


def test_a_good_sheet_is_imported_and_replaces_values_audited(county):
    monthly, quarterly = _kpis(county)
    kf.value(monthly, datetime.date(2026, 1, 1), 90)
    content = xlsx(
        ("覆盖率", "2026-01", 96.5, "更正"),
        ("覆盖率", datetime.datetime(2026, 2, 1), "97", ""),  # Excel made the month a date
        ("培训学时", "2026-Q1", 41, "集中培训"),
        (None, None, None, None),  # blank rows are skipped
    )
    count = sheets.values_import(
        actor=county.secretary_a, org=county.township_a, content=content, today=TODAY
    )
    assert count == 3
    stored = {
        (row.kpi_id, row.period_start): (row.value, row.note)
        for row in KpiValue.objects.unscoped("test")
    }
    assert stored == {
        (monthly.pk, datetime.date(2026, 1, 1)): (Decimal("96.50"), "更正"),
        (monthly.pk, datetime.date(2026, 2, 1)): (Decimal("97.00"), ""),
        (quarterly.pk, datetime.date(2026, 1, 1)): (Decimal("41.00"), "集中培训"),
    }
    audits = AuditEntry.objects.unscoped("test").filter(action="assess.kpi.value")
    assert audits.count() == 3
    replaced = audits.get(data__replaced=True)
    assert replaced.data["value"] == ["90.00", "96.50"] and replaced.data["import"] is True


def test_every_bad_row_is_named_and_nothing_is_saved(county):
    _kpis(county)
    content = xlsx(
        ("覆盖率", "2026-03", 96, ""),  # good: not saved since others are bad
        ("不存在的指标", "2026-03", 1, ""),
        ("覆盖率", "2026-13", 1, ""),
        ("培训学时", "2026-04", 1, ""),  # a month for a quarterly KPI
        ("覆盖率", "2026-07", 1, ""),  # not begun
        ("覆盖率", "2026-04", "很多", ""),
        ("覆盖率", "2026-03", 95, ""),  # the same KPI and period as row 2
        ("覆盖率", "2026-02", 1.234, "备" * 201),
    )
    with pytest.raises(ValidationError) as caught:
        sheets.values_import(
            actor=county.secretary_a, org=county.township_a, content=content, today=TODAY
        )
    messages = caught.value.messages
    expected = [
        ("Row 3, column A", "不存在的指标"),
        ("Row 4, column B", "YYYY-MM"),
        ("Row 5, column B", "YYYY-Qn"),
        ("Row 6, column B", "has not begun"),
        ("Row 7, column C", "很多"),
        ("Row 8, column B", "row 2"),
        ("Row 9, column C", "decimals"),
        ("Row 9, column D", "201"),
    ]
    for start, words in expected:
        assert any(m.startswith(start) and words in m for m in messages), (start, messages)
    assert len(messages) == len(expected)
    assert not KpiValue.objects.unscoped("test").exists()
    assert not AuditEntry.objects.unscoped("test").filter(action="assess.kpi.value").exists()


def test_not_a_workbook_an_empty_one_and_no_right(county):
    _kpis(county)
    with pytest.raises(ValidationError) as caught:
        sheets.values_import(actor=county.secretary_a, org=county.township_a, content=b"nope")
    # Our sentence alone: not the library's English reason ("File is not a zip file").
    assert caught.value.messages == ["The file is not a readable .xlsx workbook."]
    with pytest.raises(ValidationError) as caught:
        sheets.values_import(actor=county.secretary_a, org=county.township_a, content=xlsx())
    assert caught.value.messages == [str(sheets.ROW_ERRORS["empty"])]
    with pytest.raises(PermissionDenied):
        sheets.values_import(
            actor=county.secretary_b, org=county.township_a, content=xlsx(("覆盖率", "2026-03", 1))
        )
    assert not KpiValue.objects.unscoped("test").exists()


def test_the_template_and_the_export_read_back(county):
    monthly, _quarterly = _kpis(county)
    kf.value(monthly, datetime.date(2026, 1, 1), 96, "好")
    kf.value(monthly, datetime.date(2026, 2, 1), 94)
    template = load_workbook(io.BytesIO(sheets.template_bytes(county.township_a))).active
    rows = list(template.values)
    assert len(rows[0]) == 4 and [row[0] for row in rows[1:]] == ["覆盖率", "培训学时"]
    exported = sheets.export_bytes(county.township_a)
    sheet = list(load_workbook(io.BytesIO(exported)).active.values)
    assert [row[:4] for row in sheet[1:]] == [
        ("覆盖率", "2026-01", 96, "好"),
        ("覆盖率", "2026-02", 94, None),
    ]
    assert sheet[1][7] != sheet[2][7]  # met / not met
    # The export imports again as it is.
    count = sheets.values_import(
        actor=county.secretary_a, org=county.township_a, content=exported, today=TODAY
    )
    assert count == 2
