"""Building blocks of the default rule sets (ruleset_defaults): the indicator codes, one item
as the API's tree shape, the guidance shared by the categories."""

from __future__ import annotations

NOTES = "study.notes_at_target"
REVIEWS = "study.reviews_approved"
MEETINGS = "orglife.meeting_compliance"
DEVELOPMENT = "orglife.development_timeliness"
DUES = "orglife.dues_on_time"
ITEMS_ON_TIME = "work.items_on_time"
ITEMS_OVERDUE = "work.items_overdue"
RECTIFICATIONS = "work.rectifications_on_time"
VISITS = "work.visit_coverage"
SATISFACTION = "assess.public_satisfaction"
KPI = "assess.kpi_attainment"


def item(code, name, points, guidance="", *, auto="", kind="indicator", children=()):
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "max_points": points,
        "scoring": "auto" if auto else "manual",
        "auto_indicator": auto,
        "guidance": guidance,
        "children": list(children),
    }


def bonus(code, name, cap, guidance):
    return item(code, name, cap, guidance, kind="bonus")


def deduction(code, name, cap, guidance, *, auto=""):
    return item(code, name, cap, guidance, kind="deduction", auto=auto)


# The automatic items' guidance names the indicator; a person reads the sentence beside the
# score (the indicator's own explanation), so the guidance only says how points follow.
def computed(code, name, points, indicator, how):
    return item(code, name, points, how, auto=indicator)


BONUS_GUIDANCE = (
    "工作经验被中央、省级推广或表彰的加3分，市级加2分，县级加1分；同一事项按最高级别计一次，"
    "累计不超过上限。"
)
NEGATIVE_GUIDANCE = (
    "受到县级以上通报批评的每次扣2分；班子成员受到党纪政务处分的每人次扣3分；"
    "发生重大舆情或群体性事件且处置不力的扣5分；累计不超过上限。"
)
OVERDUE_GUIDANCE = "考核期末仍逾期未办结的工作事项，每项扣0.5分，累计不超过上限。"


def study_block(code: str):
    """学习教育 (15 points) computed from the study system: notes at the plan's target and
    review results — the same block in the rural and enterprise rule sets."""
    return item(
        code,
        "学习教育",
        15,
        children=[
            computed(
                f"{code}1",
                "学习笔记达标",
                10,
                NOTES,
                "学习笔记达到计划要求的人月数占比乘以本项分值。",
            ),
            computed(
                f"{code}2",
                "心得笔记评阅",
                5,
                REVIEWS,
                "评阅通过的笔记占比乘以本项分值。",
            ),
        ],
    )
