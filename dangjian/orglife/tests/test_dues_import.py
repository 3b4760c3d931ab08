"""党费 base import: good rows saved; every bad row named (negative, not a number, unknown
member, bad category, bad month), nothing partial saved; the exports' contents."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from dangjian.conftest import make_person
from dangjian.orglife import dues_selectors as selectors
from dangjian.orglife import dues_sheets as sheets
from dangjian.orglife.models import DuesBase
from dangjian.orglife.tests.dues_fixtures import declare, english, pay  # noqa: F401
from dangjian.orgs.validators import id_card_check_char

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _id_card(serial: int) -> str:
    first17 = f"11010519800101{serial:03d}"
    return first17 + id_card_check_char(first17)


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([str(h) for h in sheets.IMPORT_HEADERS])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def members(county):
    return [
        make_person(
            county.superuser, county.village_a1, name, id_card=_id_card(i + 11), birth_date=None
        )
        for i, name in enumerate(("赵一", "钱二", "孙三"))
    ]


def test_good_rows_are_saved(county, members):
    content = workbook(
        (members[0].id_card, "赵一", "employed", 3000.01, "2026-03", None),
        (members[1].id_card, "钱二", "Farmer", None, datetime.datetime(2026, 2, 17), "0.5"),
        (members[2].id_card.lower(), "孙三", "Retired (pension)", "5,000.00", "", None),
    )
    assert (
        sheets.bases_import(actor=county.secretary_a, org=county.village_a1, content=content) == 3
    )
    rows = {b.person_id: b for b in DuesBase.objects.unscoped("test")}
    assert rows[members[0].pk].income_fen == 300_001
    assert rows[members[0].pk].effective_from == datetime.date(2026, 3, 1)
    assert (rows[members[1].pk].category, rows[members[1].pk].fixed_fen) == ("farmer", 50)
    assert rows[members[1].pk].effective_from == datetime.date(2026, 2, 1)
    assert rows[members[2].pk].income_fen == 500_000
    assert rows[members[2].pk].effective_from == timezone.localdate().replace(day=1)


def test_bad_rows_are_named_and_nothing_is_saved(county, members):
    content = workbook(
        (members[0].id_card, "赵一", "employed", 4200, "2026-01", None),  # row 2: good
        (members[1].id_card, "钱二", "employed", -1, "2026-01", None),  # row 3
        (members[2].id_card, "孙三", "employed", "三千", "2026-01", None),  # row 4
        (_id_card(99), "无名", "employed", 100, "2026-01", None),  # row 5
        (members[0].id_card, "赵一", "employed", 100, "2026-01", None),  # row 6: twice
        (members[1].id_card, "钱二", "soldier", 100, "2026-01", None),  # row 7
        (members[2].id_card, "孙三", "employed", 100.123, "2026-13", None),  # row 8
        (members[1].id_card, "钱二", "employed", None, "2026-01", None),  # row 9: no income
        (members[2].id_card, "孙三", "employed", "1e30", "2026-01", None),  # row 10: huge
        (members[2].id_card, "孙三", "employed", 4200, "9999-12", None),  # row 11: far future
    )
    with pytest.raises(ValidationError) as error:
        sheets.bases_import(actor=county.secretary_a, org=county.village_a1, content=content)
    text = "\n".join(error.value.messages)
    assert "Row 3, Monthly income after tax (yuan): the amount cannot be negative." in text
    assert "Row 4, Monthly income after tax (yuan): “三千” is not a number of yuan." in text
    assert "Row 5: no active member of 甲一村党支部" in text
    assert "Row 6: this member is already on row 2." in text
    assert "Row 7: “soldier” is not a category" in text
    assert "Row 8, Monthly income after tax (yuan): at most two decimals" in text
    assert "Row 8: “2026-13” is not a month" in text
    assert "Row 9: Enter the monthly income after tax" in text
    assert "Row 10, Monthly income after tax (yuan): “1e30” is over 9999999999.99 yuan" in text
    assert "Row 11: “9999-12” is not a month" in text
    assert "Row 2" not in text
    assert not DuesBase.objects.unscoped("test").exists()


def test_import_refuses_other_townships_and_non_workbooks(county, members):
    content = workbook((members[0].id_card, "赵一", "employed", 4200, "2026-01", None))
    with pytest.raises(PermissionDenied):
        sheets.bases_import(actor=county.secretary_b, org=county.village_a1, content=content)
    with pytest.raises(ValidationError) as error:
        sheets.bases_import(actor=county.secretary_a, org=county.village_a1, content=b"not a zip")
    assert "cannot be read as an .xlsx workbook" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        sheets.bases_import(actor=county.secretary_a, org=county.village_a1, content=workbook())
    assert "no rows below its header" in error.value.messages[0]


def test_template_has_the_import_headers():
    sheet = load_workbook(io.BytesIO(sheets.template_bytes())).active
    assert [cell.value for cell in sheet[1]] == [str(h) for h in sheets.IMPORT_HEADERS]


def test_publication_sheet_content(county):
    """Per member per month: the amount paid, "owed" for a month due and unpaid, totals."""
    year = timezone.localdate().year - 1
    other = make_person(county.superuser, county.village_a1, "乙")
    declare(county, income_fen=300_000, month=datetime.date(year, 1, 1))  # 15.00
    declare(county, other, category="student", income_fen=None, month=datetime.date(year, 11, 1))
    pay(county, month=datetime.date(year, 1, 1), paid_on=datetime.date(year, 1, 5), months=12)
    pay(county, other, month=datetime.date(year, 12, 1), paid_on=datetime.date(year, 12, 3))
    rows = selectors.dues_sheet(
        county.superuser, county.village_a1, year, today=timezone.localdate(), everyone=True
    )
    sheet = load_workbook(
        io.BytesIO(sheets.publication_bytes(county.village_a1, year, rows))
    ).active
    lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert lines[0][0] == "Member" and lines[0][-2] == f"Paid in {year} (yuan)"
    by_name = {line[0]: line for line in lines[1:]}
    assert by_name["张甲"][1:] == ["15.00", *["15.00"] * 12, "180.00", "0.00"]
    assert by_name["乙"][1:] == ["0.20", *[None] * 10, "owed", "0.20", "0.20", "0.20"]


def test_ledger_export_lines(county):
    year = timezone.localdate().year - 1
    declare(county, income_fen=300_000, month=datetime.date(year, 6, 1))
    pay(county, month=datetime.date(year, 6, 1), paid_on=datetime.date(year, 6, 30))
    rows = selectors.dues_sheet(
        county.superuser, county.village_a1, year, today=timezone.localdate()
    )
    sheet = load_workbook(io.BytesIO(sheets.ledger_bytes(county.village_a1, year, rows))).active
    lines = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(lines) == 12
    assert lines[0] == ["张甲", f"{year}-01", None, None, None, None]
    assert lines[5] == ["张甲", f"{year}-06", "15.00", "15.00", f"{year}-06-30", None]
    assert lines[6] == ["张甲", f"{year}-07", "15.00", None, None, "yes"]
