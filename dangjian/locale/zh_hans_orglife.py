"""Simplified Chinese texts of organization life's shared pages (each part keeps its own
zh_hans_orglife_<part>.py)."""

ZH = {
    "Organization life": "组织生活",
    "Nothing here is open to your account yet.": "您的账号暂无可用的组织生活功能。",
    "Expelled from the Party": "出党",
    "Party membership suspended": "停止党籍",
    "Deceased": "死亡",
    "Transferred out of the county": "转出县外",
    "left because": "离开原因",
    "left on": "离开日期",
}
PLURALS: dict = {}
