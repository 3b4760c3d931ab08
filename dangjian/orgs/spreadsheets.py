"""Excel templates, exports and imports of organizations and people.

An import reads every row, reports every problem (row, column, why) and saves nothing
unless the whole file is good. Rows are built and validated by the same services as the
single-record forms (`services.org_build`, `services.people_build`: permission, rules,
ID-card check), and saved through them (`org_insert`, `people_insert`: scope re-check and one
audit entry per row). The file is read within the limits of rules.py, as rows arrive. The
people rows are checked and saved by `people_import` (which also updates people: an export
edited and imported back).
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dangjian.lib.excel import (
    SheetLimits,
    SheetRow,
    WorkbookError,
    WorkbookTooLarge,
    cell_text,
    read_sheet,
    workbook_bytes,
)
from dangjian.orgs import rules, services
from dangjian.orgs.models import (
    Education,
    ExitStatus,
    Gender,
    Organization,
    OrgCategory,
    OrgType,
    PartyStatus,
    Person,
    User,
)
from dangjian.orgs.scoping import Action
from dangjian.orgs.validators import (
    normalize_id_card,
    validate_id_card,
    validate_phone,
)

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
YES = {"是", "yes", "y", "true", "1"}
NO = {"否", "no", "n", "false", "0"}


@dataclass(frozen=True)
class Column:
    field: str
    label: Promise
    required: bool = False
    kind: str = "text"  # text | date | int | bool | choice
    choices: type[models.TextChoices] | None = None
    max_length: int = 200
    validator: Callable[[str], None] | None = None
    # Written by exports for the reader (a name beside a code); read back, it is skipped.
    ignored: bool = False
    # The explanation sheet of the template: what the column means, and the example row.
    help: Promise | str = ""
    example: object = ""


class Masked(str):
    """A value an export masked for its reader (an ID-card number as 4101**********002X, a
    birth date as 1949-12): importing the export back keeps the recorded value."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def row_error(row: int, column: str, message: str) -> RowError:
    """A problem to store and show, cut to a sane length (a message may quote a cell)."""
    return RowError(
        row, _short(str(column), 60), _short(str(message), rules.IMPORT_MAX_ERROR_CHARS)
    )


class ErrorList(list):
    """The problems of one import: each cut to length, at most rules.IMPORT_MAX_ERRORS kept
    (then one line saying more were found), so a file of bad rows cannot fill the database
    or the page."""

    dropped = 0

    def append(self, error: RowError) -> None:
        error = row_error(error.row, error.column, error.message)
        if len(self) < rules.IMPORT_MAX_ERRORS:
            super().append(error)
            return
        self.dropped += 1
        if self.dropped == 1:
            super().append(
                RowError(
                    0,
                    "",
                    gettext("Only the first %(max)d problems are listed; fix them and retry.")
                    % {"max": rules.IMPORT_MAX_ERRORS},
                )
            )

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)


@dataclass
class ParsedSheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)

    def rows_with_errors(self) -> set[int]:
        return {error.row for error in self.errors}


LIMITS = SheetLimits(
    max_rows=rules.IMPORT_MAX_ROWS,
    max_columns=rules.IMPORT_MAX_COLUMNS,
    max_cell_chars=rules.IMPORT_MAX_CELL_CHARS,
    max_shared_strings=rules.IMPORT_MAX_SHARED_STRINGS,
    max_shared_strings_bytes=rules.IMPORT_MAX_SHARED_STRINGS_BYTES,
    max_uncompressed_bytes=rules.IMPORT_MAX_UNCOMPRESSED_BYTES,
)


def _quoted(text: str) -> str:
    """A cell's text as quoted in a message: long enough to find it, never the whole cell."""
    return _short(text, 40)


ORG_COLUMNS = [
    Column(
        "code", _("Code"), required=True, max_length=32, help=_("Unique code of the organization.")
    ),
    Column("name", _("Name"), required=True, max_length=120),
    Column(
        "parent_code",
        _("Parent code"),
        required=True,
        max_length=32,
        help=_("Code of the organization above (already recorded, or in a row above)."),
    ),
    Column(
        "parent_name",
        _("Parent name"),
        ignored=True,
        help=_("Written by exports beside the parent code; not read on import."),
    ),
    Column("category", _("Category"), required=True, kind="choice", choices=OrgCategory),
    Column("org_type", _("Type"), required=True, kind="choice", choices=OrgType),
    Column("is_non_public", _("Non-public enterprise"), kind="bool"),
    Column("contact_name", _("Contact person"), max_length=40),
    Column("contact_phone", _("Contact phone"), max_length=20, validator=validate_phone),
    Column("address", _("Address")),
    Column("founded_on", _("Founded on"), kind="date"),
    Column("term_number", _("Term (届次)"), kind="int"),
    Column("term_elected_on", _("Term elected on"), kind="date"),
    Column("term_years", _("Term length (years)"), kind="int"),
    Column("is_active", _("Active"), kind="bool"),
]

