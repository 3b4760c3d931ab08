"""演示县 — a realistic demo county: organizations, people, memberships and demo accounts.

`build_county()` is the entry point (the `demo_county` command only wraps it). The county:

    中共X县委员会 (root, code C001; the 组织部 sits here)
    ├── 乡镇党委 (township committee) + its 机关党支部
    │   ├── 村党支部 / 村党总支 (with 2–3 党支部) / branches with 党小组
    │   ├── 社区党委 (with 网格党支部) / 社区党支部
    │   └── a few 非公企业党支部
    ├── 县直属机关工委 → 机关党支部, 教育局党委 → schools, 卫健委党委 → hospitals,
    │                    公安局党委 → 派出所
    ├── 两新组织党委 → 非公企业党支部, 联合党支部, 社会组织党支部 (category "other")
    └── state-owned enterprises (国有企业党委/党支部)

Everything random comes from one random.Random(seed): a seed always gives the same county
(names, tree, people). Dates are relative to `today`.

Speed: ids are allocated here (max existing id + 1), so materialized paths, secretaries and
memberships are all known before anything is written; each table is then filled with
bulk_create in batches inside one transaction. The password is hashed once.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from tqdm import tqdm

from dangjian.orgs import rules
from dangjian.orgs.models import (
    PATH_SEPARATOR,
    AuditEntry,
    Education,
    Gender,
    Membership,
    Organization,
    OrgCategory,
    OrgType,
    PartyStatus,
    Person,
    RoleAssignment,
    User,
)
from dangjian.orgs.scoping import Role
from dangjian.orgs.services import compute_term_end
from dangjian.orgs.validators import id_card_check_char

DEMO_ROOT_CODE = "C001"
DEFAULT_ORGS = 120
DEFAULT_MEMBERS = 2400
DEFAULT_SEED = 1
DEFAULT_PASSWORD = "dangjian-demo"
# Demo accounts carry this e-mail domain, so --reset removes only accounts it created.
DEMO_EMAIL_DOMAIN = "demo.dangjian.invalid"
DEMO_USERNAMES = ("admin", "county", "township1", "township2", "village1", "member1", "inspector1")
# Root, 县直属机关工委, 两新组织党委, and two townships with their 机关党支部 — plus room for
# one unit in each of the other categories and a village per township.
MIN_ORGS = 12
BATCH_SIZE = 2000


def minimum_members(orgs: int) -> int:
    """Every organization gets its secretary; the root 4 more leaders (组织部 included), and
    the first village branch one ordinary member for the `member1` account."""
    return orgs + 5


class DemoCountyError(Exception):
    """The demo county cannot be built as asked (the message says why)."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organization: str


@dataclass(frozen=True)
class CountySummary:
    created: bool  # False: the county already existed and nothing was changed
    root_code: str
    root_name: str
    orgs: int
    people: int
    memberships: int
    categories: dict[str, int]
    accounts: tuple[DemoAccount, ...]
    elapsed: float
    seed: int | None = None


@dataclass(frozen=True)
class DeletedCounts:
    orgs: int = 0
    people: int = 0
    memberships: int = 0
    role_assignments: int = 0
    users: int = 0


# --------------------------------------------------------------------------------------------
# Word lists. Surnames with rough per-mille frequencies (common ones first).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71),
    ("李", 70),
    ("张", 68),
    ("刘", 54),
    ("陈", 46),
    ("杨", 31),
    ("黄", 22),
    ("赵", 20),
    ("吴", 19),
    ("周", 19),
    ("徐", 15),
    ("孙", 15),
    ("马", 14),
    ("朱", 13),
    ("胡", 13),
    ("郭", 12),
    ("何", 12),
    ("高", 11),
    ("林", 8),
    ("罗", 9),
    ("郑", 9),
    ("梁", 8),
    ("谢", 7),
    ("宋", 7),
    ("唐", 6),
    ("许", 6),
    ("韩", 6),
    ("冯", 6),
    ("邓", 6),
    ("曹", 6),
    ("彭", 5),
    ("曾", 4),
    ("肖", 5),
    ("田", 5),
    ("董", 5),
    ("袁", 4),
    ("潘", 4),
    ("于", 4),
    ("蒋", 4),
    ("蔡", 4),
    ("余", 3),
    ("杜", 4),
    ("叶", 3),
    ("程", 4),
    ("苏", 3),
    ("魏", 4),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 3),
    ("卢", 3),
    ("姜", 3),
    ("崔", 3),
    ("钟", 2),
    ("谭", 2),
    ("陆", 2),
    ("汪", 2),
    ("范", 2),
    ("金", 2),
    ("石", 2),
    ("廖", 2),
    ("贾", 3),
    ("夏", 2),
    ("付", 2),
    ("方", 2),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("闫", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("史", 2),
    ("郝", 1.5),
    ("毛", 1),
    ("贺", 1),
    ("顾", 1),
    ("邵", 1),
    ("牛", 1.5),
    ("申", 1),
    ("常", 1.5),
    ("乔", 1),
    ("武", 1),
    ("孔", 1),
    ("岳", 1),
    ("欧阳", 0.3),
    ("司马", 0.1),
)
# Surnames villages are named after (王庄, 李营, 张寨 …).
CLAN_SURNAMES = "王李张刘陈杨赵吴周徐孙马朱胡郭何高郑宋韩冯曹田董袁于程魏贾孟常牛申岳史郝"
# Given-name characters; people older than 54 get the older-style ones.
MALE_OLD = "国建军民华明志强德福贵生全喜春长保振兴忠永胜学庆祥海林山成文卫东红新平金荣发富合"
MALE_YOUNG = "伟强磊军勇杰涛斌超明刚辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙峰博晨阳昊哲睿轩泽航嘉毅"
FEMALE_OLD = "秀英桂兰玉珍凤芝梅花荣琴华淑云霞菊芳爱莲香月素翠巧红萍春丽敏"
FEMALE_YOUNG = "芳娜敏静丽艳娟霞燕婷雪慧颖倩莉琳洁晶丹佳欣悦怡蕾璐璇萌雨涵梦瑶妍琪思诗晓文君楠"

