"""The four categories' default rule sets (创先争优百分考核细则) as data: 乡镇党委, 农村党组织,
县直单位党组织, 企业党组织. Our own wording, modelled on the structure counties publish: 一级
indicators with 二级 items and scoring guidance that says what loses points, a bonus item and
deduction items with their caps, and the items the records can measure computed from the
registered indicators (lib.indicators).

`tree(category, known)` gives the API-shaped tree; an automatic item whose indicator is not
registered in this installation (assessment's own `assess.*` indicators before their parts
are installed) becomes an item scored by an inspector, its guidance saying so.
"""

from __future__ import annotations

import copy
from collections.abc import Collection

from django.utils.translation import gettext

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


def _item(code, name, points, guidance="", *, auto="", kind="indicator", children=()):
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


def _bonus(code, name, cap, guidance):
    return _item(code, name, cap, guidance, kind="bonus")


def _deduction(code, name, cap, guidance, *, auto=""):
    return _item(code, name, cap, guidance, kind="deduction", auto=auto)


# The automatic items' guidance names the indicator; a person reads the sentence beside the
# score (the indicator's own explanation), so the guidance only says how points follow.
def _computed(code, name, points, indicator, how):
    return _item(code, name, points, how, auto=indicator)


BONUS_GUIDANCE = (
    "工作经验被中央、省级推广或表彰的加3分，市级加2分，县级加1分；同一事项按最高级别计一次，"
    "累计不超过上限。"
)
NEGATIVE_GUIDANCE = (
    "受到县级以上通报批评的每次扣2分；班子成员受到党纪政务处分的每人次扣3分；"
    "发生重大舆情或群体性事件且处置不力的扣5分；累计不超过上限。"
)
OVERDUE_GUIDANCE = "考核期末仍逾期未办结的工作事项，每项扣0.5分，累计不超过上限。"