PEOPLE_COLUMNS = [
    Column("name", pgettext_lazy("person", "Name"), required=True, max_length=40, example="王小明"),
    Column(
        "gender",
        _("Gender"),
        kind="choice",
        choices=Gender,
        help=_("Filled in from the ID-card number when empty; required without a number."),
        example=Gender.MALE.label,
    ),
    Column(
        "birth_date",
        _("Birth date"),
        kind="date",
        help=_("Filled in from the ID-card number when empty; must match it."),
        example="1990-03-07",
    ),
    Column("ethnicity", _("Ethnicity"), max_length=20, example="汉族"),
    Column(
        "phone",
        _("Phone"),
        max_length=20,
        validator=validate_phone,
        help=_("Mobile (11 digits; spaces, dashes and +86 are removed) or landline 0371-12345678."),
        example="13800138000",
    ),
    Column(
        "id_card",
        _("ID-card number"),
        max_length=18,
        validator=validate_id_card,
        help=_("18 characters (GB 11643 check digit); 15-digit old numbers are not accepted."),
        example="110101199003074477",
    ),
    Column("education", _("Education"), kind="choice", choices=Education),
    Column(
        "party_status",
        _("Party status"),
        required=True,
        kind="choice",
        choices=PartyStatus,
        help=_("The date of this stage is required; dates of later stages must be empty."),
        example=PartyStatus.FULL.label,
    ),
    Column(
        "applied_on",
        _("Applied on"),
        kind="date",
        help=_("On or after the 18th birthday; the stage dates run in order."),
        example="2012-03-01",
    ),
    Column("activist_on", _("Activist since"), kind="date", example="2012-09-01"),
    Column("candidate_on", _("Candidate since"), kind="date", example="2013-10-01"),
    Column("probationary_on", _("Probationary since"), kind="date", example="2014-07-01"),
    Column("full_member_on", _("Full member since"), kind="date", example="2015-07-01"),
    Column(
        "org_code",
        _("Organization code"),
        required=True,
        max_length=32,
        help=_("Code of the person's organization (a branch); changing it is a transfer."),
        example="A1",
    ),
    Column(
        "org_name",
        _("Organization name"),
        ignored=True,
        help=_("Written by exports beside the code; not read on import."),
    ),
    Column("cadre_position", _("Position"), max_length=60),
    Column("is_active", _("Active"), kind="bool", example="是"),
    Column(
        "exit_status",
        _("Left because"),
        kind="choice",
        choices=ExitStatus,
        help=_("Empty while on the rolls. Set with the date to record that the person left."),
    ),
    Column("exit_on", _("Left on"), kind="date"),
    Column(
        "id",
        _("Person number"),
        kind="int",
        help=_(
            "Written by exports: in update mode the row updates this person. Empty for new "
            "people. “Example” marks the template's example row, which is not imported."
        ),
    ),
]

COLUMNS = {"orgs": ORG_COLUMNS, "people": PEOPLE_COLUMNS}


def headers(kind: str) -> list[str]:
    return [str(column.label) for column in COLUMNS[kind]]


EXAMPLE_MARK = _("Example")


