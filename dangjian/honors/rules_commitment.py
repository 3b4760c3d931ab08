"""Numbers of 公开承诺 / 践诺评议. No regulation fixes them: they are our numbers (the county
department's usual practice: a few concrete items a year, evaluated at the year's end), kept
here so a county can change them."""

from __future__ import annotations

import datetime

# Items a member promises a year (公开承诺 lists are short and concrete): our numbers.
ITEMS_PER_MEMBER_YEAR_MAX = 5
# An organization's own items a year: our number.
ITEMS_PER_ORG_YEAR_MAX = 10
# A commitment may be written for this year and, ahead of time, for the next one.
YEARS_AHEAD = 1
# Lengths (characters): a title is one line, measures a paragraph, an update a note.
TITLE_MIN_CHARS = 4
TITLE_MAX_CHARS = 100
DETAIL_MAX_CHARS = 1000
UPDATE_MAX_CHARS = 500
UPDATES_PER_COMMITMENT_MAX = 50
NOTE_MAX_CHARS = 500

# 践诺评议 is held at the year's end: from 1 December of the commitment's year to 31 January
# of the next (local practice: the year-end 民主评议 season). Our numbers.
EVALUATION_OPENS = (12, 1)  # (month, day) in the commitment's year
EVALUATION_CLOSES = (1, 31)  # (month, day) in the year after


def evaluation_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day on which the commitments of `year` may be evaluated."""
    return (
        datetime.date(year, *EVALUATION_OPENS),
        datetime.date(year + 1, *EVALUATION_CLOSES),
    )


# Lists of the overview and an organization's commitments: rows per page.
PAGE_SIZE = 50
