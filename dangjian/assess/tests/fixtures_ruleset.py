"""Rows and payloads the ruleset tests start from."""

from __future__ import annotations

import copy

# A township rule set as the API sends it: 一级 A (60, with 二级 A1 40 + A2 20) and B (40,
# automatic from orglife.meeting_compliance), a bonus (cap 5) and a deduction (cap 10).
TREE = [
    {
        "code": "A",
        "name": "党建基础",
        "max_points": 60,
        "scoring": "manual",
        "children": [
            {"code": "A1", "name": "班子建设", "max_points": 40, "guidance": "班子成员缺额扣5分"},
            {"code": "A2", "name": "阵地建设", "max_points": 20},
        ],
    },
    {
        "code": "B",
        "name": "组织生活",
        "max_points": 40,
        "scoring": "auto",
        "auto_indicator": "orglife.meeting_compliance",
    },
    {"code": "X", "name": "创新加分", "max_points": 5, "kind": "bonus"},
    {"code": "Y", "name": "负面扣分", "max_points": 10, "kind": "deduction"},
]


def tree(**changes) -> list[dict]:
    """A copy of TREE, with e.g. `A1={"max_points": 35}` merged into an item."""
    items = copy.deepcopy(TREE)
    for item in items:
        for node in [item, *item.get("children", [])]:
            node.update(changes.get(node["code"], {}))
    return items


def payload(year: int = 2026, **changes) -> dict:
    return {
        "year": year,
        "category": "township",
        "name": "乡镇党委创先争优百分考核细则",
        "indicators": tree(**changes),
    }


def draft(county, *, year: int = 2026, actor=None, **changes):
    from dangjian.assess import ruleset_services as services

    return services.ruleset_create(
        actor=actor or county.dept_admin,
        org=county.root,
        year=year,
        category="township",
        name="乡镇党委创先争优百分考核细则",
        indicators=tree(**changes),
    )