def template_bytes(kind: str) -> bytes:
    """The import template: the header row (with, for people, one example row that the
    import skips), drop-down lists for the coded columns, and an explanation sheet giving
    each column's meaning, format and allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = COLUMNS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Template")
    sheet.append(headers(kind))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if kind == "people":
        sheet.append(
            [
                str(EXAMPLE_MARK) if c.field == "id" else str(c.example) if c.example else None
                for c in columns
            ]
        )
    lists = book.create_sheet(gettext("Lists"))
    lists.sheet_state = "hidden"
    explained = book.create_sheet(gettext("Explanation"))
    explained.append(
        [gettext("Column"), gettext("Meaning"), gettext("Format"), gettext("Allowed values")]
    )
    for cell in explained[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(str(column.label)) * 2 + 4)
        allowed = ""
        if column.kind == "choice":
            labels = [str(label) for _value, label in column.choices.choices]
            allowed = "、".join(labels)
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=index, value=label)
            validation = DataValidation(
                type="list",
                formula1=f"={_quoted_sheet(lists.title)}!${letter}$1:${letter}${len(labels)}",
                allow_blank=not column.required,
                showErrorMessage=True,
                error=gettext("Choose one of the list's values."),
            )
            validation.add(f"{letter}2:{letter}{rules.IMPORT_MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
        elif column.kind == "bool":
            allowed = "是、否"
        explained.append(
            [
                str(column.label),
                " ".join(
                    part
                    for part in (
                        gettext("Required.") if column.required else "",
                        str(column.help),
                    )
                    if part
                ),
                _format_of(column),
                allowed,
            ]
        )
    for letter, width in zip("ABCD", (18, 60, 28, 40), strict=True):
        explained.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _quoted_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _format_of(column: Column) -> str:
    if column.ignored:
        return gettext("(not read)")
    return {
        "date": gettext("date, e.g. 2024-07-01"),
        "int": gettext("whole number"),
        "bool": gettext("是 or 否"),
        "choice": gettext("one value of the list"),
    }.get(column.kind) or gettext("text, at most %(max)d characters") % {"max": column.max_length}


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Value → label, translated once per export instead of once per cell."""
    return {value: str(label) for value, label in choices.choices} | {"": ""}


def export_orgs(orgs: Iterable[Organization]) -> bytes:
    category, org_type = _labels(OrgCategory), _labels(OrgType)
    yes_no = {True: gettext("yes"), False: gettext("no")}

    def rows():
        for org in orgs:
            yield [
                org.code,
                org.name,
                org.parent.code if org.parent else "",
                org.parent.name if org.parent else "",
                category[org.category],
                org_type[org.org_type],
                yes_no[org.is_non_public],
                org.contact_name,
                org.contact_phone,
                org.address,
                _date(org.founded_on),
                org.term_number,
                _date(org.term_elected_on),
                org.term_years,
                yes_no[org.is_active],
            ]

    return workbook_bytes(headers("orgs"), rows(), title=gettext("Organizations"))


def export_people(people: Iterable[Person], *, viewer: User) -> bytes:
    gender, education, status = _labels(Gender), _labels(Education), _labels(PartyStatus)
    exit_status = _labels(ExitStatus)
    yes_no = {True: gettext("yes"), False: gettext("no")}

    def rows():
        for person in people:
            yield [
                person.name,
                gender[person.gender],
                person.birth_date_for(viewer),
                person.ethnicity,
                person.phone,
                person.id_card_for(viewer),
                education[person.education],
                status[person.party_status],
                _date(person.applied_on),
                _date(person.activist_on),
                _date(person.candidate_on),
                _date(person.probationary_on),
                _date(person.full_member_on),
                person.primary_org.code,
                person.primary_org.name,
                person.cadre_position,
                yes_no[person.is_active],
                exit_status[person.exit_status],
                _date(person.exit_on),
                person.pk,
            ]

    return workbook_bytes(headers("people"), rows(), title=gettext("People"))


# ---- reading ----------------------------------------------------------------------------


def _labels_in_all_languages(text: Promise) -> set[str]:
    found = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            found.add(str(text))
    return found


@functools.cache
def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Value and both languages' labels → value; built once per choice set, not per cell."""
    lookup = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for text in _labels_in_all_languages(label):
            lookup[text.lower()] = value
    return lookup


_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
# The key of a people row's dict listing its empty cells: an update empties those fields.
EMPTY = "__empty__"


def _parse_cell(column: Column, raw) -> object:
    """The Python value of one cell, or ValueError with the reason."""
    text = cell_text(raw)
    if text == "":
        if column.required:
            raise ValueError(gettext("This column is required."))
        return None
    if column.field == "id_card" and "*" in text:
        return Masked(text)
    if column.field == "birth_date" and _YEAR_MONTH.match(text):
        return Masked(text)
    if column.kind == "date":
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            gettext("“%(value)s” is not a date (use 2024-07-01).") % {"value": _quoted(text)}
        )
    if column.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a whole number.") % {"value": _quoted(text)}
            ) from None
    if column.kind == "bool":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(gettext("“%(value)s” is neither 是 nor 否.") % {"value": _quoted(text)})
    if column.kind == "choice":
        value = _choice_lookup(column.choices).get(text.lower())
        if value is None:
            allowed = "、".join(str(label) for _value, label in column.choices.choices)
            raise ValueError(
                gettext("“%(value)s” is not one of: %(allowed)s.")
                % {"value": _quoted(text), "allowed": allowed}
            )
        return value
    if len(text) > column.max_length:
        raise ValueError(
            gettext("%(length)d characters; at most %(max)d.")
            % {"length": len(text), "max": column.max_length}
        )
    if column.validator is not None:
        if column.field == "id_card":
            text = normalize_id_card(text)
        try:
            column.validator(text)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from None
    return text


