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
    "%(achieved)s of %(expected)s required meetings were held.": "应召开会议%(expected)s次，已召开%(achieved)s次。",
    "%(achieved)s of %(expected)s timed development steps were done on time.": "有时限要求的发展环节%(expected)s个，按时完成%(achieved)s个。",
    "%(achieved)s of %(expected)s monthly dues were paid within their month.": "应按月交纳党费%(expected)s人次，当月交纳%(achieved)s人次。",
    "Meetings held as required (三会一课)": "三会一课等组织生活按规定召开",
    "Every meeting the rules require of the branches, general branches and groups in the subtree during the period, each kind on its own month, quarter or year; held meetings count up to the number required.": "统计期内本组织及下级党支部、党总支、党小组按规定应召开的各类会议，按月、季、年分别计算；已召开次数以应召开次数为限。",
    "Development steps on time (发展党员)": "发展党员环节按时完成",
    "The development steps with a time limit (the talk within a month of the application, the half-yearly records) done in the period, and how many on time.": "统计期内完成的有时限要求的发展党员环节（收到入党申请后一个月内谈话、每半年一次的培养考察记录等），及其中按时完成的数量。",
    "Dues paid on time (党费)": "党费按时交纳",
    "For each month of the period, the members with a dues base in force, and how many paid that month's dues within the month.": "统计期内每月已核定交纳基数的党员人数，及其中当月按时交纳的人数。",
}
PLURALS: dict = {}
