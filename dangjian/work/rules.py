"""Numbers of work tracking shared by its parts (each part keeps its own in rules_<part>.py).

Source: the county organization department's published work system (报账式推进: each group
reports completion on time; an item not completed states the reason, further measures and a
new deadline) — the reminder lead time is ours, a setting a county may change here.
"""

from dangjian.lib.files import UploadLimits

# Files kept with plans, reports and projects: documents, spreadsheets, scans and photos; an A4
# scan or a phone photo fits well under 10 MB.
FILE_TYPES = (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png")
FILE_MAX_BYTES = 10 * 1024 * 1024
# Evidence of one report (佐证材料) on a work item, a rectification or a key project.
EVIDENCE = UploadLimits(FILE_TYPES, FILE_MAX_BYTES, max_files=5)

# A notice goes out this many days before a deadline (“due in 3 days”), and the due-soon lists
# hold the open rows due from today to today + DUE_SOON_DAYS.
DUE_SOON_DAYS = 3

# The longest progress text, reason or measures a report keeps (a page of text).
REPORT_TEXT_MAX_CHARS = 5000

# A new deadline lies at most this many days ahead (two years): a later date is a typing
# mistake (9999-12-31), not a plan.
LONGEST_DEADLINE_DAYS = 730
