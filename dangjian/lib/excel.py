"""Reading and writing .xlsx sheets (openpyxl), shared by every import and export.

Reading is bounded: an .xlsx is a zip of XML, and a small upload can unpack to gigabytes or
fill all 16,384 columns. `read_sheet` checks the package before opening it and streams the
rows, stopping at the first one past a limit (`SheetLimits`, chosen by the caller).
Writing keeps every text as text: a name such as `=HYPERLINK(…)` is never a formula.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser, iterparse

import openpyxl.reader.excel
from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text starting with one of these is a formula when typed into Excel, LibreOffice or WPS
# (tab and carriage return start one in CSV-style pastes).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class WorkbookError(Exception):
    """The file is not a readable workbook."""


class WorkbookTooLarge(WorkbookError):
    """The workbook passes a reading limit; `message` says which, for the person importing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _BoundedReadOnlyWorksheet(ReadOnlyWorksheet):
    """openpyxl's streaming worksheet, except that opening it reads only the sheet's head.

    openpyxl looks for the recorded dimension with an "end"-event parse that, when the
    sheet records none, runs through the whole sheet (to the end of <sheetData>) before the
    first row is read, so a hostile sheet is parsed whole at open. Here the search stops at
    the start of <sheetData>. Installed for every read-only workbook of this process.
    """

    def _get_size(self):
        with self._get_source() as source:
            bounds = _declared_bounds(source)
        if bounds is not None:
            self._min_column, self._min_row, self._max_column, self._max_row = bounds


openpyxl.reader.excel.ReadOnlyWorksheet = _BoundedReadOnlyWorksheet

# The recorded dimension sits before the rows; stop looking after this much XML.
_HEAD_BYTES = 1024 * 1024


def _declared_bounds(source) -> tuple[int, int, int, int] | None:
    """(min_col, min_row, max_col, max_row) from <dimension ref>, reading only the head."""
    parser = XMLPullParser(events=("start",))
    read = 0
    while read < _HEAD_BYTES and (chunk := source.read(16 * 1024)):
        read += len(chunk)
        parser.feed(chunk)
        for _event, element in parser.read_events():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "dimension":
                try:
                    return range_boundaries(element.get("ref", ""))
                except (TypeError, ValueError):
                    return None
            if tag == "sheetData":
                return None
    return None


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int  # data rows (non-blank), counted as they arrive
    max_columns: int  # declared in the sheet's dimension, and in every row read
    max_cell_chars: int
    max_shared_strings: int
    max_shared_strings_bytes: int  # uncompressed
    max_uncompressed_bytes: int  # the whole package, uncompressed


@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel shows it: the header is row 1
    values: tuple


def workbook_bytes(headers: list[str], rows: Iterable[Iterable], *, title: str) -> bytes:
    """A one-sheet workbook: a bold, frozen header row, then the rows (streamed).

    Every text is written as a text cell, so a value such as `=1+1` or `=HYPERLINK(…)` shows
    as typed and never runs (see `_text_cell`)."""
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
        values = list(row)
        if any(_risky(value) for value in values):
            # openpyxl reuses the last Cell object given in a row for the values after it,
            # so a row holding one such text is written as cells throughout.
            values = [
                _text_cell(sheet, v) if _risky(v) else WriteOnlyCell(sheet, value=v) for v in values
            ]
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_only_cell(sheet, value):
    return WriteOnlyCell(sheet, value=value)


def _risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    """A cell that holds `value` as text, shown exactly as it is.

    openpyxl turns a string starting with "=" into a formula; forcing the type to string
    stores it as text, so Excel, WPS and LibreOffice show the characters and evaluate
    nothing. The quote-prefix style (Excel's leading apostrophe, kept in the style rather
    than in the text) keeps it text when someone edits the cell later, and the visible text
    stays identical — unlike an apostrophe or space written into the value, which would
    change the name and break re-importing the export.
    """
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


@dataclass
class Sheet:
    """The first sheet of a workbook, opened for streaming: its header texts, an estimate of
    its data rows (from the recorded dimension, may be 0 or wrong), and its data rows."""

    header: list[str]
    estimated_rows: int
    rows: Iterator[SheetRow]