def parse_sheet(
    kind: str, content: bytes, progress: Callable[[int, int], None] | None = None
) -> ParsedSheet:
    """Every row as a dict of field values, and every problem found in the cells.

    The rows are read as they are parsed, within rules.py's limits: a file past one is
    refused as soon as the reader gets there, with the reason as the only error.
    """
    result = ParsedSheet()
    columns = COLUMNS[kind]
    done = 0
    try:
        sheet = read_sheet(content, LIMITS)
        positions = _header_positions(columns, sheet.header, result.errors)
        if result.errors:
            return result
        for row in sheet.rows:
            done += 1
            if _is_example(row, positions):
                continue
            values = _parse_row(row, positions, result.errors)
            if kind == "people":
                empty = {c.field for c in positions.values() if not c.ignored} - set(values)
                values[EMPTY] = frozenset(empty)
            result.rows.append((row.number, values))
            if progress and done % 500 == 0:
                progress(done, max(done, sheet.estimated_rows))
    except WorkbookTooLarge as too_large:
        return _refused(too_large.message)
    except WorkbookError:
        return _refused(gettext("The file is not a readable .xlsx workbook."))
    if progress:
        progress(done, done)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", gettext("The file has no data rows.")))
    return result


def _refused(message: str) -> ParsedSheet:
    refused = ParsedSheet()
    refused.errors.append(RowError(0, "", message))
    return refused


def _header_positions(
    columns: list[Column], header_texts: list[str], errors: ErrorList
) -> dict[int, Column]:
    by_label = {}
    for column in columns:
        for text in _labels_in_all_languages(column.label):
            by_label[text] = column
    positions: dict[int, Column] = {}
    for index, text in enumerate(header_texts):
        if not text:
            continue
        column = by_label.get(text)
        if column is None:
            errors.append(RowError(1, text, gettext("Unknown column: use the template's headers.")))
        elif column in positions.values():
            errors.append(RowError(1, text, gettext("This column appears twice.")))
        else:
            positions[index] = column
    for column in columns:
        if column.required and column not in positions.values():
            errors.append(
                RowError(1, str(column.label), gettext("This required column is missing."))
            )
    return positions


def _is_example(row: SheetRow, positions: dict[int, Column]) -> bool:
    """The template's example row (its person number reads “Example”): never imported."""
    for index, column in positions.items():
        if column.field == "id" and index < len(row.values):
            return cell_text(row.values[index]) in _labels_in_all_languages(EXAMPLE_MARK)
    return False


def _parse_row(row: SheetRow, positions: dict[int, Column], errors: list[RowError]) -> dict:
    values = {}
    for index, column in positions.items():
        if column.ignored:
            continue
        raw = row.values[index] if index < len(row.values) else None
        try:
            parsed = _parse_cell(column, raw)
        except ValueError as exc:
            errors.append(RowError(row.number, str(column.label), str(exc)))
            continue
        if parsed is not None:
            values[column.field] = parsed
    return values


def _label(kind: str, field_name: str) -> str:
    return next(str(c.label) for c in COLUMNS[kind] if c.field == field_name)


# Service fields that are not columns of the sheet, and the column they come from.
FIELD_COLUMNS = {"orgs": {"parent": "parent_code"}, "people": {"primary_org": "org_code"}}


def _validation_errors(kind: str, row: int, error: ValidationError) -> list[RowError]:
    """A service's ValidationError (by field) as row errors under the sheet's column labels."""
    labels = {c.field: str(c.label) for c in COLUMNS[kind]}
    for field_name, column in FIELD_COLUMNS[kind].items():
        labels[field_name] = labels[column]
    found = []
    for field_name, messages in error.message_dict.items():
        column = labels.get(field_name, "" if field_name == NON_FIELD_ERRORS else field_name)
        found.extend(RowError(row, column, message) for message in messages)
    return found


