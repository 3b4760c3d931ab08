"""业绩评价指标 — the numbers of department KPIs, named, with their source.

The seeds (../shared/domain/README.md §1) only say "department KPIs that fit each unit's
work"; every number here is our own product choice, kept as data so a county can change it.
"""

from __future__ import annotations

from decimal import Decimal

# Which organizations keep KPIs (our choice): the units judged by indicators of their own work
# — county departments (县直单位), townships and enterprises. Rural branches are judged by the
# 100-point rule sets and the monthly targets instead.
UNIT_CATEGORIES = ("county_unit", "township", "enterprise")
# A Party group (党小组) is not a unit.
UNIT_ORG_TYPES = ("committee", "general_branch", "branch")

# Values and targets: the model's 14 digits with 2 decimals (our number: fits any count, yuan
# amount or percentage a unit reports).
VALUE_MAX = Decimal("999999999999.99")
VALUE_DECIMALS = 2
NOTE_MAX_CHARS = 200
NAME_MAX_CHARS = 120
UNIT_OF_MEASURE_MAX_CHARS = 20

# The earliest period a value may be entered for (our number: five years back covers a term
# of office and the ledgers a unit still keeps).
EARLIEST_YEARS_BACK = 5

# Period choices offered on the value form, latest first (our numbers).
FORM_PERIODS = {"month": 24, "quarter": 8, "year": 3}

# The .xlsx import of values (our numbers; the reading limits are the kernel's).
IMPORT_MAX_ROWS = 2000
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# The trend chart and the API detail show at most this many periods (our number).
SERIES_MAX_POINTS = 60

# The rule-set items offered on the KPI form (our number: a unit's rule sets in force for this
# year and last hold a few hundred items at most).
RULE_ITEM_CHOICES_MAX = 200
