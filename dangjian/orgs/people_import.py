"""People imports: each row adds a person or, in update mode, updates the person it names
(by the export's person number, or by ID-card number) — an export edited and imported back.

Every row is checked by the services the single-record pages use (`people_build` for new
people, `person_update_check` and `person_exit_check` for updates) before anything is saved;
then everything is saved in one transaction through `people_insert`, `person_update` and
`person_exit`, or nothing is (spreadsheets.RowValidationError names the row).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.orgs import services
from dangjian.orgs.models import ImportJob, Organization, Person, User
from dangjian.orgs.scoping import Action
from dangjian.orgs.spreadsheets import (
    EMPTY,
    PEOPLE_COLUMNS,
    Masked,
    ParsedSheet,
    RowError,
    RowValidationError,
    _label,
    _quoted,
    _validation_errors,
)
from dangjian.orgs.validators import mask_id_card

IMPORT_ERRORS = {
    "no_match": _(
        "No person numbered %(id)s that you may change (the number comes from an export)."
    ),
    "no_match_update": _(
        "This row matches no person you may change (by person number or ID-card number): "
        "update mode adds nobody. Choose “add the others” to add new people."
    ),
    "same_number": _("The same person number is in row %(row)d."),
    "transfer": _(
        "The person belongs to %(org)s: a change of organization is a transfer (the person's "
        "Transfer page), not an import."
    ),
    "masked_new": _("“%(value)s” is masked: enter the whole value for a new person."),
    "masked_changed": _(
        "“%(value)s” is masked and is not the recorded value: enter the whole value, or keep "
        "the exported one."
    ),
}


@dataclass
class PeopleCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class PlannedRow:
    """One row of a people import: a new person (`person` None) or an update of `person`
    with `fields`, and the exit to record (ExitStatus, date) if the row sets one."""

    number: int
    values: dict
    person: Person | None = None
    fields: dict = field(default_factory=dict)
    exit: tuple[str, datetime.date] | None = None


def check_people(
    parsed: ParsedSheet, actor: User, mode: str = ImportJob.Mode.CREATE
) -> dict[str, Organization]:
    """Problems across rows go to errors; then every good row is checked by the services as
    the single-record forms are: a new person by `services.people_build` (permission, model
    rules, dates, the bounded ID-card check), an update by `services.person_update_check`
    (and `person_exit_check` for an exit the row records)."""
    org_label, id_label = _label("people", "org_code"), _label("people", "id_card")
    number_label = _label("people", "id")
    codes = {v["org_code"] for _n, v in parsed.rows if "org_code" in v}
    orgs = {
        org.code: org
        for org in Organization.objects.visible_to(actor, Action.CHANGE).filter(code__in=codes)
    }
    first_id: dict[str, int] = {}
    first_number: dict[int, int] = {}
    for number, values in parsed.rows:
        if "org_code" in values and values["org_code"] not in orgs:
            parsed.errors.append(
                RowError(
                    number,
                    org_label,
                    gettext("Unknown organization code %(code)s (or one you may not change).")
                    % {"code": _quoted(values["org_code"])},
                )
            )
        id_card = values.get("id_card")
        if id_card and not isinstance(id_card, Masked):
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
        person_number = values.get("id")
        if person_number is not None and mode != ImportJob.Mode.CREATE:
            if person_number in first_number:
                parsed.errors.append(
                    RowError(
                        number,
                        number_label,
                        str(IMPORT_ERRORS["same_number"]) % {"row": first_number[person_number]},
                    )
                )
            else:
                first_number[person_number] = number
    if parsed.errors.dropped:  # the file fails anyway: no row is built or looked up
        return orgs
    refused = parsed.rows_with_errors()
    good = [(n, v) for n, v in parsed.rows if n not in refused]
    planned, problems = plan_people(good, orgs, actor, mode)
    parsed.errors.extend(problems)
    creates = [row for row in planned if row.person is None]
    built = services.people_build(
        actor=actor, rows=_people_rows([(r.number, r.values) for r in creates], orgs)
    )
    for row, person in zip(creates, built, strict=True):
        if isinstance(person, ValidationError):
            parsed.errors.extend(_validation_errors("people", row.number, person))
    for row in planned:
        if row.person is not None:
            try:
                _check_update(actor, row)
            except ValidationError as error:
                parsed.errors.extend(_validation_errors("people", row.number, error))
            except PermissionDenied as denied:
                parsed.errors.append(RowError(row.number, number_label, str(denied)))
    return orgs


def _check_update(actor: User, row: PlannedRow) -> dict:
    changes = services.person_update_check(actor=actor, person=row.person, **row.fields)
    if row.exit is not None:
        services.person_exit_check(person=row.person, status=row.exit[0], on=row.exit[1])
    return changes


def _matches(rows: list[tuple[int, dict]], actor: User) -> tuple[dict, dict]:
    """The people the rows name that the actor may change: by person number, and (for rows
    without one) by ID-card number. Someone out of reach is not found, whoever holds it."""
    reachable = Person.objects.visible_to(actor, Action.CHANGE).select_related("primary_org")
    numbers = sorted({v["id"] for _n, v in rows if v.get("id") is not None})
    cards = sorted(
        {
            v["id_card"]
            for _n, v in rows
            if v.get("id") is None and v.get("id_card") and not isinstance(v["id_card"], Masked)
        }
    )
    by_number: dict[int, Person] = {}
    by_card: dict[str, Person] = {}
    for start in range(0, max(len(numbers), len(cards)), 500):
        by_number.update((p.pk, p) for p in reachable.filter(pk__in=numbers[start : start + 500]))
        by_card.update(
            (p.id_card, p) for p in reachable.filter(id_card__in=cards[start : start + 500])
        )
    return by_number, by_card


def plan_people(
    rows: list[tuple[int, dict]], orgs: dict[str, Organization], actor: User, mode: str
) -> tuple[list[PlannedRow], list[RowError]]:
    """What each row does in `mode`: create (mode create: every row, its person number
    ignored), update the matched person, or a problem (update mode: a row that matches
    nobody; any mode: a person number that matches nobody the actor may change)."""
    planned: list[PlannedRow] = []
    problems: list[RowError] = []
    if mode == ImportJob.Mode.CREATE:
        by_number, by_card = {}, {}
    else:
        by_number, by_card = _matches(rows, actor)
    for number, values in rows:
        person = None
        if mode != ImportJob.Mode.CREATE:
            if values.get("id") is not None:
                person = by_number.get(values["id"])
                if person is None:
                    problems.append(
                        RowError(
                            number,
                            _label("people", "id"),
                            str(IMPORT_ERRORS["no_match"]) % {"id": values["id"]},
                        )
                    )
                    continue
            elif values.get("id_card") and not isinstance(values["id_card"], Masked):
                person = by_card.get(values["id_card"])
            if person is None and mode == ImportJob.Mode.UPDATE:
                problems.append(RowError(number, "", str(IMPORT_ERRORS["no_match_update"])))
                continue
        if person is None:
            masked = [name for name, value in values.items() if isinstance(value, Masked)]
            for name in masked:
                problems.append(
                    RowError(
                        number,
                        _label("people", name),
                        str(IMPORT_ERRORS["masked_new"]) % {"value": _quoted(values[name])},
                    )
                )
            if not masked:
                planned.append(PlannedRow(number, values))
            continue
        row, row_problems = _update_row(number, values, person, orgs)
        problems.extend(row_problems)
        if not row_problems:
            planned.append(row)
    return planned, problems


# Columns an update does not write as fields: the match, the organization (a transfer),
# the exit (its own service).
_NOT_UPDATED = frozenset({"id", "org_code", "exit_status", "exit_on", EMPTY})


def _update_row(
    number: int, values: dict, person: Person, orgs: dict[str, Organization]
) -> tuple[PlannedRow, list[RowError]]:
    problems = []
    kinds = {c.field: c.kind for c in PEOPLE_COLUMNS}
    fields = {k: v for k, v in values.items() if k not in _NOT_UPDATED}
    for name in values.get(EMPTY, ()):
        if name in _NOT_UPDATED or kinds[name] in ("bool", "int"):
            continue
        fields[name] = None if kinds[name] == "date" else ""
    for name, value in list(fields.items()):
        if not isinstance(value, Masked):
            continue
        stored = getattr(person, name)
        if name == "id_card":
            same = bool(stored) and mask_id_card(stored) == value
        else:
            same = stored is not None and stored.strftime("%Y-%m") == value
        if same:
            del fields[name]
        else:
            problems.append(
                RowError(
                    number,
                    _label("people", name),
                    str(IMPORT_ERRORS["masked_changed"]) % {"value": _quoted(value)},
                )
            )
    org = orgs.get(values.get("org_code"))
    if org is not None and org.pk != person.primary_org_id:
        problems.append(
            RowError(
                number,
                _label("people", "org_code"),
                str(IMPORT_ERRORS["transfer"]) % {"org": person.primary_org.name},
            )
        )
    row = PlannedRow(number, values, person, fields)
    empty = values.get(EMPTY, frozenset())
    if "exit_status" in values or "exit_status" in empty:
        status, on = values.get("exit_status", ""), values.get("exit_on")
        if (status, on) != (person.exit_status, person.exit_on):
            if person.exit_status or not status:
                problems.append(
                    RowError(
                        number,
                        _label("people", "exit_status"),
                        str(services.PERSON_ERRORS["exit_on_page"]),
                    )
                )
            else:
                row.exit = (status, on)
                fields.pop("is_active", None)  # leaving makes the person inactive
    return row, problems


def _people_rows(
    rows: list[tuple[int, dict]], orgs: dict[str, Organization]
) -> list[tuple[Organization, dict]]:
    found = []
    for _number, values in rows:
        fields = {k: v for k, v in values.items() if k not in ("id", EMPTY)}
        found.append((orgs[fields.pop("org_code")], fields))
    return found


@transaction.atomic
def save_people(
    rows: list[tuple[int, dict]],
    orgs: dict[str, Organization],
    actor: User,
    mode: str = ImportJob.Mode.CREATE,
) -> PeopleCounts:
    """Save checked rows through the services, planned and built again inside the
    transaction: new people as bulk inserts (an import of tens of thousands of people is a
    handful of statements) with the scope re-check and one audit entry each; updates by
    `services.person_update` (and `person_exit`) row by row, unchanged rows untouched. Any
    refusal rolls the whole file back."""
    counts = PeopleCounts()
    planned, problems = plan_people(rows, orgs, actor, mode)
    if problems:
        first = problems[0]
        raise RowValidationError(first.row, ValidationError(first.message))
    creates = [row for row in planned if row.person is None]
    built = services.people_build(
        actor=actor, rows=_people_rows([(r.number, r.values) for r in creates], orgs)
    )
    for row, person in zip(creates, built, strict=True):
        if isinstance(person, ValidationError):
            raise RowValidationError(row.number, person)
    try:
        services.people_insert(
            actor=actor,
            people=built,
            audit_data=[{"via": "import", "row": row.number} for row in creates],
        )
    except PermissionDenied as denied:  # the scope re-check after writing
        raise RowValidationError(0, ValidationError(str(denied))) from None
    counts.created = len(built)
    for row in planned:
        if row.person is None:
            continue
        try:
            changes = _check_update(actor, row)
            if changes:
                services.person_update(actor=actor, person=row.person, **row.fields)
            if row.exit is not None:
                services.person_exit(
                    actor=actor, person=row.person, status=row.exit[0], on=row.exit[1]
                )
        except ValidationError as error:
            raise RowValidationError(row.number, error) from None
        except PermissionDenied as denied:
            raise RowValidationError(row.number, ValidationError(str(denied))) from None
        if changes or row.exit is not None:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts
