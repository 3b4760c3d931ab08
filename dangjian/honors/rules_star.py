"""The star part's numbers (评星挂牌), named, with their source.

"Our number" marks a product choice: the seeds (../shared/domain/README.md) name the practice
(评星定级, 挂牌: organizations are rated one to five stars a year from their assessment, and a
serious shortcoming caps the stars) but not the lines. A county changes them per year on the
criteria page (StarCriteria); these are the defaults an issuer starts from.
"""

from __future__ import annotations

from decimal import Decimal

STARS_MIN = 1
STARS_MAX = 5
# Below every threshold an organization with a result still gets this many stars.
FLOOR_STARS = STARS_MIN
# An organization without any published assessment result of the year: stored with 0 stars
# ("not rated") and the reason, never put on a plaque.
NOT_RATED = 0

# (stars, lowest assessment score that earns them), highest first — our numbers, on the
# usual 100-point scale of county 百分考核 (95 / 90 / 80 / 70).
THRESHOLDS: tuple[tuple[int, Decimal], ...] = (
    (5, Decimal(95)),
    (4, Decimal(90)),
    (3, Decimal(80)),
    (2, Decimal(70)),
)

# Scores and threshold values: 0–100 with at most one decimal (assessment keeps points to one
# decimal: rules_round.POINTS_STEP).
SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)
SCORE_DECIMALS = 1

# How a veto's indicator is tested: its ratio (achieved / expected, e.g. rectifications
# closed on time) below the value, or its count (achieved, e.g. overdue items) above it.
WHEN_RATIO_BELOW = "ratio_below"
WHEN_COUNT_ABOVE = "count_above"
WHENS = (WHEN_RATIO_BELOW, WHEN_COUNT_ABOVE)
# What a veto does: caps the stars, or takes stars away (never below FLOOR_STARS).
EFFECT_MAX = "max_stars"
EFFECT_MINUS = "minus_stars"
EFFECTS = (EFFECT_MAX, EFFECT_MINUS)

# Default vetoes (一票否决/降星) — our rules, from the county's practice that an overdue
# rectification (整改台账) bars the top stars and overdue work (报账式推进) costs one.
DEFAULT_VETOES: tuple[dict, ...] = (
    {
        "indicator": "work.rectifications_on_time",
        "when": WHEN_RATIO_BELOW,
        "value": "1",
        "effect": EFFECT_MAX,
        "stars": 2,
        "label": "整改未按期完成",
    },
    {
        "indicator": "work.items_overdue",
        "when": WHEN_COUNT_ABOVE,
        "value": "0",
        "effect": EFFECT_MINUS,
        "stars": 1,
        "label": "工作事项逾期未完成",
    },
)
# At most this many vetoes per criteria (the page shows this many rows).
VETOES_MAX = 6
LABEL_MAX_CHARS = 40
# A veto's value: a ratio 0–1 or a count 0–10,000, at most two decimals.
VETO_VALUE_MAX = Decimal(10_000)
VETO_VALUE_DECIMALS = 2

# Ratings per page of the list.
PAGE_SIZE = 50
