"""Numbers of 群众评议 (evaluation by the people served), named, with their source. Where no
rule of the seeds (../shared/domain/README.md) speaks, the number is ours and says so."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# One request makes at most this many one-time codes (our number: a township's service hall
# hands out a few hundred slips a month; bigger runs are several requests).
MAX_CODES_PER_REQUEST = 500
# Codes use no look-alike characters (no 0/O, 1/I/L): 31 symbols. Ten of them carry
# 10 × log2(31) ≈ 49.5 bits (≥ 40 asked): guessing one live code among a million issued
# takes ~2^30 tries, and failed tries are limited per address (below).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
# Printed as two groups (ABCDE-FGHJK); typed with or without the dash, in any case.
CODE_GROUP = 5

# Failed code attempts (unknown codes) per client address and hour before the form and the
# API answer "too many attempts" (our number: a person mistyping a slip needs a few tries,
# a guesser needs billions).
FAILED_CODES_PER_HOUR = 20
# Open mode: accepted evaluations per client address, unit and hour (our number: a village
# office or a service hall's Wi-Fi puts many honest people behind one address).
OPEN_PER_IP_PER_HOUR = 30
# Open mode: one evaluation per device, unit and month (the device token's cookie lives a
# year so that the next months find it).
DEVICE_COOKIE = "dj_eval_device"
DEVICE_COOKIE_DAYS = 400

# Bounds of the free texts (our numbers; the model stores contact in 60 characters).
COMMENT_MAX_CHARS = 500
CONTACT_MAX_CHARS = 60
INTRO_MAX_CHARS = 1000

# 满意率 = (满意 + 基本满意) / 总数 — the usual reading of 群众满意度测评 (满意 and 基本满意
# both count as satisfied); our rule where the seeds give none.
SATISFIED_VALUES = ("satisfied", "basic")
OVERALL_VALUES = ("satisfied", "basic", "dissatisfied")

# The dimensions the form asks about (optional each; 满意/基本满意/不满意), as the 作风评议
# forms of county departments usually list them (our choice of four).
DIMENSIONS = {
    "attitude": _("Service attitude (服务态度)"),
    "efficiency": _("Efficiency (办事效率)"),
    "integrity": _("Integrity (廉洁自律)"),
    "conduct": _("Work style (作风建设)"),
}

# Codes may be made for this month and up to this many months ahead (our bound: slips are
# printed for the coming month; a past month is closed, its codes would never count).
CODE_MONTHS_AHEAD = 1

# Code mode: a code counts only in its own month (Asia/Shanghai, TIME_ZONE). A slip of last
# month is still accepted this many days after that month ended, counted into last month
# (our number: 0 — a month's figures are final when it ends; a late slip is refused politely).
CODE_GRACE_DAYS = 0

# Months read or written are YYYY-MM with a year in this range (our bound: wide enough for
# any real month, narrow enough that month arithmetic never leaves the calendar).
MONTH_YEAR_MIN = 1000
MONTH_YEAR_MAX = 9998

# The public API's request body (a code, four ratings, 500 characters of comment and a
# contact fit in ~3 KB of JSON; our number): larger bodies are refused with 413 unread.
PUBLIC_BODY_MAX_BYTES = 8 * 1024
