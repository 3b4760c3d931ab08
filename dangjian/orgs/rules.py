"""Business rules of the organization system, each with where it comes from."""

import datetime

# 党章 第三十一条 sets grassroots terms at three to five years; the practice the 基层组织选举工作
# 条例 (2020) applies: a grassroots Party committee (基层委员会) serves five years, a general
# branch committee (总支部委员会) and a branch committee (支部委员会) three. (支部工作条例 第六章
# gives village and community branches five years, aligned with the village committee's term: a
# county records that on the organization's own term length.) A 党小组 elects no committee; its
# leader follows the branch. Keyed by OrgType's values (models.py imports this module).
TERM_YEARS_BY_TYPE = {
    "committee": 5,
    "general_branch": 3,
    "branch": 3,
    "group": 3,
}
# The model field's default, before a type is chosen (forms and imports fill the type's term).
TERM_YEARS_FIELD_DEFAULT = TERM_YEARS_BY_TYPE["committee"]


def term_years_for(org_type: str | None) -> int:
    """The term length the regulation sets for an organization of `org_type`."""
    return TERM_YEARS_BY_TYPE.get(org_type or "", TERM_YEARS_FIELD_DEFAULT)


# Longest term accepted when recording one (data-entry guard, not a rule of the 党章).
TERM_YEARS_MAX = 10
# Terms ending within this many days are listed as due for re-election (换届提醒).
TERM_NOTICE_DAYS = 180

# People list and other long lists.
PAGE_SIZE = 50
# Organization tree: children shown per expanded node before "show all".
TREE_CHILDREN_LIMIT = 200
# Import files: rows beyond this are refused with a message (split the file).
IMPORT_MAX_ROWS = 50_000
IMPORT_ALLOWED_EXTENSIONS = (".xlsx",)

# Dates a record may hold. The earliest: the oldest people in a county's Party records (the
# founders of 1921 were born in the 1870s–80s; archives of deceased members reach that far).
# Events that happened (birth, development stages, founding) end today; things recorded ahead
# of time (a transfer, an election, joining) may lie this many days ahead — a 2099 transfer or
# a 9999-12-31 birth date is a typing slip that would break term and age calculations.
DATE_MIN = datetime.date(1850, 1, 1)
DATE_FUTURE_DAYS = 366

# "This ID-card number is already registered" confirms a guess: with a masked number and a
# birth date a few guesses recover a whole number. Counted hits per user per hour before
# every further number is refused unanswered and the county administrator is alerted
# (settings.DANGJIAN_ID_CARD_HITS_PER_HOUR overrides). A real secretary mistyping, or
# re-entering someone already registered, stays far below it.
ID_CARD_HITS_PER_HOUR = 5

# Bounded reading of uploaded workbooks (.xlsx is a zip of XML: a 168 KB file that fills
# column XFD took 2.5 GB, a 400 KB file held a 400 MB cell). Each limit is far above what a
# real import holds (IMPORT_MAX_ROWS rows of the 16 template columns) and far below what
# would exhaust a worker.
# Columns: the templates have 14 and 16; room for a few notes columns users add.
IMPORT_MAX_COLUMNS = 64
# Characters in one cell: the longest field is 200 characters.
IMPORT_MAX_CELL_CHARS = 2_000
# Distinct strings in the workbook's shared-string table (at most rows × columns are useful).
IMPORT_MAX_SHARED_STRINGS = 1_000_000
# Uncompressed size of the whole package, and of the shared-string table alone: a full
# 50,000-row import is about 40 MB of XML.
IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
IMPORT_MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
# Problems reported per import (a file of 50,000 bad rows needs the first ones, not all), and
# the length of one stored message (a message quotes the cell it is about).
IMPORT_MAX_ERRORS = 1_000
IMPORT_MAX_ERROR_CHARS = 300

# ---- people records (issue 18 item 7) ------------------------------------------------------

# 中国共产党发展党员工作细则 (2014) Art. 5 (and 党章 Art. 1): an applicant has reached 18 years
# of age. Checked against `applied_on`: an application dated before the 18th birthday is
# refused. Someone born on 29 February turns 18 on 1 March of a common year.
APPLICANT_MIN_AGE = 18

# The development stages in order, each with the date it was reached (细则 chapters 2–6:
# 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员). Rules on a person's record:
# - the dates run in this order (a later stage never dated before an earlier one), none in
#   the future;
# - the party status and the dates agree: a person at a stage has that stage's date, and no
#   date of a later stage (a probationary member has no full-membership date);
# - a non-member (群众) may keep dates of stages once reached (an application withdrawn, a
#   probationary membership cancelled: 细则 Art. 35), but none is required.
STAGE_DATE_ORDER = (
    "applied_on",
    "activist_on",
    "candidate_on",
    "probationary_on",
    "full_member_on",
)
