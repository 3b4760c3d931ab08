"""Numbers of report-style progress (报账式推进) on work items.

Source: the county organization department's published work system (each group reports
completion on time with its evidence); the file bounds are ours, the same as the other ledgers
of this project (an A4 scan or a phone photo fits well under 10 MB).
"""

# Evidence files (佐证材料) a report may carry: rules.EVIDENCE, shared with the other ledgers.

# The longest progress text, reason or measures a report keeps: shared with the other ledgers.
from dangjian.work.rules import REPORT_TEXT_MAX_CHARS  # noqa: F401

# Lists are paged by this many items.
PAGE_SIZE = 50
