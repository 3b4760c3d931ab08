"""党费 spreadsheets: the income-base import (every row checked, all saved or none) and the
exports (the ledger of payments, the yearly publication sheet).

The upload is read with the same bounded reader as the people import (`dangjian/lib/excel.py`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.lib.excel import (
    SheetLimits,
    WorkbookError,
    WorkbookTooLarge,
    cell_text,
    read_sheet,
    workbook_bytes,
)
from dangjian.orglife import rules_dues as rules
from dangjian.orglife.dues_calc import month_start, parse_month, yuan
from dangjian.orglife.dues_selectors import MemberRow, branch_members
from dangjian.orglife.dues_services import _base_row, _require_change, base_errors
from dangjian.orglife.models import DuesCategory
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.services import audit_record_many

LIMITS = SheetLimits(
    max_rows=rules.IMPORT_MAX_ROWS,
    max_columns=org_rules.IMPORT_MAX_COLUMNS,
    max_cell_chars=org_rules.IMPORT_MAX_CELL_CHARS,
    max_shared_strings=org_rules.IMPORT_MAX_SHARED_STRINGS,
    max_shared_strings_bytes=org_rules.IMPORT_MAX_SHARED_STRINGS_BYTES,
    max_uncompressed_bytes=org_rules.IMPORT_MAX_UNCOMPRESSED_BYTES,
)
# The import's columns, in order (the header row is the template's; cells are read by place).
IMPORT_HEADERS = (
    _("ID-card number"),
    _("Member"),
    _("Category"),
    _("Monthly income after tax (yuan)"),
    _("Effective from (YYYY-MM)"),
    _("Farmer's monthly dues (yuan)"),
)
ROW_ERRORS = {
    "person": _("Row %(row)s: no active member of %(org)s has the ID-card number “%(value)s”."),
    "category": _("Row %(row)s: “%(value)s” is not a category (%(choices)s)."),
    "number": _("Row %(row)s, %(column)s: “%(value)s” is not a number of yuan."),
    "negative": _("Row %(row)s, %(column)s: the amount cannot be negative."),
    "cents": _("Row %(row)s, %(column)s: at most two decimals (fen)."),
    "too_large": _("Row %(row)s, %(column)s: “%(value)s” is over %(max)s yuan a month."),
    "month": _("Row %(row)s: “%(value)s” is not a month (write 2026-03)."),
    "rule": _("Row %(row)s: %(message)s"),
    "twice": _("Row %(row)s: this member is already on row %(first)s."),
    "empty": _("The file holds no rows below its header."),
    "file": _("This file cannot be read as an .xlsx workbook: %(why)s"),
}


def template_bytes() -> bytes:
    example = (
        "110101199001011234",
        "张三",
        str(DuesCategory.EMPLOYED.label),
        "4200.00",
        "2026-01",
        "",
    )
    return workbook_bytes([str(h) for h in IMPORT_HEADERS], [example], title="dues-bases")


def _category_lookup() -> dict[str, str]:
    lookup = {value: value for value in DuesCategory.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            lookup |= {str(label).lower(): value for value, label in DuesCategory.choices}
    return lookup


# The largest monthly amount a cell may hold: the base form's 12 digits (10 of yuan), far above
# any income, far below what would overflow the fen column.
MAX_YUAN = Decimal("9999999999.99")


def _fen(value, row: int, column) -> tuple[int | None, str | None]:
    """A cell of yuan → fen, or the row's message (not a number, negative, more than 2 decimals)."""
    text = cell_text(value).replace(",", "")
    if not text:
        return None, None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    params = {"row": row, "column": column, "value": text[:40]}
    if amount is None or not amount.is_finite():
        return None, str(ROW_ERRORS["number"] % params)
    if amount < 0:
        return None, str(ROW_ERRORS["negative"] % params)
    if amount > MAX_YUAN:
        return None, str(ROW_ERRORS["too_large"] % (params | {"max": MAX_YUAN}))
    if amount != amount.quantize(Decimal("0.01")):
        return None, str(ROW_ERRORS["cents"] % params)
    return int(amount * 100), None


