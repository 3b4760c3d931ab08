"""民主评议党员 and 换届 rules, with the regulations they come from."""

from __future__ import annotations

# 中国共产党支部工作条例（试行）(2018), on 组织生活会 and 民主评议党员: a branch reviews its
# members once a year, usually with the 组织生活会; the grades 优秀, 合格, 基本合格, 不合格 are
# those of 中组部《关于建立民主评议党员制度的意见》(1988).
REVIEWS_PER_YEAR = 1
# A grade below 合格 is a finding about a member (处置不合格党员 follows it): the committee writes
# its reason (local practice; the rule).
GRADES_NEEDING_REASON = ("basic", "unqualified")
# A self-assessment is a short text, not a one-word answer (local practice).
SELF_ASSESSMENT_MIN_CHARS = 10
SELF_ASSESSMENT_MAX_CHARS = 5_000
# A round may be opened for the current year or the previous one (recording last year's round).
REVIEW_YEARS_BACK = 1