COUNTY_FIRST = "清永安宁平兴丰泰汝淇沁获封延长柘鄢睢鹿宜嵩固息淮潢"
COUNTY_SECOND = "源阳丘城陵水川乐泽昌邑"
TOWN_FIRST = "柳黄青石白龙马金桃杨高新平安丰永兴大小东西南北双古太清孟宁赵韩潘胡丁卫常蒲"
TOWN_SECOND = "河桥集店庄岗湖山坡寨屯堡口源泉林城营铺塘台井沟滩固楼陵阳"
VILLAGE_SUFFIX = "庄营寨屯集楼岗店庙湾河桥坡洼口寺铺"
VILLAGE_PREFIX = "东西南北前后大小上下"
VILLAGE_NATURE = (
    "柳树庄",
    "槐树营",
    "杏花",
    "枣林",
    "桑园",
    "梨园",
    "榆林",
    "杨树湾",
    "石桥",
    "土山",
    "沙河",
    "北岗",
    "高庙",
    "白庙",
    "红庙",
    "龙王庙",
    "三里庄",
    "五里铺",
    "八里营",
    "十里铺",
    "大柳树",
    "双井",
    "石佛寺",
    "关帝庙",
    "黄土岗",
    "马蹄湾",
    "桃园",
    "苇园",
    "新庄",
    "老庄",
)
COMMUNITY_NAMES = (
    "东关",
    "西关",
    "南关",
    "北关",
    "人民路",
    "解放路",
    "建设路",
    "文化路",
    "新华路",
    "朝阳",
    "和平",
    "幸福",
    "阳光",
    "滨河",
    "锦绣",
    "育才",
    "健康路",
    "胜利",
    "城南",
    "城北",
)
ROADS = (
    "人民路",
    "解放路",
    "建设路",
    "文化路",
    "新华路",
    "中山路",
    "和平路",
    "胜利路",
    "健康路",
    "迎宾大道",
    "黄河路",
    "长江路",
    "工业路",
    "滨河路",
)
BRAND_FIRST = "恒宏鑫金华瑞永兴天博豫福广顺嘉润新诚利康安晨明盛隆万龙正中"
BRAND_SECOND = "达运源丰盛成远原满发禾泽锐信民泰光辉昌佳腾穗通祥鼎旺"
INDUSTRIES = (
    "机械制造",
    "食品",
    "纺织",
    "建材",
    "农业科技",
    "物流",
    "电子科技",
    "化工",
    "服饰",
    "置业",
    "商贸",
    "新能源科技",
    "生物科技",
    "汽车配件",
    "包装材料",
    "医药",
    "家具",
    "印务",
    "环保科技",
    "面业",
    "农牧",
    "钢结构",
)
SOCIAL_KINDS = ("民办学校", "养老服务中心", "社会工作服务中心", "幼儿园", "志愿服务协会")
CN_DIGITS = "零一二三四五六七八九"

ETHNICITIES: tuple[tuple[str, float], ...] = (
    ("汉族", 965),
    ("回族", 25),
    ("满族", 4),
    ("蒙古族", 2),
    ("壮族", 1.5),
    ("土家族", 1),
    ("苗族", 1),
    ("朝鲜族", 0.5),
)
MOBILE_PREFIXES = (
    *("130", "131", "132", "133", "135", "136", "137", "138", "139"),
    *("150", "151", "152", "153", "155", "156", "157", "158", "159", "166"),
    *("171", "173", "175", "176", "177", "178"),
    *("180", "181", "182", "183", "185", "186", "187", "188", "189"),
    *("191", "193", "195", "198", "199"),
)
AREA_CODE = "0373"
# The county's own division code, neighbours in the same city, and a few from elsewhere.
HOME_REGIONS = ("410721", "410724", "410725", "410726", "410727", "410728")
OTHER_REGIONS = ("410102", "410105", "410203", "410305", "410522", "410811", "411023", "130104")

_STATUS_WEIGHTS: tuple[tuple[str, float], ...] = (
    (PartyStatus.FULL, 82),
    (PartyStatus.PROBATIONARY, 5),
    (PartyStatus.CANDIDATE, 3.5),
    (PartyStatus.ACTIVIST, 4.5),
    (PartyStatus.APPLICANT, 5),
)
# Age bands (from, to, weight) of full members, by profile: rural branches keep many elderly
# members; offices and enterprises are younger.
_FULL_AGES = {
    "rural": ((25, 30, 5), (30, 45, 22), (45, 60, 33), (60, 70, 25), (70, 86, 15)),
    "office": ((25, 30, 10), (30, 45, 42), (45, 60, 43), (60, 66, 5)),
    "enterprise": ((23, 30, 15), (30, 45, 50), (45, 60, 33), (60, 66, 2)),
}
_EDUCATION = {
    "rural_old": (
        (Education.MIDDLE_SCHOOL, 60),
        (Education.HIGH_SCHOOL, 25),
        (Education.SECONDARY_VOCATIONAL, 8),
        (Education.COLLEGE, 5),
        (Education.BACHELOR, 2),
    ),
    "rural": (
        (Education.MIDDLE_SCHOOL, 22),
        (Education.HIGH_SCHOOL, 28),
        (Education.SECONDARY_VOCATIONAL, 15),
        (Education.COLLEGE, 20),
        (Education.BACHELOR, 15),
    ),
    "office": (
        (Education.MIDDLE_SCHOOL, 1),
        (Education.HIGH_SCHOOL, 4),
        (Education.SECONDARY_VOCATIONAL, 4),
        (Education.COLLEGE, 20),
        (Education.BACHELOR, 57),
        (Education.MASTER, 13),
        (Education.DOCTORATE, 1),
    ),
    "enterprise": (
        (Education.MIDDLE_SCHOOL, 4),
        (Education.HIGH_SCHOOL, 22),
        (Education.SECONDARY_VOCATIONAL, 20),
        (Education.COLLEGE, 26),
        (Education.BACHELOR, 25),
        (Education.MASTER, 3),
    ),
}


@dataclass(frozen=True)
class _Kind:
    """How a kind of organization is staffed: people weight, age profile, positions."""

    weight: float
    profile: str  # rural / office / enterprise
    secretary: tuple[str, ...]  # the first one is used 70% of the time
    positions: tuple[str, ...] = ()


