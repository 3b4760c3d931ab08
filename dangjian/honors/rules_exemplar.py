"""Numbers of 评先树优 (exemplar rounds), named, with their source. Where neither the issue
nor the seeds (/work/shared/domain/README.md) speak, the number is ours and says so."""

from __future__ import annotations

# 公示 lasts 5 working days (issue 22 §1: "a notice period (default 5 working days, counted
# with Chinese public holidays and adjusted working days)"; the usual 公示期 of 评先评优 and of
# 发展党员 is "不少于5个工作日"). The first day of the notice counts: a notice from Monday
# 30 November ends on Friday 4 December.
NOTICE_WORKING_DAYS = 5
NOTICE_DAYS_MIN = 5  # the rule says "at least 5"
NOTICE_DAYS_MAX = 20  # our bound

# Each Party committee puts forward one advanced grassroots organization and one excellent
# Party member every month (issue 22, the county's practice): per round, per nominating
# organization and category, one nomination (withdrawn and rejected ones do not count).
# 两优一先 follows the same rule per category (our choice).
NOMINATIONS_PER_ORG_AND_CATEGORY = 1

# The categories each kind of round takes: monthly the pair, 两优一先 also 优秀党务工作者.
MONTHLY_CATEGORIES = ("org", "member")
YEARLY_CATEGORIES = ("org", "member", "worker")

# The honors' names (the titles written into the ledger and on the roll).
CATEGORY_TITLES = {
    "org": "先进基层党组织",
    "member": "优秀共产党员",
    "worker": "优秀党务工作者",
}
MONTHLY_TITLE = "{year}年{month}月先进基层党组织和优秀共产党员评选"
YEARLY_TITLE = "{year}年度“两优一先”评选表彰"

# Bounds of the texts (our numbers: a 事迹材料 of a monthly exemplar is one to three pages;
# the model stores the summary in 200 characters).
DEEDS_MIN_CHARS = 100
DEEDS_MAX_CHARS = 8000
SUMMARY_MAX_CHARS = 200
NOTE_MAX_CHARS = 1000
TITLE_MAX_CHARS = 120

# Attachments of a nomination (our numbers): photos of the deeds, and documents (the
# 事迹材料 as a file, a 推荐审批表).
PHOTOS_MAX = 6
PHOTO_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".docx")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_MAX = 3
# A .docx is a zip: bounds on what it unpacks to (our numbers; a Word file of 事迹材料 with
# pictures has some dozens of members and unpacks to a few MB — a zip bomb far more).
DOCX_MAX_MEMBERS = 500
DOCX_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DOCX_MAX_PARAGRAPHS = 20_000
DOCX_MAX_CHARS = 500_000

# Objections (异议) from the public: the body's bounds (issue 22 brief: 10–2000), the optional
# name and contact (model: 40 and 60 characters).
OBJECTION_MIN_CHARS = 10
OBJECTION_MAX_CHARS = 2000
OBJECTION_NAME_MAX_CHARS = 40
OBJECTION_CONTACT_MAX_CHARS = 60
ANSWER_MIN_CHARS = 5
ANSWER_MAX_CHARS = 2000
# Per client address and hour, across all rounds (our number: an honest objector sends one or
# two; a village office's Wi-Fi may put a few people behind one address).
OBJECTIONS_PER_ADDRESS_PER_HOUR = 5
# The public API's request body (bytes): the largest objection in UTF-8 with its JSON keys.
PUBLIC_BODY_MAX_BYTES = 16 * 1024

# Rounds are opened for months and years in this range (our bound).
YEAR_MIN = 2004
YEAR_MAX = 2100

# The learning hall's category the awarded deeds are published under (a category seeded by
# study's migration 0006; the first category when a county renamed it).
HALL_CATEGORY = "典型案例"

# Pages: rows per page of the ledger and the honor roll.
PAGE_SIZE = 50
