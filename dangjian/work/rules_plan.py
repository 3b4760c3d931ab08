"""Numbers of the annual work plans (年度工作计划), kept in one place.

Sources: the county organization department's published work system (the year's work is
studied and planned at its start, listed as routine and innovative items in a schedule 推进日程表,
each with a responsible group and person) and issue 19 (attachments: pdf, docx, xlsx, jpg,
png; at most 10 MB each and 10 per plan). The remaining bounds are ours.
"""

from __future__ import annotations

from dangjian.lib.files import UploadLimits
from dangjian.work.rules import FILE_MAX_BYTES, FILE_TYPES

# Plan attachments (计划附件): the approved text, a scan, a table — 10 per plan.
ATTACHMENTS = UploadLimits(FILE_TYPES, FILE_MAX_BYTES, max_files=10)

# A plan is made for a year from YEAR_MIN to next year (a plan is drafted before its year).
YEAR_MIN = 2000
YEARS_AHEAD = 1

# Items of one plan, and milestones (推进节点) of one item: a menu, not a ledger.
ITEMS_PER_PLAN = 200
MILESTONES_PER_ITEM = 12

# Rows of a list page.
PAGE_SIZE = 50
# Items on one page of the county-wide schedule (the exports hold all of them).
SCHEDULE_PAGE_SIZE = 100
# A Word export is a document to print: beyond this many items, export the .xlsx instead.
DOCX_MAX_ITEMS = 2000

MONTHS = tuple(range(1, 13))