_BRANCH_POSITIONS = ("组织委员", "宣传委员", "纪检委员")
_COMMITTEE_POSITIONS = (
    "党委副书记",
    "党委委员、组织委员",
    "党委委员、宣传委员",
    "党委委员、纪检委员",
)
KINDS: dict[str, _Kind] = {
    "root": _Kind(
        0.5,
        "office",
        ("县委书记",),
        ("县委副书记", "县委常委、组织部部长", "县委组织部常务副部长", "县委组织部组织科科长"),
    ),
    "township": _Kind(0.3, "office", ("党委书记",), _COMMITTEE_POSITIONS),
    "township_office": _Kind(1.1, "office", ("机关党支部书记",), _BRANCH_POSITIONS),
    "village": _Kind(
        1.0,
        "rural",
        ("村党支部书记、村委会主任", "村党支部书记"),
        ("村党支部副书记", "组织委员", "宣传委员"),
    ),
    "village_general": _Kind(
        0.25,
        "rural",
        ("村党总支书记、村委会主任", "村党总支书记"),
        ("村党总支副书记", "组织委员"),
    ),
    "village_sub": _Kind(0.8, "rural", ("党支部书记",), ("组织委员",)),
    "group": _Kind(0.35, "rural", ("党小组组长",)),
    "community": _Kind(
        0.9, "rural", ("社区党支部书记、居委会主任", "社区党支部书记"), _BRANCH_POSITIONS
    ),
    "community_committee": _Kind(
        0.3, "rural", ("社区党委书记、居委会主任", "社区党委书记"), _COMMITTEE_POSITIONS
    ),
    "community_grid": _Kind(0.6, "rural", ("网格党支部书记",), ("组织委员",)),
    "working_committee": _Kind(0.15, "office", ("机关工委书记",), ("机关工委副书记",)),
    "office": _Kind(0.7, "office", ("机关党支部书记",), _BRANCH_POSITIONS),
    "system_committee": _Kind(0.3, "office", ("党委书记",), _COMMITTEE_POSITIONS),
    "school": _Kind(0.9, "office", ("党支部书记、校长", "党支部书记"), _BRANCH_POSITIONS),
    "hospital_committee": _Kind(
        0.3, "office", ("党委书记、院长", "党委书记"), _COMMITTEE_POSITIONS
    ),
    "hospital_branch": _Kind(
        0.8, "office", ("党支部书记、科主任", "党支部书记"), _BRANCH_POSITIONS
    ),
    "health": _Kind(0.6, "office", ("党支部书记、院长", "党支部书记"), _BRANCH_POSITIONS),
    "police": _Kind(0.7, "office", ("党支部书记、所长", "党支部书记"), _BRANCH_POSITIONS),
    "two_new": _Kind(0.15, "office", ("两新组织党委书记",), ("党委副书记",)),
    "np_enterprise": _Kind(0.25, "enterprise", ("党支部书记",), _BRANCH_POSITIONS),
    "town_enterprise": _Kind(0.2, "enterprise", ("党支部书记",), _BRANCH_POSITIONS),
    "joint": _Kind(0.5, "enterprise", ("联合党支部书记",), _BRANCH_POSITIONS),
    "soe_committee": _Kind(
        0.3, "enterprise", ("党委书记、董事长", "党委书记"), _COMMITTEE_POSITIONS
    ),
    "soe_branch": _Kind(0.7, "enterprise", ("党支部书记",), _BRANCH_POSITIONS),
    "social": _Kind(0.2, "enterprise", ("党支部书记",), ("组织委员",)),
}

# 县直单位: the 机关 of the county's departments (党组 are leading groups, not grassroots
# organizations, so the tree holds each department's 机关党支部 or 党委 instead).
OFFICES = (
    "县委办公室",
    "县人民政府办公室",
    "县纪委监委",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县发展和改革委员会",
    "县科技和工业信息化局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化广电和旅游局",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县乡村振兴局",
    "县信访局",
    "县城市管理局",
    "县人民法院",
    "县人民检察院",
    "县总工会",
    "团县委",
    "县妇联",
    "县税务局",
    "县融媒体中心",
)
SCHOOLS = (
    "县第一高级中学",
    "县第二高级中学",
    "县第一初级中学",
    "县实验中学",
    "县实验小学",
    "县职业教育中心",
    "县特殊教育学校",
    "县第二实验小学",
)
HOSPITAL_DEPARTMENTS = ("内科", "外科", "门诊医技", "护理", "行政后勤")
HEALTH_UNITS = ("县中医院", "县妇幼保健院", "县疾病预防控制中心", "县卫生健康综合监督执法大队")
POLICE_UNITS = ("县公安局交通警察大队", "县公安局刑事侦查大队", "县公安局治安管理大队")
SOCIAL_ORGS = (
    "县律师协会",
    "县个体劳动者协会",
    "县私营企业协会",
    "县物流行业协会",
    "县电子商务协会",
    "县餐饮行业协会",
    "县浙江商会",
    "县福建商会",
    "县义工联合会",
)


