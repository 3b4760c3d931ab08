"""The numbers of the rule sets (百分考核细则), each with its source."""

from __future__ import annotations

from decimal import Decimal

from dangjian.assess.rules import CATEGORIES, TOTAL_POINTS

__all__ = [
    "AUTO_CODES_OF_ASSESS",
    "CATEGORIES",
    "CODE_MAX_CHARS",
    "GUIDANCE_MAX_CHARS",
    "ITEMS_MAX",
    "LEVELS",
    "NAME_MAX_CHARS",
    "POINTS_MAX",
    "POINTS_PLACES",
    "TOTAL_POINTS",
    "YEAR_MAX_AHEAD",
    "YEAR_MIN",
]

# 一级 and 二级 indicators: the seeds' rules have two levels (../shared/domain/README.md §1,
# "一级/二级" in issue 21); a third is refused.
LEVELS = 2
# The model's columns (models/rulesets.py): a code of 16 characters, a name of 200.
CODE_MAX_CHARS = 16
NAME_MAX_CHARS = 200
# Our number: guidance is a paragraph or two, not a document.
GUIDANCE_MAX_CHARS = 2000
# Our number: the longest published 细则 we know of have about 60 lines; 200 leaves room and
# bounds an import.
ITEMS_MAX = 200
# Points have at most one decimal place: scores are kept to 0.1 (rules_round.POINTS_STEP), so
# a maximum of 19.95 could never be scored in full (the model's column keeps two). Our number:
# no single item, bonus cap or deduction cap is worth more than the whole 100.
POINTS_PLACES = 1
POINTS_MAX = TOTAL_POINTS
# Our number: rule sets are issued for years from 2000 to next year.
YEAR_MIN = 2000
YEAR_MAX_AHEAD = 1
# Assessment's own indicators (群众评议 satisfaction, department KPI attainment), written by
# the eval and kpi parts: the default rule sets name them; until they are registered an item
# using one is installed as scored by an inspector (see ruleset_defaults).
AUTO_CODES_OF_ASSESS = ("assess.public_satisfaction", "assess.kpi_attainment")

ZERO = Decimal(0)
