"""The numbers of 创先争优 monthly targets (月度目标) and the monthly bulletin (督查通报), named,
with their source. The seeds (../shared/domain/README.md §1) say only that each grassroots
committee reports its targets and measures monthly, that they are supervised monthly and that a
bulletin is circulated; every number below is local practice or our number."""

from __future__ import annotations

# A month's targets are due by this day of the month (local practice: the first week; our
# number, kept as data so a county can change it).
DEADLINE_DAY = 5
# Secretaries are reminded this many days before the deadline (our number); the committees
# still missing are reminded again on the day after it.
REMIND_DAYS_BEFORE = 3

# A month's targets: at least one item, at most twenty (our numbers: a committee's month fits
# on one page of the bulletin).
ITEMS_MIN = 1
ITEMS_MAX = 20
# Texts are bounded (our numbers): a goal is a sentence or two, measures a short paragraph.
GOAL_MAX_CHARS = 300
MEASURES_MAX_CHARS = 1000
NOTE_MAX_CHARS = 500
# A bulletin's highlights and problems as typed by the issuer (our number).
BULLETIN_TEXT_MAX_CHARS = 4000
# How far back a committee may still hand in a month's targets (late), and how far ahead it may
# prepare them (our numbers).
MONTHS_BACK = 12
MONTHS_AHEAD = 1
# Attempts at the next 〔year〕N号 when two bulletins are requested at once (our number).
NUMBER_ATTEMPTS = 5
PAGE_SIZE = 50

# GB/T 9704-2012 党政机关公文格式 (the official layout of the bulletin).
PAGE_WIDTH_MM = 210  # A4 (§5.2.1)
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # 天头 37 mm ± 1 mm (§5.2.2)
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28  # 订口 28 mm ± 1 mm
MARGIN_RIGHT_MM = 26
TITLE_FONT = "方正小标宋简体"  # 标题 and 发文机关标志 (§7.2.1, §7.3.1)
TITLE_PT = 22  # 二号
ISSUER_PT = 26  # the issuing organization's line, larger than the title (local practice)
BODY_FONT = "仿宋_GB2312"  # 正文 (§5.2.4)
BODY_PT = 16  # 三号
HEADING1_FONT = "黑体"  # 一级标题 "一、" (§7.3.3)
HEADING2_FONT = "楷体_GB2312"  # 二级标题 "（一）"
LINE_SPACING_PT = 28  # 22 lines of 28 characters to a page: a fixed 28–29 pt line (§5.2.4)
FIRST_LINE_INDENT_CHARS = 2
PAGE_NUMBER_FONT = "宋体"  # 页码 "— 1 —" (§7.5)
PAGE_NUMBER_PT = 14  # 四号
PAGE_NUMBER_INDENT_CHARS = 1  # odd pages 居右空一字, even pages 居左空一字 (§7.5)
LINES_BEFORE_TITLE = 2  # 红色分隔线下空二行 (§7.3.1)
SIGNATURE_RIGHT_CHARS = 4  # 成文日期右空四字; 发文机关署名 centred over it (§7.3.5)
RED = "FF0000"  # 发文机关标志 in red (§7.2.3)