def check_orgs(parsed: ParsedSheet, actor: User) -> list[tuple[int, dict]]:
    """Rows ordered parents first; problems across rows and with the database go to errors.

    Every row is then built by `services.org_build` (permission, model rules, dates), as the
    single-record form does, so the report lists every problem before anything is saved.
    """
    code_label, parent_label = _label("orgs", "code"), _label("orgs", "parent_code")
    first_row: dict[str, int] = {}
    for number, values in parsed.rows:
        code = values.get("code")
        if code is None:
            continue
        if code in first_row:
            parsed.errors.append(
                RowError(
                    number,
                    code_label,
                    gettext("Code %(code)s is already used in row %(row)d.")
                    % {"code": _quoted(code), "row": first_row[code]},
                )
            )
        else:
            first_row[code] = number
    codes = Organization.objects.unscoped("organization codes are unique across the county")
    existing = set(codes.filter(code__in=first_row).values_list("code", flat=True))
    for number, values in parsed.rows:
        if values.get("code") in existing and first_row.get(values["code"]) == number:
            parsed.errors.append(
                RowError(
                    number,
                    code_label,
                    gettext("Code %(code)s already exists.") % {"code": _quoted(values["code"])},
                )
            )
    parents = _parents(parsed.rows, actor)
    ordered: list[tuple[int, dict]] = []
    placed = set(parents)
    pending = [(n, v) for n, v in parsed.rows if "parent_code" in v and "code" in v]
    while pending:
        still = []
        for number, values in pending:
            if values["parent_code"] in placed:
                ordered.append((number, values))
                placed.add(values["code"])
            else:
                still.append((number, values))
        if len(still) == len(pending):
            for number, values in still:
                parsed.errors.append(
                    RowError(
                        number,
                        parent_label,
                        gettext(
                            "Unknown parent organization code %(code)s (or one you may not "
                            "change, or a loop between rows)."
                        )
                        % {"code": _quoted(values["parent_code"])},
                    )
                )
            break
        pending = still
    # Build every row that has no problem yet (a child of a refused row is not built: its
    # parent's error says what to fix).
    if parsed.errors.dropped:  # the file fails anyway; its rows are not worth building
        return ordered
    refused = parsed.rows_with_errors()
    built: dict[str, Organization] = {}
    for number, values in ordered:
        parent = built.get(values["parent_code"]) or parents.get(values["parent_code"])
        if number in refused or parent is None:
            continue
        try:
            built[values["code"]] = services.org_build(
                actor=actor, parent=parent, **_org_fields(values)
            )
        except ValidationError as error:
            parsed.errors.extend(_validation_errors("orgs", number, error))
        except PermissionDenied as denied:
            parsed.errors.append(RowError(number, parent_label, str(denied)))
    return ordered


def _parents(rows: list[tuple[int, dict]], actor: User) -> dict[str, Organization]:
    """The existing organizations named as parents that the actor may change, by code."""
    parent_codes = {v["parent_code"] for _n, v in rows if "parent_code" in v}
    reachable = Organization.objects.visible_to(actor, Action.CHANGE)
    return {org.code: org for org in reachable.filter(code__in=parent_codes)}


def _org_fields(values: dict) -> dict:
    fields = dict(values)
    fields.pop("parent_code")
    # A blank term length is the one the regulation sets for the organization's type.
    if fields.get("term_years") is None:
        fields["term_years"] = rules.term_years_for(fields.get("org_type"))
    return fields


@transaction.atomic
def save_orgs(rows: list[tuple[int, dict]], actor: User) -> int:
    """Save checked rows (parents first) through the services, built again inside the
    transaction; one audit entry per organization."""
    parents = _parents(rows, actor)
    created: dict[str, Organization] = {}
    for number, values in rows:
        parent = created.get(values["parent_code"]) or parents.get(values["parent_code"])
        try:
            if parent is None:
                raise PermissionDenied(services.ERRORS["parent_out_of_scope"])
            org = services.org_build(actor=actor, parent=parent, **_org_fields(values))
        except ValidationError as exc:
            raise RowValidationError(number, exc) from None
        except PermissionDenied as denied:
            raise RowValidationError(number, ValidationError({"parent": str(denied)})) from None
        created[org.code] = services.org_insert(actor=actor, org=org, via="import", row=number)
    return len(created)


class RowValidationError(Exception):
    """A model rule failed while saving a row that had passed the checks (the data changed
    between checking and saving)."""

    def __init__(self, row: int, error: ValidationError) -> None:
        super().__init__(row)
        self.row = row
        self.error = error

    def row_errors(self, kind: str) -> list[RowError]:
        return [
            row_error(e.row, e.column, e.message)
            for e in _validation_errors(kind, self.row, self.error)
        ]
