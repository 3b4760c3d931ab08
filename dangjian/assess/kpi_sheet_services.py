"""业绩评价指标 spreadsheets: the .xlsx import of a unit's values (every bad row named by row,
column and why; nothing saved unless every row is right), its template, and the export of the
unit's values (the import's four columns first, so an export can be corrected and imported
again).

Columns: indicator name (one of the unit's indicators in use), period (YYYY-MM, YYYY-Qn or
YYYY, as the indicator's frequency), value, note.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from dangjian.assess import kpi_periods as periods
from dangjian.assess import kpi_services as services
from dangjian.assess import rules_kpi as rules
from dangjian.assess.models import Kpi, KpiValue
from dangjian.lib.excel import (
    SheetLimits,
    WorkbookError,
    WorkbookTooLarge,
    cell_text,
    read_sheet,
    workbook_bytes,
)
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.service_base import audit_record_many

LIMITS = SheetLimits(
    max_rows=rules.IMPORT_MAX_ROWS,
    max_columns=org_rules.IMPORT_MAX_COLUMNS,
    max_cell_chars=org_rules.IMPORT_MAX_CELL_CHARS,
    max_shared_strings=org_rules.IMPORT_MAX_SHARED_STRINGS,
    max_shared_strings_bytes=org_rules.IMPORT_MAX_SHARED_STRINGS_BYTES,
    max_uncompressed_bytes=org_rules.IMPORT_MAX_UNCOMPRESSED_BYTES,
)
IMPORT_HEADERS = (_("Indicator"), _("Period"), _("Value"), _("Note"))
EXPORT_HEADERS = (
    *IMPORT_HEADERS,
    _("Unit of measure"),
    _("Target"),
    _("Direction"),
    _("Target met"),
    _("Entered at"),
)
ROW_ERRORS = {
    "cell": _("Row %(row)s, column %(column)s (%(header)s): %(why)s"),
    "no_kpi": _("%(org)s has no indicator in use named “%(value)s”."),
    "period": _("“%(value)s” is not a period of this indicator: write %(format)s."),
    "twice": _("the same indicator and period as row %(first)s."),
    "empty": _("The file holds no rows below its header."),
    # The library's own reason ("File is not a zip file") is English and says nothing more.
    "file": _("The file is not a readable .xlsx workbook."),
    "no_right": _("You may not change the performance indicators of this unit."),
}


def _active_kpis(org: Organization):
    return (
        Kpi.objects.unscoped("the unit's own indicators, checked by the caller")
        .filter(org=org, is_active=True)
        .select_related("org")
        .order_by("position", "pk")
    )


def template_bytes(org: Organization) -> bytes:
    """The import's header and one example row per indicator in use (its latest period)."""
    today = services.local_today()
    rows = [
        (kpi.name, periods.text(periods.normalize(today, kpi.frequency), kpi.frequency), "", "")
        for kpi in _active_kpis(org)
    ] or [("学校党组织覆盖率", f"{today:%Y-%m}", "98.5", "")]
    return workbook_bytes([str(h) for h in IMPORT_HEADERS], rows, title=gettext("KPI values"))


def export_bytes(org: Organization) -> bytes:
    """Every value of the unit's indicators (in use or not), by indicator and period."""
    values = (
        KpiValue.objects.unscoped("the unit's own values, checked by the caller")
        .filter(kpi__org=org)
        .select_related("kpi")
        .order_by("kpi__position", "kpi_id", "period_start")
    )

    def lines():
        for row in values:
            kpi = row.kpi
            met = periods.attained(kpi.direction, kpi.target, row.value)
            yield [
                kpi.name,
                periods.text(row.period_start, kpi.frequency),
                row.value,
                row.note,
                kpi.unit_of_measure,
                kpi.target,
                kpi.get_direction_display(),
                gettext("target met") if met else gettext("target not met"),
                row.entered_at.date().isoformat() if row.entered_at else "",
            ]

    return workbook_bytes([str(h) for h in EXPORT_HEADERS], lines(), title=org.name)


def _cell_error(number: int, column: int, why) -> str:
    return str(
        ROW_ERRORS["cell"]
        % {
            "row": number,
            "column": get_column_letter(column + 1),
            "header": IMPORT_HEADERS[column],
            "why": why,
        }
    )


def _period(kpi: Kpi, cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        start = periods.normalize(cell, kpi.frequency)
        return start if start == cell else None
    return periods.parse(cell_text(cell), kpi.frequency)


def _messages(error: dict) -> list:
    return [message for field in error.values() for message in ValidationError(field).messages]


def values_import(
    *, actor: User, org: Organization, content: bytes, today: datetime.date | None = None
) -> int:
    """Import the values of `org`'s indicators; raises ValidationError listing every bad row
    (row, column, why) and saves nothing unless every row is right. Returns the rows saved."""
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ROW_ERRORS["no_right"])
    today = today or services.local_today()
    try:
        sheet = read_sheet(content, LIMITS)
        raw_rows = list(sheet.rows)
    except WorkbookTooLarge as exc:
        raise ValidationError(exc.message) from None
    except WorkbookError:
        raise ValidationError(str(ROW_ERRORS["file"])) from None
    if not raw_rows:
        raise ValidationError(str(ROW_ERRORS["empty"]))
    kpis = {kpi.name: kpi for kpi in _active_kpis(org)}
    errors: list[str] = []
    planned: list[tuple[Kpi, datetime.date, object, str]] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    for raw in raw_rows:
        number = raw.number
        cells = list(raw.values) + [None] * 4
        name = cell_text(cells[0])
        kpi = kpis.get(name)
        if kpi is None:
            why = ROW_ERRORS["no_kpi"] % {"org": org.name, "value": name[:60]}
            errors.append(_cell_error(number, 0, why))
        start = None
        if kpi is not None:
            start = _period(kpi, cells[1])
            if start is None:
                params = {
                    "value": cell_text(cells[1])[:20],
                    "format": periods.FORMATS[kpi.frequency],
                }
                errors.append(_cell_error(number, 1, ROW_ERRORS["period"] % params))
            else:
                problems: dict = {}
                services.period_errors(kpi, start, today, problems)
                errors += [_cell_error(number, 1, why) for why in _messages(problems)]
                first = seen.setdefault((kpi.pk, start), number)
                if first != number:
                    errors.append(_cell_error(number, 1, ROW_ERRORS["twice"] % {"first": first}))
        problems = {}
        amount = services.number(cells[2], problems, "value")
        errors += [_cell_error(number, 2, why) for why in _messages(problems)]
        problems = {}
        note = cell_text(cells[3])
        services.clean_text(note, rules.NOTE_MAX_CHARS, problems, "note", required=False)
        errors += [_cell_error(number, 3, why) for why in _messages(problems)]
        planned.append((kpi, start, amount, note))
    if errors:
        raise ValidationError(errors[: org_rules.IMPORT_MAX_ERRORS])
    with transaction.atomic():
        rows, data = [], []
        for kpi, start, amount, note in planned:
            row, audit = services.save_value(actor, kpi, start, amount, note)
            rows.append(row)
            data.append(audit | {"import": True})
        audit_record_many(actor=actor, action="assess.kpi.value", targets=rows, data=data)
    return len(rows)
