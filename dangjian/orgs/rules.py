"""Business rules of the organization system, each with where it comes from."""

# 党章 (2022) Art. 30: grassroots committees, general branches and branches serve five-year terms.
TERM_YEARS_DEFAULT = 5
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
