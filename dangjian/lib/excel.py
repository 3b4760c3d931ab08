"""Reading and writing .xlsx sheets (openpyxl), shared by every import and export."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookError(Exception):
    """The file is not a readable workbook."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel shows it: the header is row 1
    values: tuple


def workbook_bytes(headers: list[str], rows: Iterable[Iterable], *, title: str) -> bytes:
    """A one-sheet workbook: a bold, frozen header row, then the rows (streamed)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="FDECEA")
    header_cells = []
    for header in headers:
        cell = _write_only_cell(sheet, header)
        cell.font = header_font
        cell.fill = header_fill
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_only_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(sheet, value=value)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


def read_sheet(content: bytes) -> tuple[list[str], list[SheetRow]]:
    """The header texts and the non-blank data rows of the first sheet.

    Read whole and at once: the upload limit bounds the size, and a damaged file fails here
    (WorkbookError) rather than half-way through an import. The sheet's recorded dimension
    is ignored, since some tools write a wrong one and rows past it would be lost.
    """
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        data = [
            SheetRow(number, tuple(values))
            for number, values in enumerate(rows, start=2)
            if not all(_blank(value) for value in values)
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, SyntaxError) as exc:
        # ParseError (damaged XML) is a SyntaxError.
        raise WorkbookError(str(exc)) from None
    if header is None:
        return [], []
    return [str(value).strip() if value is not None else "" for value in header], data


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()
