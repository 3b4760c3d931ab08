"""Excel templates, exports and imports of organizations and people.

An import reads every row, reports every problem (row, column, why) and saves nothing
unless the whole file is good.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dangjian.lib.excel import SheetRow, WorkbookError, cell_text, read_sheet, workbook_bytes
from dangjian.orgs import rules, services
from dangjian.orgs.models import (
    Education,
    Gender,
    Membership,
    Organization,
    OrgCategory,
    OrgType,
    PartyStatus,
    Person,
    User,
)
from dangjian.orgs.scoping import Action
from dangjian.orgs.validators import normalize_id_card, validate_id_card, validate_phone

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


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedSheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


ORG_COLUMNS = [
    Column("code", _("Code"), required=True, max_length=32),
    Column("name", _("Name"), required=True, max_length=120),
    Column("parent_code", _("Parent code"), required=True, max_length=32),
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
    Column("name", pgettext_lazy("person", "Name"), required=True, max_length=40),
    Column("gender", _("Gender"), required=True, kind="choice", choices=Gender),
    Column("birth_date", _("Birth date"), kind="date"),
    Column("ethnicity", _("Ethnicity"), max_length=20),
    Column("phone", _("Phone"), max_length=20, validator=validate_phone),
    Column("id_card", _("ID-card number"), max_length=18, validator=validate_id_card),
    Column("education", _("Education"), kind="choice", choices=Education),
    Column("party_status", _("Party status"), required=True, kind="choice", choices=PartyStatus),
    Column("applied_on", _("Applied on"), kind="date"),
    Column("activist_on", _("Activist since"), kind="date"),
    Column("candidate_on", _("Candidate since"), kind="date"),
    Column("probationary_on", _("Probationary since"), kind="date"),
    Column("full_member_on", _("Full member since"), kind="date"),
    Column("org_code", _("Organization code"), required=True, max_length=32),
    Column("cadre_position", _("Position"), max_length=60),
    Column("is_active", _("Active"), kind="bool"),
]

COLUMNS = {"orgs": ORG_COLUMNS, "people": PEOPLE_COLUMNS}


def headers(kind: str) -> list[str]:
    return [str(column.label) for column in COLUMNS[kind]]


def template_bytes(kind: str) -> bytes:
    return workbook_bytes(headers(kind), [], title=gettext("Template"))


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
    yes_no = {True: gettext("yes"), False: gettext("no")}

    def rows():
        for person in people:
            yield [
                person.name,
                gender[person.gender],
                _date(person.birth_date),
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
                person.cadre_position,
                yes_no[person.is_active],
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


def _parse_cell(column: Column, raw) -> object:
    """The Python value of one cell, or ValueError with the reason."""
    text = cell_text(raw)
    if text == "":
        if column.required:
            raise ValueError(gettext("This column is required."))
        return None
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
        raise ValueError(gettext("“%(value)s” is not a date (use 2024-07-01).") % {"value": text})
    if column.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a whole number.") % {"value": text}
            ) from None
    if column.kind == "bool":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(gettext("“%(value)s” is neither 是 nor 否.") % {"value": text})
    if column.kind == "choice":
        value = _choice_lookup(column.choices).get(text.lower())
        if value is None:
            allowed = "、".join(str(label) for _value, label in column.choices.choices)
            raise ValueError(
                gettext("“%(value)s” is not one of: %(allowed)s.")
                % {"value": text, "allowed": allowed}
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
    """Every row as a dict of field values, and every problem found in the cells."""
    result = ParsedSheet()
    columns = COLUMNS[kind]
    try:
        header_texts, rows = read_sheet(content)
    except WorkbookError:
        result.errors.append(RowError(0, "", gettext("The file is not a readable .xlsx workbook.")))
        return result
    total = len(rows)
    if total > rules.IMPORT_MAX_ROWS:
        result.errors.append(
            RowError(
                0,
                "",
                gettext("The file has %(rows)d rows; at most %(max)d per file.")
                % {"rows": total, "max": rules.IMPORT_MAX_ROWS},
            )
        )
        return result
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
            result.errors.append(
                RowError(1, text, gettext("Unknown column: use the template's headers."))
            )
        elif column in positions.values():
            result.errors.append(RowError(1, text, gettext("This column appears twice.")))
        else:
            positions[index] = column
    for column in columns:
        if column.required and column not in positions.values():
            result.errors.append(
                RowError(1, str(column.label), gettext("This required column is missing."))
            )
    if result.errors:
        return result
    done = 0
    for row in rows:
        result.rows.append((row.number, _parse_row(row, positions, result.errors)))
        done += 1
        if progress and done % 500 == 0:
            progress(done, total)
    if progress:
        progress(done, total)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", gettext("The file has no data rows.")))
    return result


def _parse_row(row: SheetRow, positions: dict[int, Column], errors: list[RowError]) -> dict:
    values = {}
    for index, column in positions.items():
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


def check_orgs(parsed: ParsedSheet, actor: User) -> list[tuple[int, dict]]:
    """Rows ordered parents first; problems across rows and with the database go to errors."""
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
                    % {"code": code, "row": first_row[code]},
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
                    gettext("Code %(code)s already exists.") % {"code": values["code"]},
                )
            )
    parent_codes = {v["parent_code"] for _n, v in parsed.rows if "parent_code" in v}
    reachable = set(
        Organization.objects.visible_to(actor, Action.CHANGE)
        .filter(code__in=parent_codes)
        .values_list("code", flat=True)
    )
    ordered: list[tuple[int, dict]] = []
    placed = set(reachable)
    pending = [(n, v) for n, v in parsed.rows if "parent_code" in v and "code" in v]
    while pending:
        still = [(n, v) for n, v in pending if v["parent_code"] not in placed]
        for number, values in pending:
            if values["parent_code"] in placed:
                ordered.append((number, values))
                placed.add(values["code"])
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
                        % {"code": values["parent_code"]},
                    )
                )
            break
        pending = still
    return ordered


@transaction.atomic
def save_orgs(rows: list[tuple[int, dict]], actor: User) -> int:
    created: dict[str, Organization] = {}
    for number, values in rows:
        fields = dict(values)
        parent_code = fields.pop("parent_code")
        parent = created.get(parent_code) or Organization.objects.visible_to(
            actor, Action.CHANGE
        ).get(code=parent_code)
        fields.setdefault("term_years", rules.TERM_YEARS_DEFAULT)
        try:
            created[fields["code"]] = services.org_create(actor=actor, parent=parent, **fields)
        except ValidationError as exc:
            raise RowValidationError(number, exc) from None
    return len(created)


def check_people(parsed: ParsedSheet, actor: User) -> dict[str, Organization]:
    org_label, id_label = _label("people", "org_code"), _label("people", "id_card")
    codes = {v["org_code"] for _n, v in parsed.rows if "org_code" in v}
    orgs = {
        org.code: org
        for org in Organization.objects.visible_to(actor, Action.CHANGE).filter(code__in=codes)
    }
    first_id: dict[str, int] = {}
    for number, values in parsed.rows:
        if "org_code" in values and values["org_code"] not in orgs:
            parsed.errors.append(
                RowError(
                    number,
                    org_label,
                    gettext("Unknown organization code %(code)s (or one you may not change).")
                    % {"code": values["org_code"]},
                )
            )
        id_card = values.get("id_card")
        if id_card:
            if id_card in first_id:
                parsed.errors.append(
                    RowError(
                        number,
                        id_label,
                        gettext("The same ID-card number is in row %(row)d.")
                        % {"row": first_id[id_card]},
                    )
                )
            else:
                first_id[id_card] = number
    holders = Person.objects.unscoped("ID-card numbers are unique across the county")
    taken = set(holders.filter(id_card__in=first_id).values_list("id_card", flat=True))
    for id_card in sorted(taken):
        parsed.errors.append(
            RowError(
                first_id[id_card],
                id_label,
                gettext("A person with this ID-card number already exists."),
            )
        )
    return orgs


@transaction.atomic
def save_people(rows: list[tuple[int, dict]], orgs: dict[str, Organization], actor: User) -> int:
    """Bulk writes: an import of tens of thousands of people is a handful of statements."""
    today = datetime.date.today()
    people = []
    for number, values in rows:
        fields = dict(values)
        org = orgs[fields.pop("org_code")]
        person = Person(primary_org=org, **fields)
        try:
            person.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise RowValidationError(number, exc) from None
        people.append(person)
    Person.objects.bulk_create(people, batch_size=1000)
    if people[0].pk is None:  # backends without RETURNING for bulk inserts
        raise RuntimeError("bulk_create did not return primary keys")
    Membership.objects.bulk_create(
        [Membership(person=p, org=p.primary_org, started_on=today) for p in people], batch_size=1000
    )
    scope = min((org.path for org in orgs.values()), key=len, default="/")
    services.audit_record(
        actor=actor,
        action="orgs.person.import",
        target=people[0],
        org_path=scope,
        count=len(people),
    )
    return len(people)


class RowValidationError(Exception):
    """A model rule failed while saving a row that had passed the cell checks."""

    def __init__(self, row: int, error: ValidationError) -> None:
        super().__init__(row)
        self.row = row
        self.error = error

    def row_errors(self, kind: str) -> list[RowError]:
        labels = {c.field: str(c.label) for c in COLUMNS[kind]}
        found = []
        for field_name, messages in self.error.message_dict.items():
            for message in messages:
                found.append(
                    RowError(
                        self.row,
                        labels.get(
                            field_name, "" if field_name == NON_FIELD_ERRORS else field_name
                        ),
                        message,
                    )
                )
        return found
