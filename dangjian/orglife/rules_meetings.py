"""Rules of the 三会一课 / 主题党日 / 组织生活会 ledger, as data a county can read and adjust.

Source: 中国共产党支部工作条例（试行）, 2018 (the article is named on each rule). The
regulation says "一般" (usually) for most frequencies; a county may tighten or relax them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.lib.files import UploadLimits
from dangjian.orgs.models import OrgType

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"


@dataclass(frozen=True)
class MeetingRule:
    kind: str
    period: str  # MONTH, QUARTER or YEAR: the period in which `times` meetings are due
    times: int  # at least this many meetings of the kind per period
    org_types: tuple[str, ...]  # the organization types that must hold it
    article: str


_BRANCHES = (OrgType.BRANCH, OrgType.GENERAL_BRANCH)

# Which organization must hold which kind. A 党委 (committee) holds none of these branch
# meetings (its own 党委会 follows other rules); a 党小组 holds only 党小组会; a 总支 is
# judged as a branch (it does the branch's work for the members it holds directly).
# The 支部委员会 is due only where there is a committee: see COMMITTEE_MIN_FULL_MEMBERS.
RULES: dict[str, MeetingRule] = {
    # Art. 19: 党员大会一般每季度召开1次.
    "branch_assembly": MeetingRule("branch_assembly", QUARTER, 1, _BRANCHES, "Art. 19"),
    # Art. 19: 党支部委员会会议一般每月召开1次.
    "committee": MeetingRule("committee", MONTH, 1, _BRANCHES, "Art. 19"),
    # Art. 19: 党小组会一般每月召开1次 — held by the 党小组 itself.
    "group": MeetingRule("group", MONTH, 1, (OrgType.GROUP,), "Art. 19"),
    # Art. 19: 党课每季度至少1次 (the secretary lectures at least once a year).
    "party_lecture": MeetingRule("party_lecture", QUARTER, 1, _BRANCHES, "Art. 19"),
    # Art. 19: 党支部应当每月相对固定1天开展主题党日.
    "theme_day": MeetingRule("theme_day", MONTH, 1, _BRANCHES, "Art. 19"),
    # Art. 20: 党支部每年至少召开1次组织生活会.
    "life_meeting": MeetingRule("life_meeting", YEAR, 1, _BRANCHES, "Art. 20"),
    # Art. 21: 党支部一般每年开展1次民主评议党员.
    "member_review": MeetingRule("member_review", YEAR, 1, _BRANCHES, "Art. 21"),
}


# Art. 26 (chapter 6): a branch with 7 or more full members (正式党员) sets up a branch
# committee; a smaller one has a secretary only, so no monthly 支委会 is due from it (it may
# still record one). A 总支 always has its committee.
COMMITTEE_MIN_FULL_MEMBERS = 7


def kinds_for(org_type: str) -> list[str]:
    """The kinds an organization of `org_type` records (a 党小组会 is recorded by the group
    itself, never by its branch)."""
    return [kind for kind, rule in RULES.items() if org_type in rule.org_types]


def required_times(kind: str, org_type: str, full_members: int) -> int:
    """How many `kind` meetings an organization must hold per period of the rule."""
    rule = RULES[kind]
    if org_type not in rule.org_types:
        return 0
    small_branch = org_type == OrgType.BRANCH and full_members < COMMITTEE_MIN_FULL_MEMBERS
    if kind == "committee" and small_branch:
        return 0
    return rule.times


# The monthly 支委会 reminder goes out from this day of the month on (local practice: it
# leaves a week to hold the meeting before the month ends; 条例 Art. 19 sets only "monthly").
COMMITTEE_REMINDER_DAY = 25

# A meeting is recorded on or after the day it was held: this many days ahead are accepted
# (0: none — the ledger records what took place, not plans).
MEETING_DAYS_AHEAD = 0

# Attachments (会议记录扫描件, 照片): bounded like the study hall's files, 9 per meeting.
ATTACHMENTS = UploadLimits(
    (".jpg", ".jpeg", ".png", ".pdf", ".docx", ".doc"), 10 * 1024 * 1024, max_files=9
)

# Text limits of the minutes (纪要): a long meeting's minutes, not a book.
MINUTES_MAX_CHARS = 20_000
