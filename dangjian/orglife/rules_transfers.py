"""Rules of 组织关系转接 (transfers of Party membership relations), each with its source.

The regulations fix the workflow (the sending organization issues an introduction letter, the
receiving organization accepts it and returns the receipt, a member in transfer belongs to the
sender until accepted: 中国共产党党员组织关系管理办法 and the 党章 art. 8 on membership of a
branch); the numbers below are local practice a county may adjust.
"""

from __future__ import annotations

from dangjian.orgs.models import OrgType, PartyStatus

# 介绍信有效期: how many days after the issue date the letter may still be accepted. Local
# practice (most provinces print "有效期30天"); the letter is valid through
# issued_on + LETTER_VALID_DAYS_DEFAULT, expired from the day after.
LETTER_VALID_DAYS_DEFAULT = 30
LETTER_VALID_DAYS_MIN = 1
LETTER_VALID_DAYS_MAX = 90

# 介绍信编号: "<prefix>〔<year>〕<sequence, 4 digits>", e.g. 县组转〔2026〕0001 — a readable
# sequence per calendar year of the issue date, restarting at 0001 each year (local practice
# of numbering 公文 by year: 党政机关公文处理工作条例 art. 9 (发文字号 = 机关代字, 年份, 序号)).
LETTER_PREFIX = "县组转"
LETTER_NUMBER_FORMAT = "{prefix}〔{year}〕{sequence:04d}"

# People belong to branches (党章 art. 8: every member joins a 支部, 总支 or other basic
# unit; 支部工作条例 art. 5: a 党小组 is part of a branch, not a unit people are registered
# with). A receiving organization must be one of these types; a 党委 (committee) or a 党小组
# (group) is refused.
ACCEPTING_ORG_TYPES = frozenset({OrgType.BRANCH, OrgType.GENERAL_BRANCH})

# Only Party members have an organization relation (组织关系) to transfer: 正式党员 and
# 预备党员 (党员组织关系管理办法 art. 2). Applicants and activists move with their
# development file, not with a 介绍信.
TRANSFERABLE_STATUSES = frozenset({PartyStatus.FULL, PartyStatus.PROBATIONARY})

# Daily reminder: the receiving organization hears of a letter this many days before it
# expires; the sender hears once of a letter that expired undecided (cancel and issue anew).
# Local practice.
REMIND_DAYS_BEFORE_EXPIRY = 3
