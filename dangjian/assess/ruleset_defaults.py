"""The four categories' default rule sets (创先争优百分考核细则) as data: 乡镇党委, 农村党组织,
县直单位党组织, 企业党组织. Our own wording, modelled on the structure counties publish: 一级
indicators with 二级 items and scoring guidance that says what loses points, a bonus item and
deduction items with their caps, and the items the records can measure computed from the
registered indicators (lib.indicators).

`tree(category, known)` gives the API-shaped tree; an automatic item whose indicator is not
registered in this installation (assessment's own `assess.*` indicators before their parts
are installed) becomes an item scored by an inspector, its guidance saying so.
"""

from __future__ import annotations

import copy
from collections.abc import Collection

from django.utils.translation import gettext

from dangjian.assess import ruleset_defaults_grassroots, ruleset_defaults_units

DEFAULTS: dict[str, dict] = {
    **ruleset_defaults_grassroots.DEFAULTS,
    **ruleset_defaults_units.DEFAULTS,
}


def name(category: str) -> str:
    return DEFAULTS[category]["name"]


def raw_tree(category: str) -> list[dict]:
    """The data as written (a copy), automatic items as they are meant to be."""
    return copy.deepcopy(DEFAULTS[category]["items"])


def tree(category: str, known: Collection[str]) -> tuple[list[dict], list[str]]:
    """(the tree to install, the codes of automatic items made manual because their
    indicator is not registered here)."""
    items = raw_tree(category)
    downgraded: list[str] = []

    def fix(item: dict) -> None:
        code = item.get("auto_indicator", "")
        if item.get("scoring") == "auto" and code not in known:
            note = gettext("Scored by an inspector until the indicator %(code)s is available.")
            item["scoring"] = "manual"
            item["auto_indicator"] = ""
            item["guidance"] = f"{note % {'code': code}}{item['guidance']}"
            downgraded.append(item["code"])
        for child in item.get("children", []):
            fix(child)

    for item in items:
        fix(item)
    return items, downgraded