def read_sheet(content: bytes, limits: SheetLimits) -> Sheet:
    """Open the first sheet of an .xlsx within `limits`.

    Raises WorkbookTooLarge (with the reason) or WorkbookError here for what can be seen
    before reading rows, and from `rows` as soon as a row passes a limit — never after
    reading everything. The rows are read in streaming mode (openpyxl read_only), one at a
    time. The sheet's recorded dimension is not trusted for rows (some tools write a wrong
    one and rows past it would be lost), but a recorded width beyond the column limit is
    refused at once.
    """
    _check_package(content, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        declared_columns, declared_rows = sheet.max_column or 0, sheet.max_row or 0
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, SyntaxError) as exc:
        # ParseError (damaged XML) is a SyntaxError.
        raise WorkbookError(str(exc)) from None
    if declared_columns > limits.max_columns:
        book.close()
        raise WorkbookTooLarge(_too_many_columns(declared_columns, limits))
    sheet.reset_dimensions()
    rows = _bounded_rows(book, sheet, limits)
    try:
        first = next(rows, None)
    except WorkbookError:
        book.close()
        raise
    if first is None:
        return Sheet([], 0, iter(()))
    header = [cell_text(value) for value in first.values]
    return Sheet(header, max(0, declared_rows - 1), rows)


def _too_many_columns(columns: int, limits: SheetLimits) -> str:
    return gettext(
        "The sheet uses %(columns)d columns; at most %(max)d. Delete the columns after the "
        "last one you need."
    ) % {"columns": columns, "max": limits.max_columns}


def _check_package(content: bytes, limits: SheetLimits) -> None:
    """Refuse a zip bomb by its declared sizes (Python's zipfile never unpacks more than a
    member declares), and a shared-string table too long, before openpyxl reads anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(str(exc)) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_uncompressed_bytes:
        raise WorkbookTooLarge(
            gettext("The workbook unpacks to %(size)d MB; at most %(max)d MB.")
            % {"size": unpacked // 2**20, "max": limits.max_uncompressed_bytes // 2**20}
        )
    for member in members:
        if member.filename.lower().endswith("sharedstrings.xml"):
            _check_shared_strings(archive, member, limits)


def _check_shared_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits) -> None:
    too_many = WorkbookTooLarge(
        gettext("The workbook holds more than %(max)d different texts.")
        % {"max": limits.max_shared_strings}
    )
    if member.file_size > limits.max_shared_strings_bytes:
        raise too_many
    count = 0
    try:
        with archive.open(member) as source:
            for _event, element in iterparse(source):
                if element.tag.endswith("}si") or element.tag == "si":
                    count += 1
                    element.clear()
                    if count > limits.max_shared_strings:
                        raise too_many
    except (ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(str(exc)) from None


def _bounded_rows(book, sheet, limits: SheetLimits) -> Iterator[SheetRow]:
    """The rows of `sheet` as they are parsed: the header, then the non-blank data rows.

    Stops at the first row wider than the column limit (openpyxl pads a row up to its last
    cell, so a single cell in column XFD makes a row 16,384 wide: it is refused there, not
    kept), the first cell longer than the cell limit, the first data row past the row limit,
    and a sheet whose row numbers run far past the limit (gaps are yielded as empty rows).
    """
    data_rows = 0
    last_row_number = 2 * limits.max_rows + 1
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) > limits.max_columns:
                raise WorkbookTooLarge(_too_many_columns(len(values), limits))
            for index, value in enumerate(values):
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    raise WorkbookTooLarge(
                        gettext(
                            "Row %(row)d, column %(column)s holds %(chars)d characters; a cell "
                            "holds at most %(max)d."
                        )
                        % {
                            "row": number,
                            "column": get_column_letter(index + 1),
                            "chars": len(value),
                            "max": limits.max_cell_chars,
                        }
                    )
            if number == 1:
                yield SheetRow(number, tuple(values))
                continue
            if number > last_row_number:
                raise WorkbookTooLarge(_too_many_rows(limits))
            if all(_blank(value) for value in values):
                continue
            data_rows += 1
            if data_rows > limits.max_rows:
                raise WorkbookTooLarge(_too_many_rows(limits))
            yield SheetRow(number, tuple(values))
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, SyntaxError) as exc:
        raise WorkbookError(str(exc)) from None
    finally:
        book.close()


def _too_many_rows(limits: SheetLimits) -> str:
    return gettext("The file has more than %(max)d rows; split it into smaller files.") % {
        "max": limits.max_rows
    }


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
