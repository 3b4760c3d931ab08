"""The shared .xlsx helpers: text stays text when written; reading is bounded."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from dangjian.lib.excel import SheetLimits, WorkbookTooLarge, read_sheet, workbook_bytes

LIMITS = SheetLimits(
    max_rows=10,
    max_columns=8,
    max_cell_chars=50,
    max_shared_strings=100,
    max_shared_strings_bytes=10_000,
    max_uncompressed_bytes=1_000_000,
)
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet_file(sheet_xml: bytes) -> bytes:
    base = workbook_bytes(["a"], [], title="t")
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(item.filename, data)
    return out.getvalue()


def rows_xml(*rows: str, tail: bytes = b"</sheetData></worksheet>") -> bytes:
    return b"<worksheet " + NS + b"><sheetData>" + "".join(rows).encode() + tail


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_formula_like_texts_are_written_as_text_with_the_same_characters():
    content = workbook_bytes(["name", "n"], [["=1+1", 3], ["plain", 4]], title="t")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    risky, number = sheet["A2"], sheet["B2"]
    assert (risky.value, risky.data_type, risky.quotePrefix) == ("=1+1", "s", True)
    assert (number.value, number.quotePrefix) == (3, False)
    assert (sheet["A3"].value, sheet["A3"].quotePrefix) == ("plain", False)


def test_rows_stream_and_stop_at_the_limit_before_the_rest_is_parsed():
    rows = [f'<row r="{n}">{cell(f"A{n}", "x")}</row>' for n in range(1, 13)]
    content = sheet_file(rows_xml(*rows, tail=b"<row r=<<damaged"))
    sheet = read_sheet(content, LIMITS)  # opening reads the head only
    assert sheet.header == ["x"]
    with pytest.raises(WorkbookTooLarge):
        list(sheet.rows)


def test_a_wide_row_is_refused_where_it_is():
    rows = [
        '<row r="1">' + cell("A1", "h") + "</row>",
        '<row r="2">' + cell("XFD2", "x") + "</row>",
    ]
    sheet = read_sheet(sheet_file(rows_xml(*rows)), LIMITS)
    with pytest.raises(WorkbookTooLarge, match="16384"):
        list(sheet.rows)


def test_a_long_cell_is_refused_without_quoting_it():
    rows = [
        '<row r="1">' + cell("A1", "h") + "</row>",
        '<row r="2">' + cell("B2", "y" * 60) + "</row>",
    ]
    sheet = read_sheet(sheet_file(rows_xml(*rows)), LIMITS)
    with pytest.raises(WorkbookTooLarge) as info:
        list(sheet.rows)
    assert "y" * 60 not in info.value.message and "B" in info.value.message
