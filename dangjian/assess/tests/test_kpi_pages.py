"""Pages of department KPIs: the units list, the board's cards, the detail's chart data (no
inline script), the forms (saved, refused with the service's words, nothing saved), the
import with every bad row listed, the template and the export."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dangjian.assess.models import Kpi, KpiValue
from dangjian.assess.tests import fixtures
from dangjian.assess.tests import fixtures_kpi as kf


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def may_2026():
    with time_machine.travel(datetime.datetime(2026, 5, 20, 4, tzinfo=datetime.UTC), tick=False):
        yield


def _board(county):
    k1 = kf.kpi(county, name="覆盖率", target="95")
    kf.value(k1, datetime.date(2026, 3, 1), 96)
    kf.value(k1, datetime.date(2026, 4, 1), 93, "两所学校未建")
    k2 = kf.kpi(county, name="投诉件数", target="3", direction="lower", unit_of_measure="件")
    kf.value(k2, datetime.date(2026, 4, 1), 2)
    k3 = kf.kpi(county, name="新指标", target="10")
    return k1, k2, k3


def test_the_units_list_shows_counts_and_this_years_attainment(client, county):
    _board(county)
    client.force_login(county.dept_admin)
    page = client.get(reverse("assess:kpi-units")).content.decode()
    row = re.search(rf'data-unit="{county.township_a.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "3" in row and "1 of 2" in row  # 3 in use; 覆盖率 April not met, 投诉件数 met
    assert "乙镇党委" in page and "县教育局党组" in page
    client.force_login(county.secretary_b)
    page = client.get(reverse("assess:kpi-units")).content.decode()
    assert "甲镇党委" not in page and "乙镇党委" in page


def test_the_board_shows_cards_latest_value_against_target(client, county):
    k1, k2, k3 = _board(county)
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:kpi-board", args=[county.township_a.pk])).content.decode()
    cards = dict(re.findall(r'data-kpi="(\d+)">(.*?)</div>\s*</div>', page, re.S))
    assert "93" in cards[str(k1.pk)] and 'data-met="no"' in cards[str(k1.pk)]
    assert "2026-04" in cards[str(k1.pk)]
    assert 'data-met="yes"' in cards[str(k2.pk)]
    assert 'data-met="none"' in cards[str(k3.pk)]
    assert reverse("assess:kpi-create", args=[county.township_a.pk]) in page
    client.force_login(county.dept_admin)
    # An inspector reads township B's board without the writing buttons.
    kf.kpi(county, county.township_b, name="乙镇指标")
    client.force_login(county.inspector_b)
    page = client.get(reverse("assess:kpi-board", args=[county.township_b.pk])).content.decode()
    assert (
        "乙镇指标" in page and reverse("assess:kpi-create", args=[county.township_b.pk]) not in page
    )
    assert client.get(reverse("assess:kpi-board", args=[county.village_b1.pk])).status_code == 404


def test_the_detail_passes_chart_data_through_json_script_only(client, county):
    k1, _k2, _k3 = _board(county)
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:kpi-detail", args=[k1.pk])).content.decode()
    data = json.loads(re.search(r'id="kpi-chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert data["periods"] == ["2026-03", "2026-04"] and data["values"] == [96.0, 93.0]
    assert data["met"] == [True, False] and data["target"] == 95.0
    assert "vendor/echarts/echarts.min.js" in page and "assess/kpi_chart.js" in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts), scripts
    assert "两所学校未建" in page


def test_create_saves_and_a_bad_form_shows_the_services_words(client, county):
    rules = fixtures.ruleset(county)
    client.force_login(county.secretary_a)
    url = reverse("assess:kpi-create", args=[county.township_a.pk])
    page = client.get(url).content.decode()
    assert "A1 班子建设" in page  # the county's rule set applies to the township
    item = rules.items.model.objects.unscoped("test").get(ruleset=rules, code="A1")
    fields = {
        "name": "党员培训学时",
        "unit_of_measure": "学时",
        "direction": "higher",
        "target": "40",
        "frequency": "quarter",
        "rule_item": item.pk,
    }
    response = client.post(url, fields)
    kpi = Kpi.objects.unscoped("test").get()
    assert response.status_code == 302 and response.url == reverse(
        "assess:kpi-detail", args=[kpi.pk]
    )
    assert kpi.rule_item == item
    response = client.post(url, fields)  # the same name again
    assert (
        response.status_code == 200
        and "already has a performance indicator" in response.content.decode()
    )
    assert Kpi.objects.unscoped("test").count() == 1


def test_an_inspector_gets_the_services_reason_on_a_403(client, county):
    kpi = kf.kpi(county, county.township_b, name="乙镇指标")
    client.force_login(county.inspector_b)
    response = client.get(reverse("assess:kpi-value", args=[kpi.pk]))
    assert response.status_code == 403
    assert "may not change the performance indicators" in response.content.decode()


def test_the_value_form_offers_recent_periods_and_replaces(client, county):
    k1, _k2, _k3 = _board(county)
    client.force_login(county.secretary_a)
    url = reverse("assess:kpi-value", args=[k1.pk])
    page = client.get(url).content.decode()
    assert 'value="2026-05"' in page and 'value="2026-06"' not in page
    response = client.post(url, {"period": "2026-04", "value": "95.5", "note": "复核"})
    assert response.status_code == 302
    row = KpiValue.objects.unscoped("test").get(kpi=k1, period_start=datetime.date(2026, 4, 1))
    assert str(row.value) == "95.50" and row.note == "复核"
    response = client.post(url, {"period": "2026-06", "value": "1"})
    assert response.status_code == 200  # not a choice: the form again, saying why
    assert "2026-06 is not one of the periods listed" in response.content.decode()
    assert (
        not KpiValue.objects.unscoped("test")
        .filter(period_start=datetime.date(2026, 6, 1))
        .exists()
    )


def test_edit_and_deactivate(client, county):
    k1, _k2, _k3 = _board(county)
    client.force_login(county.secretary_a)
    fields = {
        "name": "学校党组织覆盖率",
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "97",
        "frequency": "year",
    }
    response = client.post(reverse("assess:kpi-edit", args=[k1.pk]), fields)
    assert response.status_code == 200 and "cannot change" in response.content.decode()
    response = client.post(
        reverse("assess:kpi-edit", args=[k1.pk]), fields | {"frequency": "month"}
    )
    assert response.status_code == 302
    k1.refresh_from_db()
    assert (k1.name, str(k1.target)) == ("学校党组织覆盖率", "97.00")
    response = client.post(reverse("assess:kpi-deactivate", args=[k1.pk]))
    assert response.status_code == 302
    k1.refresh_from_db()
    assert not k1.is_active
    board = client.get(reverse("assess:kpi-board", args=[county.township_a.pk])).content.decode()
    assert f'data-kpi="{k1.pk}"' not in board
    board = client.get(reverse("assess:kpi-board", args=[county.township_a.pk]) + "?inactive=1")
    assert f'data-kpi="{k1.pk}"' in board.content.decode()


def _xlsx(*rows) -> bytes:
    book = Workbook()
    book.active.append(["指标名称", "期间", "数值", "备注"])
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_lists_every_bad_row_then_imports_a_good_sheet(client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _board(county)
    client.force_login(county.secretary_a)
    url = reverse("assess:kpi-import", args=[county.township_a.pk])
    bad = _xlsx(("覆盖率", "2026-05", 97), ("无此指标", "2026-05", 1), ("覆盖率", "2026-99", 1))
    response = client.post(url, {"file": SimpleUploadedFile("v.xlsx", bad)})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-problems"' in page
    assert "Row 3, column A" in page and "Row 4, column B" in page
    assert (
        not KpiValue.objects.unscoped("test")
        .filter(period_start=datetime.date(2026, 5, 1))
        .exists()
    )
    good = _xlsx(("覆盖率", "2026-05", 97), ("投诉件数", "2026-05", 1))
    response = client.post(url, {"file": SimpleUploadedFile("v.xlsx", good)})
    assert response.status_code == 302
    assert (
        KpiValue.objects.unscoped("test").filter(period_start=datetime.date(2026, 5, 1)).count()
        == 2
    )
    template = client.get(url + "?template=1")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    names = [row[0] for row in load_workbook(io.BytesIO(template.content)).active.values]
    assert names[1:] == ["覆盖率", "投诉件数", "新指标"]
    export = client.get(reverse("assess:kpi-export", args=[county.township_a.pk]))
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert len(rows) == 1 + 5 and rows[1][:3] == ("覆盖率", "2026-03", 96)


def test_an_import_without_a_file_says_so(client, county):
    # A POST carrying no field at all (a script, or a form whose file input was removed) is
    # still a submitted form: the page says the file is missing rather than nothing.
    _board(county)
    client.force_login(county.secretary_a)
    url = reverse("assess:kpi-import", args=[county.township_a.pk])
    page = client.post(url, {}).content.decode()
    assert "This field is required." in page
