"""Numbers of the rectification ledger (整改台账), as data a county may change here.

Source: the county organization department's published work system (问题清单 → 整改措施 →
销号: problems listed, a fix and a deadline for each, closed by the level that listed them);
the numbers are ours where the system names none.
"""

# A seminar's problem row taken in without a due date gets this many days from the take-in.
DEFAULT_DAYS = 30

# Evidence of one report (整改佐证材料): rules.EVIDENCE, shared with the other ledgers.

# Texts of a rectification: the problem and measures are free text, but bounded.
TEXT_MAX_CHARS = 4000
# The ledger's page size.
PAGE_SIZE = 50