def _month(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return month_start(value)
    return parse_month(cell_text(value).replace("/", "-").replace(".", "-"))


def bases_import(*, actor: User, org: Organization, content: bytes) -> int:
    """Import the income bases of `org`'s members; raises ValidationError with every row's
    message and saves nothing unless every row is good. Returns the rows saved."""
    if not may_at(actor, Action.CHANGE, org.path):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(gettext("You may not manage the dues of this organization."))
    try:
        sheet = read_sheet(content, LIMITS)
        raw_rows = list(sheet.rows)
    except WorkbookTooLarge as exc:
        raise ValidationError(exc.message) from None
    except WorkbookError as exc:
        raise ValidationError(str(ROW_ERRORS["file"] % {"why": str(exc)[:200]})) from None
    if not raw_rows:
        raise ValidationError(str(ROW_ERRORS["empty"]))
    members = {
        person.id_card.upper(): person
        for person in branch_members(org).exclude(id_card="").select_related("primary_org")
    }
    categories = _category_lookup()
    today = timezone.localdate()
    errors: list[str] = []
    planned = []
    seen: dict[int, int] = {}
    for raw in raw_rows:
        number = raw.number
        cells = list(raw.values) + [None] * 6
        id_card, category_text = cell_text(cells[0]).upper(), cell_text(cells[2])
        person = members.get(id_card)
        if person is None:
            errors.append(
                str(ROW_ERRORS["person"] % {"row": number, "org": org.name, "value": id_card[:20]})
            )
        elif person.pk in seen:
            errors.append(str(ROW_ERRORS["twice"] % {"row": number, "first": seen[person.pk]}))
        else:
            seen[person.pk] = number
        category = categories.get(category_text.lower())
        if category is None:
            choices = "、".join(str(label) for label in DuesCategory.labels)
            errors.append(
                str(
                    ROW_ERRORS["category"]
                    % {"row": number, "value": category_text[:20], "choices": choices}
                )
            )
        income, problem = _fen(cells[3], number, IMPORT_HEADERS[3])
        if problem:
            errors.append(problem)
        fixed, problem_fixed = _fen(cells[5], number, IMPORT_HEADERS[5])
        if problem_fixed:
            errors.append(problem_fixed)
        month = _month(cells[4]) if cell_text(cells[4]) else month_start(today)
        if month is None:
            errors.append(
                str(ROW_ERRORS["month"] % {"row": number, "value": cell_text(cells[4])[:20]})
            )
        if category and not problem and not problem_fixed:
            for message in base_errors(category, income, fixed).values():
                errors.append(str(ROW_ERRORS["rule"] % {"row": number, "message": message}))
        planned.append((person, category, income, fixed, month))
    if errors:
        raise ValidationError(errors[: org_rules.IMPORT_MAX_ERRORS])
    with transaction.atomic():
        rows = []
        for person, category, income, fixed, month in planned:
            _require_change(actor, person)
            row, _created = _base_row(actor, person, category, income, fixed, month)
            row.save()
            rows.append(row)
        audit_record_many(
            actor=actor,
            action="orglife.dues.base.import",
            targets=rows,
            data=[{"month": row.effective_from.isoformat()} for row in rows],
        )
    return len(rows)


def _cell_text(cell) -> str:
    if cell.paid_fen is not None:
        return yuan(cell.paid_fen)
    if cell.owed:
        return gettext("owed")
    return ""


def publication_bytes(org: Organization, year: int, rows: list[MemberRow]) -> bytes:
    """党费收缴公示: one row per member, the amount paid each month, the year's total."""
    headers = [gettext("Member"), gettext("Monthly dues (yuan)")]
    headers += [gettext("Month %(month)s") % {"month": month} for month in range(1, 13)]
    headers += [gettext("Paid in %(year)s (yuan)") % {"year": year}, gettext("Owed (yuan)")]

    def lines():
        for row in rows:
            due = row.cells[-1].due_fen
            yield [
                row.person.name,
                yuan(due) if due is not None else "",
                *[_cell_text(cell) for cell in row.cells],
                yuan(row.paid_total),
                yuan(row.owed_total),
            ]

    return workbook_bytes(headers, lines(), title=f"{year} {org.name}")


def ledger_bytes(org: Organization, year: int, rows: list[MemberRow]) -> bytes:
    """党费台账: one line per member and month of the year: due, paid, date, owed."""
    headers = [
        gettext("Member"),
        gettext("Month"),
        gettext("Due (yuan)"),
        gettext("Paid (yuan)"),
        gettext("Paid on"),
        gettext("Owed"),
    ]

    def lines():
        for row in rows:
            for cell in row.cells:
                yield [
                    row.person.name,
                    f"{cell.month:%Y-%m}",
                    yuan(cell.due_fen),
                    yuan(cell.paid_fen),
                    cell.paid_on.isoformat() if cell.paid_on else "",
                    gettext("yes") if cell.owed else "",
                ]

    return workbook_bytes(headers, lines(), title=f"{year} ledger")
