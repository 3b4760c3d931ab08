"""The rules a rule set's tree (百分考核细则) obeys, checked on plain data before anything is
saved: the API's JSON, the item form, an .xlsx import and the default rule sets all pass here.

- the 一级 `indicator` items add up to exactly rules.TOTAL_POINTS (100); bonus (加分项) and
  deduction (扣分项) items stand at the top level beside them, their cap as max_points, and
  are not counted in the 100;
- a 一级 item's 二级 items, if it has any, add up to its max_points; there is no third level;
- codes are non-empty and unique in the rule set; max_points > 0 (one decimal at most:
  scores are kept to 0.1, rules_round.POINTS_STEP);
- `scoring="auto"` names a registered indicator (lib.indicators) and is for leaf items only;
  a manual item names none, and may carry guidance.

A refusal names the item ("A1 班子建设: …") and gives each level's totals
("The top-level indicators add up to 95, not 100"); `TreeError.totals` holds the same figures
for the API: `{"top": 95, "expected": 100, "items": {"A": {"max": 60, "children": 55}}}`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_ruleset as rules

KINDS = ("indicator", "bonus", "deduction")
SCORINGS = ("manual", "auto")

ERRORS = {
    "empty": _("A rule set needs at least one top-level indicator."),
    "too_many": _("A rule set holds at most %(max)s items; this one has %(count)s."),
    "code_missing": _("Enter a code."),
    "code_too_long": _("A code has at most %(max)s characters."),
    "code_twice": _("The code %(code)s is used twice."),
    "name_missing": _("Enter a name."),
    "name_too_long": _("A name has at most %(max)s characters."),
    "points_bad": _("Enter the maximum points as a number."),
    "points_places": _("points have at most one decimal place."),
    "points_range": _("The maximum points are more than 0 and at most %(max)s."),
    "kind_bad": _("The kind is indicator, bonus or deduction."),
    "scoring_bad": _("The scoring is manual or auto."),
    "auto_missing": _(
        "An automatic item names the indicator it is computed from; known indicators: %(codes)s."
    ),
    "auto_unknown": _("%(code)s is not a registered indicator; known indicators: %(codes)s."),
    "auto_on_manual": _(
        "Only an automatic item names an indicator: choose automatic scoring or clear the "
        "indicator."
    ),
    "auto_not_leaf": _(
        "An item with sub-items is scored through them: only an item without sub-items is "
        "computed automatically."
    ),
    "third_level": _(
        "A sub-item cannot have sub-items of its own: a rule set has two levels at most."
    ),
    "extra_nested": _("Bonus and deduction items stand at the top level, without sub-items."),
    "guidance_too_long": _("The guidance has at most %(max)s characters."),
    "top_total": _("The top-level indicators add up to %(sum)s, not %(total)s."),
    "children_total": _("%(item)s is %(max)s but its items add up to %(sum)s."),
    "item": _("%(item)s: %(message)s"),
}


class TreeError(ValidationError):
    """A refused tree: the messages under "indicators" and the totals, for the API."""

    def __init__(self, messages: list[str], totals: dict, others: dict | None = None) -> None:
        super().__init__({**(others or {}), "indicators": messages})
        self.totals = totals


@dataclass
class ItemSpec:
    """One checked item, ready to be saved (position = its place in the tree, from 1)."""

    code: str
    name: str
    kind: str = "indicator"
    max_points: Decimal = Decimal(0)
    scoring: str = "manual"
    auto_indicator: str = ""
    guidance: str = ""
    parent: str = ""  # the parent's code; "" for a top-level item
    position: int = 0
    children: list[ItemSpec] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()

    def as_dict(self) -> dict:
        """The API's and the JSON data's shape (children nested)."""
        data = {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "max_points": self.max_points,
            "scoring": self.scoring,
            "auto_indicator": self.auto_indicator,
            "guidance": self.guidance,
        }
        if not self.parent:
            data["children"] = [child.as_dict() for child in self.children]
        return data


def points_text(value: Decimal) -> str:
    """60.00 → "60", 7.50 → "7.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def points_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_points(value) -> Decimal | None:
    """A finite number, or None (its range and decimals are `check_item`'s business)."""
    if value is None or isinstance(value, bool | list | dict):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def has_places(number: Decimal) -> bool:
    """At most rules.POINTS_PLACES decimals (40.00 is 40); `number` is within the range."""
    return number == number.quantize(Decimal(1).scaleb(-rules.POINTS_PLACES))


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def check_item(raw: dict, *, known: Collection[str], level: int) -> tuple[ItemSpec, dict]:
    """One item's own fields: (the spec, {field: [messages]}). Level 1 or 2; sub-items,
    uniqueness and totals are the tree's business (`check_tree`)."""
    errors: dict[str, list[str]] = {}
    spec = ItemSpec(
        code=_text(raw.get("code")),
        name=_text(raw.get("name")),
        kind=_text(raw.get("kind")) or "indicator",
        scoring=_text(raw.get("scoring")) or "manual",
        auto_indicator=_text(raw.get("auto_indicator")),
        guidance=_text(raw.get("guidance")),
    )

    def refuse(name: str, key: str, **params) -> None:
        text = str(ERRORS[key])
        errors.setdefault(name, []).append(text % params if params else text)

    if not spec.code:
        refuse("code", "code_missing")
    elif len(spec.code) > rules.CODE_MAX_CHARS:
        refuse("code", "code_too_long", max=rules.CODE_MAX_CHARS)
    if not spec.name:
        refuse("name", "name_missing")
    elif len(spec.name) > rules.NAME_MAX_CHARS:
        refuse("name", "name_too_long", max=rules.NAME_MAX_CHARS)
    points = parse_points(raw.get("max_points"))
    if points is None:
        refuse("max_points", "points_bad")
    elif not Decimal(0) < points <= rules.POINTS_MAX:
        refuse("max_points", "points_range", max=points_text(rules.POINTS_MAX))
    elif not has_places(points):
        refuse("max_points", "points_places")
        spec.max_points = points  # refused, yet the totals are those of the figures given
    else:
        spec.max_points = points
    if spec.kind not in KINDS:
        refuse("kind", "kind_bad")
    elif level > 1 and spec.kind != "indicator":
        refuse("kind", "extra_nested")
    codes = ", ".join(sorted(known)) or "—"
    if spec.scoring not in SCORINGS:
        refuse("scoring", "scoring_bad")
    elif spec.scoring == "auto" and not spec.auto_indicator:
        refuse("auto_indicator", "auto_missing", codes=codes)
    elif spec.scoring == "auto" and spec.auto_indicator not in known:
        refuse("auto_indicator", "auto_unknown", code=spec.auto_indicator, codes=codes)
    elif spec.scoring == "manual" and spec.auto_indicator:
        refuse("auto_indicator", "auto_on_manual")
    if len(spec.guidance) > rules.GUIDANCE_MAX_CHARS:
        refuse("guidance", "guidance_too_long", max=rules.GUIDANCE_MAX_CHARS)
    return spec, errors


