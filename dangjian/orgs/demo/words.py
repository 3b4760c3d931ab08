"""Word lists and staffing profiles of the demo county: names, places, units, weights."""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.orgs.models import Education, PartyStatus

# Surnames with rough per-mille frequencies (common ones first).
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

STATUS_WEIGHTS: tuple[tuple[str, float], ...] = (
    (PartyStatus.FULL, 82),
    (PartyStatus.PROBATIONARY, 5),
    (PartyStatus.CANDIDATE, 3.5),
    (PartyStatus.ACTIVIST, 4.5),
    (PartyStatus.APPLICANT, 5),
)
# Age bands (from, to, weight) of full members, by profile: rural branches keep many elderly
# members; offices and enterprises are younger.
FULL_AGES = {
    "rural": ((25, 30, 5), (30, 45, 22), (45, 60, 33), (60, 70, 25), (70, 86, 15)),
    "office": ((25, 30, 10), (30, 45, 42), (45, 60, 43), (60, 66, 5)),
    "enterprise": ((23, 30, 15), (30, 45, 50), (45, 60, 33), (60, 66, 2)),
}
EDUCATION_WEIGHTS = {
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
class Kind:
    """How a kind of organization is staffed: people weight, age profile, positions."""

    weight: float
    profile: str  # rural / office / enterprise
    secretary: tuple[str, ...]  # the first one is used 70% of the time
    positions: tuple[str, ...] = ()


BRANCH_POSITIONS = ("组织委员", "宣传委员", "纪检委员")
COMMITTEE_POSITIONS = (
    "党委副书记",
    "党委委员、组织委员",
    "党委委员、宣传委员",
    "党委委员、纪检委员",
)
KINDS: dict[str, Kind] = {
    "root": Kind(
        0.5,
        "office",
        ("县委书记",),
        ("县委副书记", "县委常委、组织部部长", "县委组织部常务副部长", "县委组织部组织科科长"),
    ),
    "township": Kind(0.3, "office", ("党委书记",), COMMITTEE_POSITIONS),
    "township_office": Kind(1.1, "office", ("机关党支部书记",), BRANCH_POSITIONS),
    "village": Kind(
        1.0,
        "rural",
        ("村党支部书记、村委会主任", "村党支部书记"),
        ("村党支部副书记", "组织委员", "宣传委员"),
    ),
    "village_general": Kind(
        0.25,
        "rural",
        ("村党总支书记、村委会主任", "村党总支书记"),
        ("村党总支副书记", "组织委员"),
    ),
    "village_sub": Kind(0.8, "rural", ("党支部书记",), ("组织委员",)),
    "group": Kind(0.35, "rural", ("党小组组长",)),
    "community": Kind(
        0.9, "rural", ("社区党支部书记、居委会主任", "社区党支部书记"), BRANCH_POSITIONS
    ),
    "community_committee": Kind(
        0.3, "rural", ("社区党委书记、居委会主任", "社区党委书记"), COMMITTEE_POSITIONS
    ),
    "community_grid": Kind(0.6, "rural", ("网格党支部书记",), ("组织委员",)),
    "working_committee": Kind(0.15, "office", ("机关工委书记",), ("机关工委副书记",)),
    "office": Kind(0.7, "office", ("机关党支部书记",), BRANCH_POSITIONS),
    "system_committee": Kind(0.3, "office", ("党委书记",), COMMITTEE_POSITIONS),
    "school": Kind(0.9, "office", ("党支部书记、校长", "党支部书记"), BRANCH_POSITIONS),
    "hospital_committee": Kind(0.3, "office", ("党委书记、院长", "党委书记"), COMMITTEE_POSITIONS),
    "hospital_branch": Kind(0.8, "office", ("党支部书记、科主任", "党支部书记"), BRANCH_POSITIONS),
    "health": Kind(0.6, "office", ("党支部书记、院长", "党支部书记"), BRANCH_POSITIONS),
    "police": Kind(0.7, "office", ("党支部书记、所长", "党支部书记"), BRANCH_POSITIONS),
    "two_new": Kind(0.15, "office", ("两新组织党委书记",), ("党委副书记",)),
    "np_enterprise": Kind(0.25, "enterprise", ("党支部书记",), BRANCH_POSITIONS),
    "town_enterprise": Kind(0.2, "enterprise", ("党支部书记",), BRANCH_POSITIONS),
    "joint": Kind(0.5, "enterprise", ("联合党支部书记",), BRANCH_POSITIONS),
    "soe_committee": Kind(0.3, "enterprise", ("党委书记、董事长", "党委书记"), COMMITTEE_POSITIONS),
    "soe_branch": Kind(0.7, "enterprise", ("党支部书记",), BRANCH_POSITIONS),
    "social": Kind(0.2, "enterprise", ("党支部书记",), ("组织委员",)),
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