DEFAULTS: dict[str, dict] = {
    "township": {
        "name": "乡镇党委创先争优百分考核细则",
        "items": [
            _item(
                "A",
                "党建责任落实",
                15,
                children=[
                    _item(
                        "A1",
                        "书记抓党建述职评议",
                        5,
                        "未开展年度述职评议的扣5分；述职报告问题查摆不具体、整改措施不明确的扣2分。",
                    ),
                    _computed(
                        "A2",
                        "年度工作计划按期推进",
                        10,
                        ITEMS_ON_TIME,
                        "按期完成事项占应完成事项的比例乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "B",
                "组织生活",
                20,
                children=[
                    _computed(
                        "B1",
                        "“三会一课”落实",
                        12,
                        MEETINGS,
                        "辖区党组织按规定召开会议的比例乘以本项分值。",
                    ),
                    _item(
                        "B2",
                        "主题党日和组织生活会",
                        8,
                        "抽查2个村（社区）党组织，主题党日每少开展1次扣1分，"
                        "组织生活会未召开或未开展批评与自我批评的扣3分。",
                    ),
                ],
            ),
            _item(
                "C",
                "学习教育",
                15,
                children=[
                    _computed(
                        "C1",
                        "学习笔记达标",
                        8,
                        NOTES,
                        "学习笔记字数达到计划要求的人月数占应交人月数的比例乘以本项分值。",
                    ),
                    _computed(
                        "C2",
                        "月度检查评阅",
                        7,
                        REVIEWS,
                        "月度检查中评阅通过的笔记占评阅总数的比例乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "D",
                "党员队伍建设",
                15,
                children=[
                    _computed(
                        "D1",
                        "发展党员程序和时限",
                        8,
                        DEVELOPMENT,
                        "按时限完成的发展步骤占应完成步骤的比例乘以本项分值；"
                        "发现违规发展党员的本项不得分。",
                    ),
                    _computed(
                        "D2",
                        "党费按月交纳",
                        7,
                        DUES,
                        "按月交纳党费的人月数占应交人月数的比例乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "E",
                "基层基础保障",
                20,
                children=[
                    _computed(
                        "E1",
                        "包村联系走访覆盖",
                        8,
                        VISITS,
                        "每月有干部走访的基层党组织占比乘以本项分值。",
                    ),
                    _computed(
                        "E2",
                        "整改事项按期销号",
                        7,
                        RECTIFICATIONS,
                        "按期整改销号的事项占到期事项的比例乘以本项分值。",
                    ),
                    _item(
                        "E3",
                        "阵地建设和档案管理",
                        5,
                        "村级活动场所功能不全的每个扣1分；党建档案缺失、记录不规范的扣1至2分。",
                    ),
                ],
            ),
            _item(
                "F",
                "群众满意和争先创优",
                15,
                children=[
                    _computed(
                        "F1",
                        "群众评议满意度",
                        10,
                        SATISFACTION,
                        "群众评议中“满意”“基本满意”所占比例乘以本项分值。",
                    ),
                    _item(
                        "F2",
                        "创先争优月度目标落实",
                        5,
                        "月度目标未按时报送的每次扣0.5分；督查评定“未落实”的每项扣1分。",
                    ),
                ],
            ),
            _bonus("X", "创新创优加分", 5, BONUS_GUIDANCE),
            _deduction("Y", "工作事项逾期扣分", 5, OVERDUE_GUIDANCE, auto=ITEMS_OVERDUE),
            _deduction("Z", "负面问题扣分", 10, NEGATIVE_GUIDANCE),
        ],
    },
    "rural": {
        "name": "农村党组织创先争优百分考核细则",
        "items": [
            _item(
                "A",
                "班子建设",
                20,
                children=[
                    _item(
                        "A1",
                        "支部班子健全",
                        8,
                        "支委会职数缺额超过3个月的扣3分；按期换届未完成的扣5分。",
                    ),
                    _item(
                        "A2",
                        "书记履职",
                        6,
                        "书记年内未讲党课的扣2分；未开展谈心谈话的扣2分；履职测评不称职的本项不得分。",
                    ),
                    _item(
                        "A3",
                        "月度目标和措施",
                        6,
                        "每月按时报送创先争优目标和措施；逾期报送每次扣0.5分，未报送每次扣1分。",
                    ),
                ],
            ),
            _item(
                "B",
                "组织生活",
                25,
                children=[
                    _computed(
                        "B1",
                        "“三会一课”落实",
                        15,
                        MEETINGS,
                        "按规定召开会议的比例乘以本项分值。",
                    ),
                    _item(
                        "B2",
                        "主题党日",
                        5,
                        "每月固定一天开展主题党日，每少开展1次扣1分；内容空泛、流于形式的扣1分。",
                    ),
                    _item(
                        "B3",
                        "组织生活会和民主评议党员",
                        5,
                        "年内未召开组织生活会或未开展民主评议党员的各扣3分。",
                    ),
                ],
            ),
            _item(
                "C",
                "党员管理",
                20,
                children=[
                    _computed(
                        "C1",
                        "发展党员程序和时限",
                        7,
                        DEVELOPMENT,
                        "按时限完成的发展步骤占比乘以本项分值。",
                    ),
                    _computed(
                        "C2",
                        "党费按月交纳",
                        7,
                        DUES,
                        "按月交纳党费的人月数占比乘以本项分值。",
                    ),
                    _item(
                        "C3",
                        "流动党员和组织关系",
                        6,
                        "流动党员底数不清的扣2分；组织关系转接超期未办的每人次扣1分。",
                    ),
                ],
            ),
            _item(
                "D",
                "学习教育",
                15,
                children=[
                    _computed(
                        "D1",
                        "学习笔记达标",
                        10,
                        NOTES,
                        "学习笔记达到计划要求的人月数占比乘以本项分值。",
                    ),
                    _computed(
                        "D2",
                        "心得笔记评阅",
                        5,
                        REVIEWS,
                        "评阅通过的笔记占比乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "E",
                "服务群众",
                20,
                children=[
                    _computed(
                        "E1",
                        "群众评议满意度",
                        10,
                        SATISFACTION,
                        "“满意”“基本满意”所占比例乘以本项分值。",
                    ),
                    _item(
                        "E2",
                        "阵地建设和党务村务公开",
                        5,
                        "活动场所未正常开放的扣2分；党务村务未按季度公开的扣2分。",
                    ),
                    _computed(
                        "E3",
                        "整改事项按期销号",
                        5,
                        RECTIFICATIONS,
                        "按期整改销号的事项占比乘以本项分值。",
                    ),
                ],
            ),
            _bonus("X", "特色亮点加分", 5, BONUS_GUIDANCE),
            _deduction("Z", "负面问题扣分", 10, NEGATIVE_GUIDANCE),
        ],
    },
    "county_unit": {
        "name": "县直单位党组织创先争优百分考核细则",
        "items": [
            _item(
                "A",
                "党建责任落实",
                20,
                children=[
                    _item(
                        "A1",
                        "党组（党委）书记第一责任",
                        8,
                        "未专题研究党建工作的扣3分；书记未述职或述职评议“一般”以下的扣3分。",
                    ),
                    _computed(
                        "A2",
                        "年度工作计划按期推进",
                        12,
                        ITEMS_ON_TIME,
                        "按期完成事项占应完成事项的比例乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "B",
                "组织生活",
                20,
                children=[
                    _computed(
                        "B1",
                        "“三会一课”落实",
                        14,
                        MEETINGS,
                        "所属支部按规定召开会议的比例乘以本项分值。",
                    ),
                    _item(
                        "B2",
                        "主题党日和组织生活会",
                        6,
                        "主题党日每少开展1次扣1分；组织生活会未召开的扣3分。",
                    ),
                ],
            ),
            _item(
                "C",
                "学习教育",
                20,
                children=[
                    _computed(
                        "C1",
                        "理论学习笔记",
                        10,
                        NOTES,
                        "学习笔记达到计划要求的人月数占比乘以本项分值。",
                    ),
                    _item(
                        "C2",
                        "干部讲课和调研",
                        5,
                        "干部年内未讲课的每人扣0.5分；调研课题未完成的每项扣1分。",
                    ),
                    _computed(
                        "C3",
                        "心得笔记评阅",
                        5,
                        REVIEWS,
                        "评阅通过的笔记占比乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "D",
                "业绩评价",
                20,
                children=[
                    _computed(
                        "D1",
                        "业绩评价指标完成",
                        14,
                        KPI,
                        "本单位业绩评价指标的达成度乘以本项分值。",
                    ),
                    _computed(
                        "D2",
                        "包村联系走访",
                        6,
                        VISITS,
                        "联系村每月有干部走访的比例乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "E",
                "作风建设和服务",
                20,
                children=[
                    _computed(
                        "E1",
                        "服务对象评议满意度",
                        12,
                        SATISFACTION,
                        "“满意”“基本满意”所占比例乘以本项分值。",
                    ),
                    _computed(
                        "E2",
                        "整改事项按期销号",
                        8,
                        RECTIFICATIONS,
                        "按期整改销号的事项占比乘以本项分值。",
                    ),
                ],
            ),
            _bonus("X", "创新创优加分", 5, BONUS_GUIDANCE),
            _deduction("Y", "工作事项逾期扣分", 5, OVERDUE_GUIDANCE, auto=ITEMS_OVERDUE),
            _deduction("Z", "负面问题扣分", 10, NEGATIVE_GUIDANCE),
        ],
    },
    "enterprise": {
        "name": "企业党组织创先争优百分考核细则",
        "items": [
            _item(
                "A",
                "组织建设",
                20,
                children=[
                    _item(
                        "A1",
                        "组织设置和按期换届",
                        8,
                        "应建未建党组织的本项不得分；未按期换届的扣4分。",
                    ),
                    _item(
                        "A2",
                        "党建工作进章程",
                        6,
                        "党建工作要求未写入企业章程的扣3分；重大事项未经党组织前置研究的扣3分。",
                    ),
                    _item(
                        "A3",
                        "党务工作力量",
                        6,
                        "未明确专（兼）职党务工作者的扣3分；党建经费未落实的扣3分。",
                    ),
                ],
            ),
            _item(
                "B",
                "组织生活",
                25,
                children=[
                    _computed(
                        "B1",
                        "“三会一课”落实",
                        15,
                        MEETINGS,
                        "按规定召开会议的比例乘以本项分值。",
                    ),
                    _item(
                        "B2",
                        "主题党日",
                        5,
                        "每少开展1次扣1分；结合生产经营开展的可酌情加分但不超过本项分值。",
                    ),
                    _item(
                        "B3",
                        "组织生活会",
                        5,
                        "年内未召开组织生活会的扣5分；未开展批评与自我批评的扣2分。",
                    ),
                ],
            ),
            _item(
                "C",
                "党员队伍",
                20,
                children=[
                    _computed(
                        "C1",
                        "发展党员程序和时限",
                        8,
                        DEVELOPMENT,
                        "按时限完成的发展步骤占比乘以本项分值。",
                    ),
                    _computed(
                        "C2",
                        "党费按月交纳",
                        6,
                        DUES,
                        "按月交纳党费的人月数占比乘以本项分值。",
                    ),
                    _item(
                        "C3",
                        "党员示范岗和先锋作用",
                        6,
                        "未设立党员示范岗的扣3分；党员在生产一线作用发挥不明显的扣1至3分。",
                    ),
                ],
            ),
            _item(
                "D",
                "学习教育",
                15,
                children=[
                    _computed(
                        "D1",
                        "学习笔记达标",
                        10,
                        NOTES,
                        "学习笔记达到计划要求的人月数占比乘以本项分值。",
                    ),
                    _computed(
                        "D2",
                        "心得笔记评阅",
                        5,
                        REVIEWS,
                        "评阅通过的笔记占比乘以本项分值。",
                    ),
                ],
            ),
            _item(
                "E",
                "党建促发展",
                20,
                children=[
                    _computed(
                        "E1",
                        "生产经营目标完成",
                        10,
                        KPI,
                        "企业年度业绩评价指标的达成度乘以本项分值。",
                    ),
                    _computed(
                        "E2",
                        "职工群众满意度",
                        10,
                        SATISFACTION,
                        "“满意”“基本满意”所占比例乘以本项分值。",
                    ),
                ],
            ),
            _bonus("X", "特色亮点加分", 5, BONUS_GUIDANCE),
            _deduction("Z", "负面问题扣分", 10, NEGATIVE_GUIDANCE),
        ],
    },
}


def name(category: str) -> str:
    return DEFAULTS[category]["name"]


def raw_tree(category: str) -> list[dict]:
    """The data as written (a copy), automatic items as they are meant to be."""
    return copy.deepcopy(DEFAULTS[category]["items"])


def tree(category: str, known: Collection[str]) -> tuple[list[dict], list[str]]:
    """(the tree to install, the codes of automatic items made manual because their
    indicator is not registered here)."""
    items = raw_tree(category)
    downgraded: list[str] = []

    def fix(item: dict) -> None:
        code = item.get("auto_indicator", "")
        if item.get("scoring") == "auto" and code not in known:
            note = gettext("Scored by an inspector until the indicator %(code)s is available.")
            item["scoring"] = "manual"
            item["auto_indicator"] = ""
            item["guidance"] = f"{note % {'code': code}}{item['guidance']}"
            downgraded.append(item["code"])
        for child in item.get("children", []):
            fix(child)

    for item in items:
        fix(item)
    return items, downgraded
