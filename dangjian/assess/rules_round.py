"""The round part's numbers (考核轮次: scoring, grades, appeals), named, with their source.

"Our number" marks a product choice where the seeds (../shared/domain/README.md §1) name the
practice (百分考核, grades, 申诉) but not the figure; a county changes it here.
"""

from __future__ import annotations

from decimal import Decimal

# Points are kept to one decimal place (8.571… → 8.6), rounded half up — our rule, the way
# inspectors write points on paper sheets.
POINTS_STEP = Decimal("0.1")

# An automatic item whose indicator expected nothing in the period (no meeting was due, no
# development step fell due) scores its full points: nothing was missed — our rule.
NOTHING_DUE_SCORES_FULL = True

# Grades (优秀/良好/一般/较差) by total, highest first: a total at or above the threshold gets
# the grade — our numbers (the usual 90/80/60 lines of county 百分考核).
GRADE_THRESHOLDS: tuple[tuple[str, Decimal], ...] = (
    ("excellent", Decimal(90)),
    ("good", Decimal(80)),
    ("fair", Decimal(60)),
)
GRADE_BELOW_ALL = "poor"
# The grade given to a sheet that would be 优秀 but falls outside the 优秀 quota.
GRADE_OVER_QUOTA = "good"
# Default share of a category's sheets that may be 优秀 (the example: 优秀 ≤ 20 %).
EXCELLENT_QUOTA_PERCENT_DEFAULT = 20
# The quota's count is rounded DOWN: floor(n × percent / 100) sheets may be 优秀, so at 20 % a
# category of fewer than 5 organizations has no 优秀 (4 × 20 % = 0.8 → 0) — our rule: "优秀
# ≤ 20 %" is a ceiling, and rounding up would let 1 of 3 (33 %) be 优秀. (round_scoring.grades
# applies it: `n * percent // 100`.)

# 申诉: an assessed organization may appeal within this many days of publication — our number.
APPEAL_DAYS = 7

# Organization types that are assessed (a 党小组 is part of its branch, not assessed on its
# own) — our rule.
ASSESSED_ORG_TYPES = ("committee", "general_branch", "branch")

# Sheets filled per progress report of the background job.
FILL_PROGRESS_EVERY = 20

# Text fields (reasons, evidence, appeal grounds, decisions): at most this many characters.
TEXT_MAX_CHARS = 2000
