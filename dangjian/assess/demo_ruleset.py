"""Demo rows of the ruleset part (called by assess.demo): the county committee's rule sets
(百分考核细则) for the four categories, from the default data (ruleset_defaults):

- this year: the four in force (version 1);
- last year: the four, the township one in two versions — v1 superseded, v2 in force (its
  学习教育 weighed more, 组织生活 less), to show versioning.

The rule sets do not grow with the county (one per category and year); written with
bulk_create (rule sets, then 一级 items, then 二级 items), no per-row service.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from dangjian.assess import ruleset_defaults
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.ruleset_checks import check_tree
from dangjian.lib.indicators import registered
from dangjian.orgs.models import Organization

SYSTEM = "demo build (system command)"
CATEGORIES = ("township", "rural", "county_unit", "enterprise")
# Last year's township v2: points moved from 组织生活 (B) to 学习教育 (C), the same 100.
V2_CHANGES = {"B": -2, "B2": -2, "C": 2, "C1": 2}


def _tree(category: str, known: set[str], changes: dict | None = None) -> list:
    items, _manual = ruleset_defaults.tree(category, known)
    for item in items:
        for node in [item, *item["children"]]:
            node["max_points"] = Decimal(node["max_points"]) + (changes or {}).get(node["code"], 0)
    # The same rules as a rule set made on the pages: the demo never holds a broken one.
    return check_tree(items, known=known)


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns a summary fragment ("" if none)."""
    known = set(registered())
    now = timezone.now()
    plan = []  # (year, category, version, status, changes)
    for category in CATEGORIES:
        plan.append((today.year, category, 1, RuleSet.Status.ACTIVE, None))
        if category == "township":
            plan.append((today.year - 1, category, 1, RuleSet.Status.RETIRED, None))
            plan.append((today.year - 1, category, 2, RuleSet.Status.ACTIVE, V2_CHANGES))
        else:
            plan.append((today.year - 1, category, 1, RuleSet.Status.ACTIVE, None))
    sets = RuleSet.objects.bulk_create(
        [
            RuleSet(
                org=root,
                year=year,
                category=category,
                name=f"{year}年度{ruleset_defaults.name(category)}",
                version=version,
                status=status,
                activated_at=now,
            )
            for year, category, version, status, _changes in plan
        ]
    )
    by_key = {(r.year, r.category, r.version): r for r in sets}
    for ruleset in sets:
        if ruleset.version == 2:
            ruleset.based_on = by_key[(ruleset.year, ruleset.category, 1)]
    RuleSet.objects.unscoped(SYSTEM).bulk_update([r for r in sets if r.version == 2], ["based_on"])
    trees = [_tree(category, known, changes) for _y, category, _v, _s, changes in plan]

    def row(ruleset, spec, parent=None):
        return RuleItem(
            ruleset=ruleset,
            parent=parent,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            max_points=spec.max_points,
            scoring=spec.scoring,
            auto_indicator=spec.auto_indicator,
            guidance=spec.guidance,
            position=spec.position,
        )

    tops = RuleItem.objects.bulk_create(
        [row(ruleset, spec) for ruleset, top in zip(sets, trees, strict=True) for spec in top]
    )
    parents = iter(tops)
    children = []
    for ruleset, top in zip(sets, trees, strict=True):
        for spec in top:
            parent = next(parents)
            children.extend(row(ruleset, kid, parent) for kid in spec.children)
    RuleItem.objects.bulk_create(children)
    return f"rule sets: {len(sets)} ({len(tops) + len(children)} items)"


def delete(prefix: str) -> None:
    """Remove this part's rows under the org path `prefix`."""
    RuleItem.objects.unscoped(SYSTEM).filter(
        ruleset__org__path__startswith=prefix, parent__isnull=False
    ).delete()
    RuleItem.objects.unscoped(SYSTEM).filter(ruleset__org__path__startswith=prefix).delete()
    RuleSet.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
