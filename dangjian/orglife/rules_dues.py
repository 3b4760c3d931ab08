"""党费 rules: 关于中国共产党党费收缴、使用和管理的规定 (中组部, 2008), as data a county can read.

Money is integer fen (分) everywhere. A rate is kept in ten-thousandths (‱) so 0.5 % is 50 and
the computation stays in integers: dues = base × rate / 10,000, rounded half up to the fen.
"""

from __future__ import annotations

# 第一条: employed members pay on the fixed, regular part of their monthly wage after tax
# (相对固定的、经常性的工资收入（税后）: 职务/级别/岗位/薪级/绩效工资, 津贴补贴; in
# enterprises the base wage, post wage and bonus). 第三条/第四条: annual-salary earners and the
# self-employed use the same tiers on the month's pay or last quarter's monthly average.
# 第二条: ≤ 3,000 yuan 0.5 %; 3,000–5,000 1 %; 5,000–10,000 1.5 %; > 10,000 2 %; each band
# includes its upper bound ("3000元以下（含3000元）"). (upper bound in fen or None, rate in ‱)
EMPLOYED_TIERS: tuple[tuple[int | None, int], ...] = (
    (300_000, 50),
    (500_000, 100),
    (1_000_000, 150),
    (None, 200),
)
# 第五条: retired members pay on the pension actually received: ≤ 5,000 yuan 0.5 %, above 1 %.
RETIRED_TIERS: tuple[tuple[int | None, int], ...] = (
    (500_000, 50),
    (None, 100),
)
# 第六条: farmers pay 0.2–1 yuan a month (the branch sets the amount within the range; the
# default is the top of it); students, unemployed members (下岗失业) and members living on
# relief or the minimum living allowance (低保) pay 0.2 yuan.
FARMER_MIN_FEN = 20
FARMER_MAX_FEN = 100
FARMER_DEFAULT_FEN = 100
FIXED_FEN = {
    "student": 20,
    "unemployed": 20,
    "low_allowance": 20,
}
RATE_DENOMINATOR = 10_000
# 第十条: a changed wage counts from the month it is first paid: a base is effective from a
# month (the first day of it), and the last base declared on or before a month is that
# month's base.
# 第十一条: members may pay more voluntarily, without limit (an amount above the due).
# 第十二条: dues are paid monthly; with the branch's consent quarterly or in advance; arrears
# (补交) normally cover at most 6 months — kept as data, not enforced: a county entering its past
# ledger records older months.
ARREARS_MAX_MONTHS = 6
# In advance: at most this many months beyond the current one (a data-entry guard; the rules
# set no limit, a year ahead is what branches accept).
ADVANCE_MAX_MONTHS = 12
# Paid on time: the payment for a month is dated within that month (按月交纳, 第十二条).
# The publication to members (向党员公布党费收缴情况) is at least once a year: the yearly sheet.
# Import of income bases: the same bounded reading as the people import (orgs/rules.py).
IMPORT_MAX_ROWS = 5_000
