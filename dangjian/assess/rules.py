"""Assessment's numbers shared by its parts, named, with their source. Each part keeps its own
in `rules_<part>.py`."""

from __future__ import annotations

from decimal import Decimal

# 百分考核细则: the 一级 indicators of a rule set add up to exactly this (the seeds' 100-point
# rules, ../shared/domain/README.md §1).
TOTAL_POINTS = Decimal(100)
# The organization categories that are assessed (the seeds' four categories, §1).
CATEGORIES = ("township", "rural", "county_unit", "enterprise")
