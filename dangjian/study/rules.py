"""Rules of the study system (学习制度), each with where it comes from.

The targets are the defaults of a study plan (学习计划): a plan stores its own values, so a
county or township changes them as data; these numbers are what a new plan starts with.
"""

import unicodedata

# Source: the county organization department's published 学习制度 (../shared/domain,
# section 1): 12 assigned readings a year (讲话、文件、评论文章、典型事迹).
READINGS_PER_YEAR = 12
# Same source: study notes of about 5,000 characters (每月学习笔记约5000字), checked monthly.
NOTE_CHARS_PER_MONTH = 5000
# Same source: at least one reflection (心得体会) per reading period; a period is a month.
REFLECTIONS_PER_PERIOD = 1
# "切忌照搬照抄": a note whose 总文字复制比 reaches this percentage is flagged for the reviewer.
# Local practice; a county changes it with DANGJIAN_STUDY_FLAG_PERCENT.
FLAG_PERCENT_DEFAULT = 40
# Longest note accepted (characters of the text, as for any originality check).
NOTE_MAX_CHARS = 50_000
# Reminders before month end: days before the last day on which missing notes are reminded.
REMINDER_DAYS_BEFORE_MONTH_END = 5
# Rows per page in lists (own notes, review queue, month status).
PAGE_SIZE = 30


def countable_chars(text: str) -> int:
    """字数 as the study targets count it: Chinese characters, letters and digits.

    Punctuation, symbols and whitespace do not count (a note padded with "。。。" or spaces
    is not longer). A character counts when its Unicode category is a letter (L*, which
    holds the CJK ideographs) or a number (N*). The browser's live count uses the same rule
    (`/[\\p{L}\\p{N}]/gu` in static/js/dangjian.js), so the page and the server agree.
    """
    return sum(1 for char in text if unicodedata.category(char)[0] in "LN")


# ---- 调研 (research) ----------------------------------------------------------------------
# Source: the department's 学习制度 (../shared/domain, section 1): each cadre registers 2
# research topics (调研课题) a year; a third is refused, naming this rule.
RESEARCH_TOPICS_PER_YEAR = 2
# Year-end review (年终评审) rubric: local practice, 100 points in four parts.
RESEARCH_RUBRIC = (
    ("value", "选题价值", 25),
    ("investigation", "调查深入", 25),
    ("analysis", "分析论证", 25),
    ("measures", "对策可行", 25),
)
# The best articles of the year are awarded (优秀调研文章): how many, local practice.
RESEARCH_AWARDS = 10

# ---- 干部讲课 (lectures) ------------------------------------------------------------------
# Source: the department's 干部讲课制度 (../shared/domain, section 1): every cadre lectures
# colleagues at least once a year and answers their questions.
LECTURES_PER_YEAR = 1
# Listeners rate a held lecture from 1 to 5.
LECTURE_RATING_MAX = 5
# The best-rated lectures of the year are awarded (优秀讲课): how many, and how many listeners
# must have rated one for its mean to count. Local practice.
LECTURE_AWARDS = 10
LECTURE_AWARD_MIN_RATERS = 3