def _label(spec: ItemSpec, index: str) -> str:
    return spec.label or f"#{index}"


def check_tree(raw_items: Iterable[dict], *, known: Collection[str]) -> list[ItemSpec]:
    """The whole tree, nested as the API sends it (`children` lists). Returns the top-level
    specs (children attached, positions numbered in tree order) or raises TreeError with
    every problem found and the totals."""
    messages: list[str] = []
    top: list[ItemSpec] = []
    seen: dict[str, int] = {}
    count = 0

    def note(spec: ItemSpec, index: str, text: str) -> None:
        params = {"item": _label(spec, index), "message": text}
        messages.append(str(ERRORS["item"]) % params)

    def take(raw, level: int, index: str, parent: ItemSpec | None) -> ItemSpec:
        nonlocal count
        count += 1
        raw = raw if isinstance(raw, dict) else {}
        spec, errors = check_item(raw, known=known, level=level)
        spec.position = count
        spec.parent = parent.code if parent else ""
        for texts in errors.values():
            for text in texts:
                note(spec, index, text)
        if spec.code:
            seen[spec.code] = seen.get(spec.code, 0) + 1
            if seen[spec.code] == 2:
                messages.append(str(ERRORS["code_twice"]) % {"code": spec.code})
        kids = raw.get("children") or []
        if not isinstance(kids, list):
            kids = []
        if kids and level >= rules.LEVELS:
            note(spec, index, str(ERRORS["third_level"]))
        elif kids and spec.kind != "indicator":
            note(spec, index, str(ERRORS["extra_nested"]))
        elif kids and spec.scoring == "auto":
            note(spec, index, str(ERRORS["auto_not_leaf"]))
        if level < rules.LEVELS:
            for number, kid in enumerate(kids, start=1):
                spec.children.append(take(kid, level + 1, f"{index}.{number}", spec))
        return spec

    items = list(raw_items or [])
    for number, raw in enumerate(items, start=1):
        top.append(take(raw, 1, str(number), None))
    if count > rules.ITEMS_MAX:
        messages.insert(0, str(ERRORS["too_many"]) % {"max": rules.ITEMS_MAX, "count": count})
    totals = tree_totals(top)
    indicators = [spec for spec in top if spec.kind == "indicator"]
    if not indicators:
        messages.insert(0, str(ERRORS["empty"]))
    elif totals["top"] != rules.TOTAL_POINTS:
        params = {"sum": points_text(totals["top"]), "total": points_text(rules.TOTAL_POINTS)}
        messages.insert(0, str(ERRORS["top_total"]) % params)
    for spec in top:
        if spec.children and spec.code in totals["items"]:
            row = totals["items"][spec.code]
            if row["children"] != row["max"]:
                params = {
                    "item": _label(spec, ""),
                    "max": points_text(row["max"]),
                    "sum": points_text(row["children"]),
                }
                messages.append(str(ERRORS["children_total"]) % params)
    if messages:
        raise TreeError(messages, totals_json(totals))
    return top


def tree_totals(top: list[ItemSpec]) -> dict:
    """{"top": sum of the 一级 indicators, "expected": 100, "items": {code: {"max", "children"}}}
    for the 一级 items with sub-items (Decimals)."""
    total = sum((spec.max_points for spec in top if spec.kind == "indicator"), Decimal(0))
    items = {
        spec.code: {
            "max": spec.max_points,
            "children": sum((kid.max_points for kid in spec.children), Decimal(0)),
        }
        for spec in top
        if spec.children
    }
    return {"top": total, "expected": rules.TOTAL_POINTS, "items": items}


def totals_json(totals: dict) -> dict:
    return {
        "top": points_number(totals["top"]),
        "expected": points_number(totals["expected"]),
        "items": {
            code: {"max": points_number(row["max"]), "children": points_number(row["children"])}
            for code, row in totals["items"].items()
        },
    }


def flatten(top: list[ItemSpec]) -> list[ItemSpec]:
    """Every spec in tree order (parents before their children)."""
    out: list[ItemSpec] = []
    for spec in top:
        out.append(spec)
        out.extend(spec.children)
    return out
