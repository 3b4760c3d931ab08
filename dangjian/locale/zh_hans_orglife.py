"""Simplified Chinese texts of organization life's shared pages (each part keeps its own
zh_hans_orglife_<part>.py)."""

ZH = {
    "Organization life": "组织生活",
    "Nothing here is open to your account yet.": "您的账号暂无可用的组织生活功能。",
}
PLURALS: dict = {}
