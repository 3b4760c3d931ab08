"""Numbers of report-style progress (报账式推进) on work items.

Source: the county organization department's published work system (each group reports
completion on time with its evidence); the file bounds are ours, the same as the other ledgers
of this project (an A4 scan or a phone photo fits well under 10 MB).
"""

# Evidence files (佐证材料) and the longest report text are the same for every ledger:
# rules.EVIDENCE and rules.REPORT_TEXT_MAX_CHARS.

# Lists are paged by this many items.
PAGE_SIZE = 50
