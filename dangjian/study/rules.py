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


# ---- 干训讲堂 — the online learning hall -------------------------------------------------
# Source: issue 17 item 5 — the department publishes 20+ materials a year (干训讲堂).
HALL_MATERIALS_PER_YEAR = 20
# An attached file: types a unit can open on an office PC or a phone, and a size that an
# upload over a township's line finishes (local practice; a slide deck fits).
HALL_FILE_EXTENSIONS = (".pdf", ".docx", ".doc", ".pptx", ".ppt", ".xlsx", ".txt", ".mp3", ".mp4")
HALL_FILE_MAX_BYTES = 20 * 1024 * 1024
# Longest text of a material (characters), as for a note.
HALL_BODY_MAX_CHARS = 100_000
# Reading time: the page reports every HALL_BEAT_SECONDS while it is visible; a beat adds at
# most HALL_BEAT_MAX_SECONDS, so a forged or delayed beat cannot add hours.
HALL_BEAT_SECONDS = 30
HALL_BEAT_MAX_SECONDS = 60
# A suggestion (留言): long enough for a paragraph, short enough to moderate.
HALL_SUGGESTION_MAX_CHARS = 1000
