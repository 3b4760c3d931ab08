"""The rectification ledger as .xlsx, in the usual government layout (整改台账): a merged title
row "<organization>整改台账", then 序号 / 问题来源 / 存在问题 / 整改措施 / 责任单位 / 责任人 /
整改时限 / 整改进展 / 完成情况 / 是否销号 / 备注 — bold header, thin borders, wrapped text,
A4 landscape, the title and header rows repeated on every printed page."""

from __future__ import annotations

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dangjian.lib.excel import FORMULA_TRIGGERS
from dangjian.work import tracking
from dangjian.work.models import Rectification, RectificationReport
from dangjian.work.models.tracking import TrackedStatus

# Column widths in characters (Chinese text: about two per character).
WIDTHS = (6, 10, 36, 36, 16, 10, 12, 30, 14, 8, 24)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def headers() -> list[str]:
    return [
        _("No."),
        _("Source of the problem"),
        _("Problem found"),
        _("Measures to fix it"),
        _("Unit responsible"),
        _("Person responsible"),
        _("Time limit"),
        _("Progress so far"),
        _("Completion"),
        _("Closed out (销号)?"),
        _("Remarks"),
    ]


def _completion(rect: Rectification, today: datetime.date) -> str:
    if rect.status == TrackedStatus.CLOSED:
        return _("Completed and accepted")
    if rect.status == TrackedStatus.REPORTED:
        return _("Reported done, awaiting acceptance")
    days = tracking.days_overdue(rect, today)
    if days:
        return _("Overdue by %(days)s days") % {"days": days}
    return _("In progress")


def _remarks(rect: Rectification) -> str:
    parts = []
    if rect.deadline != rect.first_deadline:
        parts.append(
            _("Time limit moved from %(first)s") % {"first": rect.first_deadline.isoformat()}
        )
    if rect.acceptance_note:
        parts.append(rect.acceptance_note)
    return "；".join(parts)


def _cell(sheet, row: int, column: int, value, alignment=WRAP):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # shown as typed, never a formula (lib.excel's rule)
        cell.quotePrefix = True
    cell.border = BORDER
    cell.alignment = alignment
    return cell


def ledger_bytes(
    title_org: str,
    rects: list[Rectification],
    latest: dict[int, RectificationReport],
    today: datetime.date,
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Rectification ledger")[:31]
    columns = headers()
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    title_text = _("%(org)s rectification ledger") % {"org": title_org}
    title = _cell(sheet, 1, 1, title_text)
    title.border = Border()
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    for column, text in enumerate(columns, start=1):
        _cell(sheet, 2, column, text, CENTER).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[column - 1]
    yes, no = _("Yes"), _("No")
    for number, rect in enumerate(rects, start=1):
        report = latest.get(rect.pk)
        values = [
            number,
            rect.get_source_display(),
            rect.problem,
            rect.measures,
            rect.org.name,
            rect.responsible.name if rect.responsible else "",
            rect.deadline,
            report.text if report else "",
            _completion(rect, today),
            yes if rect.status == TrackedStatus.CLOSED else no,
            _remarks(rect),
        ]
        for column, value in enumerate(values, start=1):
            aligned = CENTER if column in (1, 2, 6, 7, 9, 10) else WRAP
            cell = _cell(sheet, number + 2, column, value, aligned)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