def _cn(number: int) -> str:
    """Chinese numeral for 1–99 (一, 十, 十一, 二十三); digits from 100 on."""
    if number >= 100:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _birthday(birth: datetime.date, age: int) -> datetime.date:
    """The day one turns `age`: 1 March for 29 February in a common year."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return datetime.date(birth.year + age, 3, 1)


def _cumulative(pairs: Sequence[tuple[object, float]]) -> tuple[list, list[float]]:
    values = [value for value, _ in pairs]
    return values, list(itertools.accumulate(weight for _, weight in pairs))


@dataclass(eq=False)
class _Node:
    id: int
    code: str
    name: str
    category: str
    org_type: str
    kind: str
    parent: _Node | None
    path: str
    depth: int
    founded_on: datetime.date
    address: str
    is_non_public: bool = False
    clan: str = ""  # the surname a village is named after: many of its people carry it
    place: str = ""  # a township's name (城关镇), which its villages and units start with
    people: list[Person] = field(default_factory=list)


# A slot of the county-unit / enterprise / other plans:
# (key or "", name, org type, parent key, kind, founded years, non-public)
_Slot = tuple[str, str, str, str, str, tuple[int, int], bool]


class _CountyPlanner:
    """Draws the county: the tree, then the people of each organization (nothing saved)."""

    def __init__(
        self,
        *,
        seed: int,
        today: datetime.date,
        root_code: str,
        first_org_id: int,
        first_person_id: int,
        taken_id_cards: set[str],
    ) -> None:
        # Draws whose range or whose very occurrence depends on `today` come from date_rng,
        # so that `rng` — tree, names, people — gives the same county whatever the day.
        self.rng = rng = random.Random(seed)
        self.date_rng = random.Random(f"dates-{seed}")
        self.today = today
        self.root_code = root_code
        self.next_org_id = first_org_id
        self.next_person_id = first_person_id
        self.nodes: list[_Node] = []
        self.keys: dict[str, _Node] = {}
        self.id_cards = taken_id_cards
        self.phones: set[str] = set()
        self.used_names: set[str] = set()
        self.county = rng.choice(COUNTY_FIRST) + rng.choice(COUNTY_SECOND)
        self.home_region = rng.choice(HOME_REGIONS)
        self.towns: list[_Node] = []
        self.village1: _Node | None = None
        self._surnames = _cumulative(SURNAMES)
        self._ethnicities = _cumulative(ETHNICITIES)
        self._statuses = _cumulative(_STATUS_WEIGHTS)
        self._education = {key: _cumulative(pairs) for key, pairs in _EDUCATION.items()}
        self._ages = {
            key: _cumulative([((low, high), weight) for low, high, weight in bands])
            for key, bands in _FULL_AGES.items()
        }

    # -- small helpers ----------------------------------------------------------------------
    def _pick(self, cumulative: tuple[list, list[float]]):
        values, weights = cumulative
        return self.rng.choices(values, cum_weights=weights)[0]

    def _date_in_years(self, first_year: int, last_year: int) -> datetime.date:
        day = datetime.date(self.rng.randint(first_year, last_year), 1, 1)
        day += datetime.timedelta(days=self.rng.randrange(365))
        return min(day, self.today - datetime.timedelta(days=400))

    def _days_before(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day - datetime.timedelta(days=self.rng.randint(low, high))

    def _unique(self, make: Callable[[], str], suffix: str = "") -> str:
        """`make() + suffix`, not used yet in this county; once the choices run low, the
        stem is numbered (王庄二村, 王庄三村 …)."""
        for _ in range(40):
            name = make() + suffix
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        stem = make()
        for number in itertools.count(2):
            name = f"{stem}{_cn(number)}{suffix}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise AssertionError("unreachable")

    def add(
        self,
        name: str,
        category: str,
        org_type: str,
        parent: _Node | None,
        kind: str,
        founded_on: datetime.date,
        *,
        address: str = "",
        non_public: bool = False,
        clan: str = "",
        key: str = "",
    ) -> _Node:
        org_id = self.next_org_id
        self.next_org_id += 1
        if parent is None:
            code, path, depth = self.root_code, f"{PATH_SEPARATOR}{org_id}{PATH_SEPARATOR}", 0
        else:
            code = f"{self.root_code}-{len(self.nodes):05d}"
            path, depth = f"{parent.path}{org_id}{PATH_SEPARATOR}", parent.depth + 1
        node = _Node(
            id=org_id,
            code=code,
            name=name,
            category=category,
            org_type=org_type,
            kind=kind,
            parent=parent,
            path=path,
            depth=depth,
            founded_on=founded_on,
            address=address or (parent.address if parent else ""),
            is_non_public=non_public,
            clan=clan,
        )
        self.nodes.append(node)
        if key:
            self.keys[key] = node
        return node

    def _road_address(self) -> str:
        return f"{self.county}县{self.rng.choice(ROADS)}{self.rng.randint(1, 300)}号"

    # -- the tree ---------------------------------------------------------------------------
    def plan_orgs(self, total: int) -> None:
        rng = self.rng
        county = self.county
        towns = max(2, round(total / 55))
        rest = total - 3 - 2 * towns
        county_units = max(1, round(rest * 0.16))
        enterprises = max(1, round(rest * 0.09))
        others = max(1, round(rest * 0.025))
        rural = rest - county_units - enterprises - others
        if rural < towns:
            raise DemoCountyError(f"--orgs must be at least {MIN_ORGS}.")

        # The root is the county committee itself; it is none of the four assessed
        # categories, hence "other".
        root = self.add(
            f"中共{county}县委员会",
            OrgCategory.OTHER,
            OrgType.COMMITTEE,
            None,
            "root",
            datetime.date(1949, rng.randint(1, 12), rng.randint(1, 28)),
            address=f"{county}县人民路1号",
            key="root",
        )
        self.add(
            f"中共{county}县直属机关工作委员会",
            OrgCategory.COUNTY_UNIT,
            OrgType.COMMITTEE,
            root,
            "working_committee",
            self._date_in_years(1984, 1990),
            address=f"{county}县人民路1号",
            key="wc",
        )
        self.add(
            f"{county}县非公有制经济组织和社会组织党委",
            OrgCategory.ENTERPRISE,
            OrgType.COMMITTEE,
            root,
            "two_new",
            self._date_in_years(2008, 2012),
            address=self._road_address(),
            key="two_new",
        )
        firsts = rng.sample(TOWN_FIRST, len(TOWN_FIRST))  # no two towns alike while it lasts
        for index in range(towns):
            if index == 0:
                town_name = self._unique(lambda: "城关", "镇")  # the county seat
            else:
                first = firsts[(index - 1) % len(firsts)]
                town_name = self._unique(
                    lambda first=first: first + rng.choice(TOWN_SECOND),
                    "镇" if rng.random() < 0.6 else "乡",
                )
            town = self.add(
                f"中共{town_name}委员会",
                OrgCategory.TOWNSHIP,
                OrgType.COMMITTEE,
                root,
                "township",
                self._date_in_years(1983, 1987),
                address=f"{county}县{town_name}人民政府",
                key=f"town{index}",
            )
            town.place = town_name
            self.towns.append(town)
            self.add(
                f"{town_name}机关党支部",
                OrgCategory.TOWNSHIP,
                OrgType.BRANCH,
                town,
                "township_office",
                self._date_in_years(1984, 1995),
            )

        # Rural organizations: most of the county. Township 1 (the county seat) is larger.
        weights = [rng.uniform(0.6, 1.4) * (1.3 if index == 0 else 1.0) for index in range(towns)]
        budgets = _apportion(rural, weights, [1] * towns)
        for town, budget in zip(self.towns, budgets, strict=True):
            self._plan_township(town, budget, first=town is self.towns[0])

        self._fill(county_units, self._county_unit_slots())
        self._fill(enterprises, self._enterprise_slots())
        self._fill(others, self._social_slots())
        assert len(self.nodes) == total, (len(self.nodes), total)

    def _village_name(self) -> tuple[str, str]:
        rng = self.rng
        clan = rng.choice(CLAN_SURNAMES)
        roll = rng.random()
        if roll < 0.55:
            return clan + rng.choice(VILLAGE_SUFFIX), clan
        if roll < 0.8:
            return rng.choice(VILLAGE_PREFIX) + clan + rng.choice(VILLAGE_SUFFIX), clan
        if roll < 0.9:
            return clan + "家" + rng.choice("庄寨湾洼"), clan
        return rng.choice(VILLAGE_NATURE), ""

    def _plan_township(self, town: _Node, budget: int, *, first: bool) -> None:
        rng = self.rng
        town_name = town.place
        units = 0
        while budget > 0:
            if first and units < 3:
                # Township 1 shows every shape: a branch with 党小组, a 党总支, a 社区党委.
                shape = ("village", "village_general", "community_committee")[units]
                size = 3
            else:
                roll = rng.random()
                community_share = 0.22 if first else 0.04
                if roll < community_share:
                    shape = "community_committee" if rng.random() < 0.35 else "community"
                elif roll < community_share + 0.12:
                    shape = "village_general"
                else:
                    shape = "village"
                size = {
                    "community_committee": 1 + rng.randint(2, 3),
                    "community": 1,
                    "village_general": 1 + rng.randint(2, 3),
                    "village": 1 + (rng.randint(2, 3) if rng.random() < 0.1 else 0),
                }[shape]
            size = min(size, budget)
            budget -= size
            units += 1
            if shape.startswith("community"):
                self._community(town, town_name, shape, size)
            else:
                self._village(town, town_name, shape, size)

    def _village(self, town: _Node, town_name: str, shape: str, size: int) -> None:
        holder: list[str] = []

        def make() -> str:
            name, clan = self._village_name()
            holder[:] = [clan]
            return f"{town_name}{name}"

        village = self._unique(make, "村")
        clan = holder[0]
        address = f"{self.county}县{village}村委会"
        founded = self._date_in_years(1946, 1980)
        if shape == "village_general" and size >= 3:
            head = self.add(
                f"{village}党总支",
                OrgCategory.RURAL,
                OrgType.GENERAL_BRANCH,
                town,
                "village_general",
                founded,
                address=address,
                clan=clan,
            )
            for number in range(1, size):
                self.add(
                    f"{village}第{_cn(number)}党支部",
                    OrgCategory.RURAL,
                    OrgType.BRANCH,
                    head,
                    "village_sub",
                    self._date_in_years(1995, 2018),
                    clan=clan,
                )
            return
        head = self.add(
            f"{village}党支部",
            OrgCategory.RURAL,
            OrgType.BRANCH,
            town,
            "village",
            founded,
            address=address,
            clan=clan,
        )
        if self.village1 is None and town is self.towns[0]:
            self.village1 = head
        for number in range(1, size):
            self.add(
                f"{village}第{_cn(number)}党小组",
                OrgCategory.RURAL,
                OrgType.GROUP,
                head,
                "group",
                self._date_in_years(2000, 2020),
                clan=clan,
            )

    def _community(self, town: _Node, town_name: str, shape: str, size: int) -> None:
        # 社区 (urban neighbourhoods under a township) are filed as "rural": the county's
        # 创先争优 assessment groups them with the villages as 农村（社区）党组织, and they
        # answer to the township committee like the villages do.
        rng = self.rng
        community = self._unique(lambda: f"{town_name}{rng.choice(COMMUNITY_NAMES)}", "社区")
        address = f"{self.county}县{community}党群服务中心"
        founded = self._date_in_years(1998, 2018)
        if shape == "community_committee" and size >= 3:
            head = self.add(
                f"{community}党委",
                OrgCategory.RURAL,
                OrgType.COMMITTEE,
                town,
                "community_committee",
                founded,
                address=address,
            )
            for number in range(1, size):
                self.add(
                    f"{community}第{_cn(number)}网格党支部",
                    OrgCategory.RURAL,
                    OrgType.BRANCH,
                    head,
                    "community_grid",
                    self._date_in_years(2015, 2022),
                )
            return
        head = self.add(
            f"{community}党支部",
            OrgCategory.RURAL,
            OrgType.BRANCH,
            town,
            "community",
            founded,
            address=address,
        )
        for number in range(1, size):
            self.add(
                f"{community}第{_cn(number)}党小组",
                OrgCategory.RURAL,
                OrgType.GROUP,
                head,
                "group",
                self._date_in_years(2005, 2020),
            )

    def _fill(self, budget: int, slots: Iterator[_Slot]) -> None:
        """Take slots in order until the budget is spent (parents always come first)."""
        for key, name, org_type, parent_key, kind, years, non_public in itertools.islice(
            slots, budget
        ):
            parent = self.keys[parent_key]
            category = {
                "social": OrgCategory.OTHER,
                "np_enterprise": OrgCategory.ENTERPRISE,
                "town_enterprise": OrgCategory.ENTERPRISE,
                "joint": OrgCategory.ENTERPRISE,
                "soe_committee": OrgCategory.ENTERPRISE,
                "soe_branch": OrgCategory.ENTERPRISE,
            }.get(kind, OrgCategory.COUNTY_UNIT)
            if kind == "hospital_branch":
                address = parent.address
            elif kind == "town_enterprise":  # in the township's own industrial area
                address = f"{self.county}县{parent.place}工业园区{self.rng.randint(1, 99)}号"
            else:
                address = ""
            self.add(
                name,
                category,
                org_type,
                parent,
                kind,
                self._date_in_years(*years),
                address=address or self._road_address(),
                non_public=non_public,
                key=key,
            )

    def _county_unit_slots(self) -> Iterator[_Slot]:
        c = self.county
        branch, committee = OrgType.BRANCH, OrgType.COMMITTEE

        def county(name: str) -> str:
            return name.replace("县", f"{c}县", 1) if name.startswith("县") else f"{c}{name}"

        def schools() -> Iterator[_Slot]:
            yield (
                "edu",
                f"{c}县教育局党委",
                committee,
                "wc",
                "system_committee",
                (1980, 1995),
                False,
            )
            for school in SCHOOLS:
                yield ("", f"{county(school)}党支部", branch, "edu", "school", (1955, 2005), False)
            for town in self.towns:
                name = f"{town.place}中心学校党支部"
                yield ("", name, branch, "edu", "school", (1980, 2005), False)
            for number in itertools.count(1):
                for town in self.towns:
                    level = "初级中学" if number % 3 == 1 else "小学"
                    name = f"{town.place}第{_cn(number)}{level}党支部"
                    yield ("", name, branch, "edu", "school", (1960, 2010), False)

        def health() -> Iterator[_Slot]:
            yield (
                "health",
                f"{c}县卫生健康委员会党委",
                committee,
                "wc",
                "system_committee",
                (1980, 1995),
                False,
            )
            yield (
                "hospital",
                f"{c}县人民医院党委",
                committee,
                "health",
                "hospital_committee",
                (1952, 1980),
                False,
            )
            for index, department in enumerate(HOSPITAL_DEPARTMENTS):
                yield (
                    "",
                    f"{c}县人民医院{department}党支部",
                    branch,
                    "hospital",
                    "hospital_branch",
                    (1985, 2010),
                    False,
                )
                if index < len(HEALTH_UNITS):
                    yield (
                        "",
                        f"{county(HEALTH_UNITS[index])}党支部",
                        branch,
                        "health",
                        "health",
                        (1955, 2000),
                        False,
                    )
            for town in self.towns:
                yield (
                    "",
                    f"{town.place}卫生院党支部",
                    branch,
                    "health",
                    "health",
                    (1958, 1995),
                    False,
                )

        def police() -> Iterator[_Slot]:
            yield (
                "police",
                f"{c}县公安局党委",
                committee,
                "wc",
                "system_committee",
                (1955, 1985),
                False,
            )
            for unit in POLICE_UNITS:
                yield ("", f"{county(unit)}党支部", branch, "police", "police", (1980, 2005), False)
            for town in self.towns:
                yield (
                    "",
                    f"{c}县公安局{town.place[:-1]}派出所党支部",
                    branch,
                    "police",
                    "police",
                    (1980, 2005),
                    False,
                )

        systems = [schools(), health(), police()]
        offices = iter(OFFICES)
        turn = 0
        while True:
            office = next(offices, None)
            if office is not None:
                yield (
                    "",
                    f"{county(office)}机关党支部",
                    branch,
                    "wc",
                    "office",
                    (1950, 1995),
                    False,
                )
            slot = None
            while slot is None:  # schools() never ends, so this always finds one
                generator = systems[turn % len(systems)]
                slot = next(generator, None)
                if slot is None:
                    systems.remove(generator)
                else:
                    turn += 1
            yield slot

    def _brand(self) -> str:
        return self.rng.choice(BRAND_FIRST) + self.rng.choice(BRAND_SECOND)

    def _company(self) -> str:
        rng = self.rng
        form = "股份有限公司" if rng.random() < 0.1 else "有限公司"
        return self._unique(lambda: f"{self.county}县{self._brand()}{rng.choice(INDUSTRIES)}{form}")

    def _enterprise_slots(self) -> Iterator[_Slot]:
        c = self.county
        branch, committee = OrgType.BRANCH, OrgType.COMMITTEE
        state_owned: Iterator[_Slot] = iter(
            [
                (
                    "soe1",
                    f"{c}县城市建设投资集团有限公司党委",
                    committee,
                    "root",
                    "soe_committee",
                    (1998, 2012),
                    False,
                ),
                ("", f"{c}县城投集团第一党支部", branch, "soe1", "soe_branch", (2005, 2018), False),
                (
                    "grid",
                    f"国网{c}县供电公司党委",
                    committee,
                    "root",
                    "soe_committee",
                    (1985, 2000),
                    False,
                ),
                (
                    "",
                    f"国网{c}县供电公司城关供电所党支部",
                    branch,
                    "grid",
                    "soe_branch",
                    (1995, 2010),
                    False,
                ),
                (
                    "",
                    f"{c}县农村商业银行党委",
                    committee,
                    "root",
                    "soe_committee",
                    (1995, 2015),
                    False,
                ),
                ("", f"{c}县城投集团第二党支部", branch, "soe1", "soe_branch", (2005, 2018), False),
                (
                    "",
                    f"{c}县自来水有限公司党支部",
                    branch,
                    "root",
                    "soe_branch",
                    (1985, 2000),
                    False,
                ),
                (
                    "",
                    f"{c}县公共交通有限公司党支部",
                    branch,
                    "root",
                    "soe_branch",
                    (1995, 2010),
                    False,
                ),
                ("", f"{c}县粮食储备库党支部", branch, "root", "soe_branch", (1980, 2000), False),
            ]
        )
        pattern = ("np", "np", "town", "np", "soe", "np", "town", "joint")
        towns = itertools.cycle(range(len(self.towns)))
        joints = itertools.count(1)
        for step in itertools.cycle(pattern):
            if step == "soe":
                slot = next(state_owned, None)
                if slot is not None:
                    yield slot
                    continue
                step = "np"
            if step == "town":
                yield (
                    "",
                    f"{self._company()}党支部",
                    branch,
                    f"town{next(towns)}",
                    "town_enterprise",
                    (2003, 2023),
                    True,
                )
            elif step == "joint":
                yield (
                    "",
                    f"{c}县产业集聚区非公企业第{next(joints)}联合党支部",
                    branch,
                    "two_new",
                    "joint",
                    (2010, 2022),
                    True,
                )
            else:
                yield (
                    "",
                    f"{self._company()}党支部",
                    branch,
                    "two_new",
                    "np_enterprise",
                    (2003, 2023),
                    True,
                )

    def _social_slots(self) -> Iterator[_Slot]:
        c = self.county
        for name in SOCIAL_ORGS:
            yield ("", f"{c}{name}党支部", OrgType.BRANCH, "two_new", "social", (2008, 2022), False)
        while True:
            name = self._unique(lambda: f"{c}县{self._brand()}{self.rng.choice(SOCIAL_KINDS)}")
            yield ("", f"{name}党支部", OrgType.BRANCH, "two_new", "social", (2008, 2023), False)

    # -- people -----------------------------------------------------------------------------
    def people_batches(
        self, total: int, *, first_membership_id: int, size: int = BATCH_SIZE
    ) -> Iterator[tuple[list[Person], list[Membership]]]:
        """Share `total` people among the organizations and draw them, `size` at a time,
        each with an open membership in their organization."""
        rng = self.rng
        base = [1] * len(self.nodes)
        base[0] = 5  # the root: 县委书记 and four leaders, the 组织部 among them
        assert self.village1 is not None
        base[self.nodes.index(self.village1)] = 2  # its secretary and member1's person
        weights = [KINDS[node.kind].weight * rng.uniform(0.6, 1.4) for node in self.nodes]
        people: list[Person] = []
        memberships: list[Membership] = []
        next_membership_id = first_membership_id
        counts = _apportion(total, weights, base)
        for node, count in zip(self.nodes, counts, strict=True):
            staff = self._staff(node, count, force_last_full=node is self.village1)
            # Kept for the organization rows (secretary, contact) and the accounts.
            node.people = staff if node is self.village1 or node.kind == "root" else staff[:2]
            for person in staff:
                start = max(person.probationary_on or person.applied_on, node.founded_on)
                if self.date_rng.random() < 0.35:  # transferred in later (组织关系转入)
                    days = self.date_rng.randint(0, (self.today - start).days)
                    start += datetime.timedelta(days=days)
                memberships.append(
                    Membership(
                        id=next_membership_id,
                        person_id=person.id,
                        org_id=node.id,
                        started_on=start,
                    )
                )
                next_membership_id += 1
            people.extend(staff)
            if len(people) >= size:
                yield people, memberships
                people, memberships = [], []
        if people:
            yield people, memberships

    def _staff(self, node: _Node, count: int, *, force_last_full: bool) -> list[Person]:
        rng = self.rng
        staff = []
        kind = KINDS[node.kind]
        positions = kind.positions if count >= 4 else ()
        positions = positions[: max(0, count - 2)] if node.kind != "root" else positions
        for rank in range(count):
            if rank == 0:
                options = kind.secretary
                position = options[0] if len(options) == 1 or rng.random() < 0.7 else options[1]
                if node.kind == "township":
                    position = f"{node.place[-1]}{position}"  # 镇党委书记 / 乡党委书记
            elif rank - 1 < len(positions):
                position = positions[rank - 1]
            else:
                position = ""
            if position or (force_last_full and rank == count - 1):
                status = PartyStatus.FULL
            else:
                status = self._pick(self._statuses)
            leader = rank == 0 or bool(position)
            staff.append(self._person(node, kind.profile, status, position, leader, rank == 0))
        return staff

    def _person(
        self,
        node: _Node,
        profile: str,
        status: str,
        position: str,
        leader: bool,
        secretary: bool,
    ) -> Person:
        rng = self.rng
        today = self.today
        male = rng.random() < (0.85 if secretary else 0.7)
        # Age, then the stage dates; the birth date is moved earlier if the application
        # would fall before the 18th birthday (党章 Art. 1).
        if status == PartyStatus.FULL:
            if leader:  # secretaries and committee members
                low, high = (38, 64) if profile == "rural" else (35, 58)
                if node.kind == "root":
                    low, high = 42, 58
            else:
                values, weights = self._ages[profile]
                low, high = rng.choices(values, cum_weights=weights)[0]
        elif status == PartyStatus.PROBATIONARY:
            low, high = 23, 40
        else:
            low, high = 19, 38
        age_days = rng.randrange(int(low * 365.25), int(high * 365.25))
        birth = today - datetime.timedelta(days=age_days)
        dates: dict[str, datetime.date | None] = dict.fromkeys(
            ("applied_on", "activist_on", "candidate_on", "probationary_on", "full_member_on")
        )
        if status == PartyStatus.FULL:
            joined = _add_years(birth, round(rng.triangular(22, 50, 26)))
            probationary = min(joined, today - datetime.timedelta(days=366))
            dates["probationary_on"] = probationary
            dates["full_member_on"] = _add_years(probationary, 1)
            dates["candidate_on"] = self._days_before(probationary, 92, 400)
        elif status == PartyStatus.PROBATIONARY:
            probationary = self._days_before(today, 1, 364)
            dates["probationary_on"] = probationary
            dates["candidate_on"] = self._days_before(probationary, 92, 400)
        elif status == PartyStatus.CANDIDATE:
            dates["candidate_on"] = self._days_before(today, 1, 360)
        if dates["candidate_on"] is not None:
            dates["activist_on"] = self._days_before(dates["candidate_on"], 366, 700)
        elif status == PartyStatus.ACTIVIST:
            dates["activist_on"] = self._days_before(today, 1, 700)
        if dates["activist_on"] is not None:
            dates["applied_on"] = self._days_before(dates["activist_on"], 30, 240)
        else:
            dates["applied_on"] = self._days_before(today, 1, 365)
        applied = dates["applied_on"]
        if applied < _birthday(birth, 18):
            days = self.date_rng.randint(0, 2000)
            birth = _add_years(applied, -18) - datetime.timedelta(days=days)

        if node.clan and node.category == OrgCategory.RURAL and rng.random() < 0.35:
            surname = node.clan
        else:
            surname = self._pick(self._surnames)
        old = (today - birth).days > 54 * 365  # older-style names (born before ~1972)
        pool = (MALE_OLD if old else MALE_YOUNG) if male else (FEMALE_OLD if old else FEMALE_YOUNG)
        given = "".join(rng.sample(pool, 2 if rng.random() < 0.65 else 1))
        education_key = profile
        if profile == "rural" and (today - birth).days > 56 * 365:
            education_key = "rural_old"
        person = Person(
            id=self.next_person_id,
            name=surname + given,
            gender=Gender.MALE if male else Gender.FEMALE,
            birth_date=birth,
            ethnicity=self._pick(self._ethnicities),
            phone=self._phone(),
            id_card=self._id_card(birth, male),
            education=self._pick(self._education[education_key]),
            party_status=status,
            primary_org_id=node.id,
            cadre_position=position,
            is_active=True,
            **dates,
        )
        self.next_person_id += 1
        return person

    def _phone(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _id_card(self, birth: datetime.date, male: bool) -> str:
        """A GB 11643 number: region, birth date, sequence (odd for men), check character.

        Drawn from date_rng: it holds a date, so retries after a clash depend on `today`."""
        rng = self.date_rng
        roll = rng.random()
        if roll < 0.75:
            region = self.home_region
        elif roll < 0.95:
            region = rng.choice(HOME_REGIONS)
        else:
            region = rng.choice(OTHER_REGIONS)
        while True:
            sequence = rng.randrange(100) * 10 + int(rng.choice("13579" if male else "02468"))
            if sequence == 0:
                continue
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_card_check_char(first17)
            if number not in self.id_cards:
                self.id_cards.add(number)
                return number

    # -- rows -------------------------------------------------------------------------------
    def organization_rows(self) -> list[Organization]:
        """The organizations, without secretary and contact: those come with the people."""
        rng = self.rng
        today = self.today
        term_years = rules.TERM_YEARS_DEFAULT
        rows = []
        for node in self.nodes:
            elected = number = None
            if node.org_type != OrgType.GROUP:
                # Elected within the last ~6 years: with five-year terms about one in six
                # has expired and some are due (换届提醒 has something to show); township 1
                # is due, township 2 expired, whatever the seed.
                elected = today - datetime.timedelta(days=rng.randint(30, 6 * 365))
                if node is self.towns[0]:
                    elected = _add_years(today, -term_years) + datetime.timedelta(days=90)
                elif node is self.towns[1]:
                    elected = _add_years(today, -term_years) - datetime.timedelta(days=120)
                elected = max(elected, node.founded_on)
                number = min(30, max(1, (elected.year - node.founded_on.year) // term_years + 1))
            rows.append(
                Organization(
                    id=node.id,
                    code=node.code,
                    name=node.name,
                    category=node.category,
                    org_type=node.org_type,
                    is_non_public=node.is_non_public,
                    parent_id=node.parent.id if node.parent else None,
                    path=node.path,
                    depth=node.depth,
                    address=node.address,
                    founded_on=node.founded_on,
                    is_active=True,
                    term_number=number,
                    term_elected_on=elected,
                    term_years=term_years,
                    term_ends_on=compute_term_end(elected, term_years),
                )
            )
        return rows

    def secretary_rows(self, rows: list[Organization]) -> list[Organization]:
        """`rows` with secretary and contact set from the people drawn since."""
        rng = self.rng
        for row, node in zip(rows, self.nodes, strict=True):
            secretary = contact = node.people[0]
            if node.people[1:] and node.people[1].cadre_position and rng.random() < 0.4:
                contact = node.people[1]  # the 组织委员 or deputy answers the phone
            phone = contact.phone
            if node.category == OrgCategory.COUNTY_UNIT and rng.random() < 0.3:
                phone = f"{AREA_CODE}-{rng.randint(2000000, 8999999)}"
            row.secretary_id = secretary.id
            row.contact_name = contact.name
            row.contact_phone = phone
        return rows

    # -- accounts ---------------------------------------------------------------------------
    def account_people(self) -> dict[str, Person]:
        """The people the demo accounts belong to (admin and inspector1 have none)."""
        assert self.village1 is not None
        return {
            "county": self.nodes[0].people[4],  # 县委组织部组织科科长
            "township1": self.towns[0].people[0],
            "township2": self.towns[1].people[0],
            "village1": self.village1.people[0],
            "member1": self.village1.people[-1],
        }

    def account_roles(self) -> list[tuple[str, str, _Node]]:
        assert self.village1 is not None
        return [
            ("county", Role.DEPT_ADMIN, self.nodes[0]),
            ("township1", Role.SECRETARY, self.towns[0]),
            ("township2", Role.SECRETARY, self.towns[1]),
            ("village1", Role.SECRETARY, self.village1),
            ("member1", Role.MEMBER, self.village1),
            ("inspector1", Role.INSPECTOR, self.towns[1]),
        ]


def _apportion(total: int, weights: Sequence[float], base: Sequence[int]) -> list[int]:
    """`base` each plus `total - sum(base)` shared by weight (largest remainders): exact."""
    extra = total - sum(base)
    if extra < 0:
        raise DemoCountyError("not enough to go round")
    weight_sum = sum(weights)
    shares = [extra * weight / weight_sum for weight in weights]
    counts = [int(share) for share in shares]
    left = extra - sum(counts)
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[:left]:
        counts[index] += 1
    return [b + c for b, c in zip(base, counts, strict=True)]


# --------------------------------------------------------------------------------------------
def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def _demo_users():
    return User.objects.filter(username__in=DEMO_USERNAMES, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def _counts(root: Organization) -> tuple[int, int, int, dict[str, int]]:
    orgs = Organization.objects.filter(path__startswith=root.path)
    people = Person.objects.filter(primary_org__path__startswith=root.path)
    memberships = Membership.objects.filter(person__primary_org__path__startswith=root.path)
    categories = dict(
        orgs.order_by().values_list("category").annotate(n=Count("id")).values_list("category", "n")
    )
    return orgs.count(), people.count(), memberships.count(), categories


def demo_accounts() -> tuple[DemoAccount, ...]:
    """The demo accounts that exist, each role on its own row, in DEMO_USERNAMES order."""
    users = {user.username: user for user in _demo_users()}
    assignments = RoleAssignment.objects.filter(user__in=users.values()).select_related(
        "org", "user"
    )
    by_user: dict[str, list[RoleAssignment]] = {}
    for assignment in assignments.order_by("pk"):
        by_user.setdefault(assignment.user.username, []).append(assignment)
    rows = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser:
            rows.append(DemoAccount(username, "superuser", "—"))
        for assignment in by_user.get(username, []):
            rows.append(
                DemoAccount(username, str(assignment.get_role_display()), assignment.org.name)
            )
    return tuple(rows)


def _summary(root: Organization, *, created: bool, started: float, seed: int | None):
    orgs, people, memberships, categories = _counts(root)
    return CountySummary(
        created=created,
        root_code=root.code,
        root_name=root.name,
        orgs=orgs,
        people=people,
        memberships=memberships,
        categories=categories,
        accounts=demo_accounts(),
        elapsed=time.perf_counter() - started,
        seed=seed,
    )


@transaction.atomic
def delete_county(*, root_code: str = DEMO_ROOT_CODE) -> DeletedCounts:
    """Remove the demo county: the org subtree under `root_code`, its people, memberships,
    role assignments and audit entries, and the demo accounts (only those with the demo
    e-mail domain, so a real `admin` account is never touched)."""
    root = Organization.objects.filter(code=root_code).first()
    deleted: dict[str, int] = {}

    def delete(queryset) -> None:
        for label, number in queryset.delete()[1].items():
            deleted[label] = deleted.get(label, 0) + number

    if root is not None:
        prefix = root.path
        delete(
            Membership.objects.filter(
                Q(org__path__startswith=prefix) | Q(person__primary_org__path__startswith=prefix)
            )
        )
        delete(RoleAssignment.objects.filter(org__path__startswith=prefix))
        # Ids are reused after a reset, so old entries would otherwise match the new paths.
        delete(AuditEntry.objects.filter(org_path__startswith=prefix))
        orgs = Organization.objects.filter(path__startswith=prefix)
        # `parent` is PROTECT: unhook the tree so that it goes in one delete.
        orgs.update(parent=None, secretary=None)
        delete(Person.objects.filter(primary_org__path__startswith=prefix))
        delete(orgs)
    delete(_demo_users())
    return DeletedCounts(
        orgs=deleted.get(Organization._meta.label, 0),
        people=deleted.get(Person._meta.label, 0),
        memberships=deleted.get(Membership._meta.label, 0),
        role_assignments=deleted.get(RoleAssignment._meta.label, 0),
        users=deleted.get(User._meta.label, 0),
    )


def build_county(
    *,
    orgs: int = DEFAULT_ORGS,
    members: int = DEFAULT_MEMBERS,
    seed: int = DEFAULT_SEED,
    password: str = DEFAULT_PASSWORD,
    reset: bool = False,
    progress: bool = True,
    today: datetime.date | None = None,
    root_code: str = DEMO_ROOT_CODE,
) -> CountySummary:
    """Build the demo county, or report the one that exists (and change nothing).

    `orgs` organizations and `members` people, each with one open membership in their
    organization, plus the demo accounts, all with `password`. `reset` first deletes a
    previous demo county. `progress` shows tqdm bars on stderr (only on a terminal).
    """
    started = time.perf_counter()
    if orgs < MIN_ORGS:
        raise DemoCountyError(f"--orgs must be at least {MIN_ORGS}.")
    if members < minimum_members(orgs):
        raise DemoCountyError(
            f"--members must be at least {minimum_members(orgs)} for {orgs} organizations "
            "(every organization needs its secretary)."
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        if reset:
            delete_county(root_code=root_code)
        existing = Organization.objects.filter(code=root_code).first()
        if existing is not None:
            return _summary(existing, created=False, started=started, seed=None)
        taken = list(
            User.objects.filter(username__in=DEMO_USERNAMES)
            .order_by("username")
            .values_list("username", flat=True)
        )
        if taken:
            raise DemoCountyError(
                f"Account(s) {', '.join(taken)} already exist but there is no demo county: "
                "--reset removes leftover demo accounts; other accounts must be renamed."
            )
        _build(
            orgs=orgs,
            members=members,
            seed=seed,
            password=password,
            progress=progress,
            today=today,
            root_code=root_code,
        )
        root = Organization.objects.get(code=root_code)
        return _summary(root, created=True, started=started, seed=seed)


def _build(
    *,
    orgs: int,
    members: int,
    seed: int,
    password: str,
    progress: bool,
    today: datetime.date,
    root_code: str,
) -> None:
    planner = _CountyPlanner(
        seed=seed,
        today=today,
        root_code=root_code,
        first_org_id=_next_id(Organization),
        first_person_id=_next_id(Person),
        taken_id_cards=set(Person.objects.exclude(id_card="").values_list("id_card", flat=True)),
    )
    # disable=None: the bars are drawn only when stderr is a terminal.
    bar_options = {"disable": None if progress else True}
    with tqdm(total=orgs, desc="orgs", unit="org", **bar_options) as bar:
        planner.plan_orgs(orgs)
        org_rows = planner.organization_rows()
        _bulk(Organization, org_rows, bar)
    batches = planner.people_batches(members, first_membership_id=_next_id(Membership))
    with tqdm(total=members, desc="people", unit="person", **bar_options) as bar:
        for people, memberships in batches:
            Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
            Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
            bar.update(len(people))
    # Secretaries and contacts afterwards: no foreign key points at a row not yet written.
    Organization.objects.bulk_update(
        planner.secretary_rows(org_rows),
        ["secretary", "contact_name", "contact_phone"],
        batch_size=BATCH_SIZE,
    )
    _create_accounts(planner, password)
    # Explicit ids do not move PostgreSQL's sequences; SQLite needs nothing.
    statements = connection.ops.sequence_reset_sql(no_style(), [Organization, Person, Membership])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _bulk(model, rows: list, bar: tqdm) -> None:
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        bar.update(len(batch))


def _create_accounts(planner: _CountyPlanner, password: str) -> None:
    """The demo accounts and their roles, the password hashed once; links their people."""
    hashed = make_password(password)
    people = planner.account_people()
    users = {}
    for username in DEMO_USERNAMES:
        person = people.get(username)
        user = User.objects.create(
            username=username,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            password=hashed,
            first_name=person.name if person else "",
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        users[username] = user
        if person is not None:
            Person.objects.filter(pk=person.pk).update(user=user)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=users[username], role=role, org_id=node.id)
        for username, role, node in planner.account_roles()
    )
