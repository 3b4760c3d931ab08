"""A rule set as an .xlsx sheet, one row per item, and back: columns code, parent code, name,
kind, max points, scoring, automatic indicator, guidance (in this order; the header row is
the first). Kind and scoring are written as their labels and read as a label (Chinese or
English) or a code (indicator / bonus / deduction, manual / auto).

An import reports every bad row (its number, the column, why) and then every rule of the
tree (ruleset_checks), and saves nothing unless all is well: it replaces a draft's items
through `ruleset_services.ruleset_replace_items`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_ruleset as rules
from dangjian.assess import ruleset_services as services
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.ruleset_checks import check_item, points_number
from dangjian.assess.ruleset_selectors import ruleset_items
from dangjian.lib.excel import (
    SheetLimits,
    WorkbookError,
    WorkbookTooLarge,
    cell_text,
    read_sheet,
    workbook_bytes,
)
from dangjian.orgs.models import User

COLUMNS = (
    ("code", _("Code")),
    ("parent", _("Parent item code")),
    ("name", _("Name")),
    ("kind", _("Kind")),
    ("max_points", _("Max points")),
    ("scoring", _("Scoring")),
    ("auto_indicator", _("Automatic indicator")),
    ("guidance", _("Scoring guidance")),
)
LIMITS = SheetLimits(
    max_rows=rules.ITEMS_MAX,
    max_columns=len(COLUMNS) + 4,
    max_cell_chars=rules.GUIDANCE_MAX_CHARS,
    max_shared_strings=4 * rules.ITEMS_MAX * len(COLUMNS),
    max_shared_strings_bytes=8 * 2**20,
    max_uncompressed_bytes=20 * 2**20,
)
ERRORS = {
    "unreadable": _("The file is not a readable .xlsx workbook."),
    "empty": _("The sheet holds no rows below its header."),
    "row": _("Row %(row)s, column “%(column)s”: %(message)s"),
    "choice": _("write one of %(choices)s."),
    "parent_unknown": _("no top-level item has the code %(code)s."),
}


def _labels(choices) -> dict[str, str]:
    """value → value, and each label (in Chinese and in English) → value."""
    found = {}
    for value, label in choices:
        found[value] = value
        found[str(label)] = value
        with translation.override("en"):
            found[str(label)] = value
        with translation.override("zh-hans"):
            found[str(label)] = value
    return {key.strip().lower(): value for key, value in found.items()}


def export_bytes(ruleset: RuleSet) -> bytes:
    kinds = dict(RuleItem.Kind.choices)
    scorings = dict(RuleItem.Scoring.choices)
    rows = [
        (
            item.code,
            item.parent.code if item.level == 2 else "",
            item.name,
            str(kinds[item.kind]),
            points_number(item.max_points),
            str(scorings[item.scoring]),
            item.auto_indicator,
            item.guidance,
        )
        for item in _with_parents(ruleset_items(ruleset))
    ]
    return workbook_bytes([str(label) for _key, label in COLUMNS], rows, title=ruleset.name)


def _with_parents(items: list[RuleItem]) -> list[RuleItem]:
    parent = None
    for item in items:
        if item.level == 1:
            parent = item
        else:
            item.parent = parent
    return items


def export_filename(ruleset: RuleSet) -> str:
    return f"{ruleset.name}-v{ruleset.version}.xlsx"


def parse(content: bytes) -> list[dict]:
    """The sheet as the API's nested tree; ValidationError({"file": [every bad row]})."""
    try:
        sheet = read_sheet(content, LIMITS)
        rows = list(sheet.rows)
    except WorkbookTooLarge as error:
        raise ValidationError({"file": [error.message]}) from None
    except WorkbookError:
        raise ValidationError({"file": [str(ERRORS["unreadable"])]}) from None
    if not rows:
        raise ValidationError({"file": [str(ERRORS["empty"])]})
    kinds = _labels(RuleItem.Kind.choices)
    scorings = _labels(RuleItem.Scoring.choices)
    column_names = {key: str(label) for key, label in COLUMNS}
    messages: list[str] = []
    top: list[dict] = []
    by_code: dict[str, dict] = {}

    def refuse(row: int, key: str, message: str) -> None:
        params = {"row": row, "column": column_names[key], "message": message}
        messages.append(str(ERRORS["row"]) % params)

    known = services.known_indicators()
    for row in rows:
        values = [cell_text(value) for value in row.values] + [""] * len(COLUMNS)
        raw = {key: values[index] for index, (key, _label) in enumerate(COLUMNS)}
        raw["max_points"] = row.values[4] if len(row.values) > 4 else None
        for key, table in (("kind", kinds), ("scoring", scorings)):
            text = raw[key].strip().lower()
            if text and text not in table:
                choices = "、".join(
                    str(label) for _value, label in getattr(RuleItem, key.title()).choices
                )
                refuse(row.number, key, str(ERRORS["choice"]) % {"choices": choices})
                raw[key] = "?"
            else:
                raw[key] = table.get(text, "")
        parent = raw.pop("parent").strip()
        _spec, errors = check_item(raw, known=known, level=2 if parent else 1)
        for key, texts in errors.items():
            if raw.get(key) == "?":
                continue
            for text in texts:
                refuse(row.number, key, text)
        raw["children"] = []
        if parent:
            holder = by_code.get(parent)
            if holder is None:
                refuse(row.number, "parent", str(ERRORS["parent_unknown"]) % {"code": parent})
            else:
                holder["children"].append(raw)
        else:
            top.append(raw)
            if raw["code"]:
                by_code.setdefault(raw["code"], raw)
    if messages:
        raise ValidationError({"file": messages})
    return top


def ruleset_import(*, actor: User, ruleset: RuleSet, content: bytes) -> RuleSet:
    """The draft's items replaced by the sheet's, all or nothing."""
    services.require_draft_change(actor, ruleset)
    tree = parse(content)
    return services.ruleset_replace_items(
        actor=actor, ruleset=ruleset, indicators=tree, source="xlsx"
    )
