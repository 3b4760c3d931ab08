"""Plans the demo county in memory: the tree, names, people and accounts, ids included."""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from dangjian.orgs import rules
from dangjian.orgs.demo.words import (
    AREA_CODE,
    BRAND_FIRST,
    BRAND_SECOND,
    CLAN_SURNAMES,
    CN_DIGITS,
    COMMUNITY_NAMES,
    COUNTY_FIRST,
    COUNTY_SECOND,
    EDUCATION_WEIGHTS,
    ETHNICITIES,
    FEMALE_OLD,
    FEMALE_YOUNG,
    FULL_AGES,
    HEALTH_UNITS,
    HOME_REGIONS,
    HOSPITAL_DEPARTMENTS,
    INDUSTRIES,
    KINDS,
    MALE_OLD,
    MALE_YOUNG,
    MOBILE_PREFIXES,
    OFFICES,
    OTHER_REGIONS,
    POLICE_UNITS,
    ROADS,
    SCHOOLS,
    SOCIAL_KINDS,
    SOCIAL_ORGS,
    STATUS_WEIGHTS,
    SURNAMES,
    TOWN_FIRST,
    TOWN_SECOND,
    VILLAGE_NATURE,
    VILLAGE_PREFIX,
    VILLAGE_SUFFIX,
)
from dangjian.orgs.models import (
    PATH_SEPARATOR,
    Gender,
    Membership,
    Organization,
    OrgCategory,
    OrgType,
    PartyStatus,
    Person,
)
from dangjian.orgs.scoping import Role
from dangjian.orgs.services import compute_term_end
from dangjian.orgs.validators import id_card_check_char

# Root, 县直属机关工委, 两新组织党委, and two townships with their 机关党支部 — plus room for
# one unit in each of the other categories and a village per township.
MIN_ORGS = 12
BATCH_SIZE = 2000


class DemoCountyError(Exception):
    """The demo county cannot be built as asked (the message says why)."""


def _cn(number: int) -> str:
    """Chinese numeral for 1–99 (一, 十, 十一, 二十三); digits from 100 on."""
    if number >= 100:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


MIN_ORGS = 12
BATCH_SIZE = 2000


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
class Node:
    id: int
    code: str
    name: str
    category: str
    org_type: str
    kind: str
    parent: Node | None
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
Slot = tuple[str, str, str, str, str, tuple[int, int], bool]


class CountyPlanner:
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
        self.nodes: list[Node] = []
        self.keys: dict[str, Node] = {}
        self.id_cards = taken_id_cards
        self.phones: set[str] = set()
        self.used_names: set[str] = set()
        self.county = rng.choice(COUNTY_FIRST) + rng.choice(COUNTY_SECOND)
        self.home_region = rng.choice(HOME_REGIONS)
        self.towns: list[Node] = []
        self.village1: Node | None = None
        self.village2: Node | None = None  # the second township's first village (member2)
        self._surnames = _cumulative(SURNAMES)
        self._ethnicities = _cumulative(ETHNICITIES)
        self._statuses = _cumulative(STATUS_WEIGHTS)
        self._education = {key: _cumulative(pairs) for key, pairs in EDUCATION_WEIGHTS.items()}
        self._ages = {
            key: _cumulative([((low, high), weight) for low, high, weight in bands])
            for key, bands in FULL_AGES.items()
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
        parent: Node | None,
        kind: str,
        founded_on: datetime.date,
        *,
        address: str = "",
        non_public: bool = False,
        clan: str = "",
        key: str = "",
    ) -> Node:
        org_id = self.next_org_id
        self.next_org_id += 1
        if parent is None:
            code, path, depth = self.root_code, f"{PATH_SEPARATOR}{org_id}{PATH_SEPARATOR}", 0
        else:
            code = f"{self.root_code}-{len(self.nodes):05d}"
            path, depth = f"{parent.path}{org_id}{PATH_SEPARATOR}", parent.depth + 1
        node = Node(
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

    def _plan_township(self, town: Node, budget: int, *, first: bool) -> None:
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

    def _village(self, town: Node, town_name: str, shape: str, size: int) -> None:
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
        if self.village2 is None and len(self.towns) > 1 and town is self.towns[1]:
            self.village2 = head
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

    def _community(self, town: Node, town_name: str, shape: str, size: int) -> None:
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

    def _fill(self, budget: int, slots: Iterator[Slot]) -> None:
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

    def _county_unit_slots(self) -> Iterator[Slot]:
        c = self.county
        branch, committee = OrgType.BRANCH, OrgType.COMMITTEE

        def county(name: str) -> str:
            return name.replace("县", f"{c}县", 1) if name.startswith("县") else f"{c}{name}"

        def schools() -> Iterator[Slot]:
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

        def health() -> Iterator[Slot]:
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

        def police() -> Iterator[Slot]:
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

    def _enterprise_slots(self) -> Iterator[Slot]:
        c = self.county
        branch, committee = OrgType.BRANCH, OrgType.COMMITTEE
        state_owned: Iterator[Slot] = iter(
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

    def _social_slots(self) -> Iterator[Slot]:
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
        if self.village2 is not None:
            base[self.nodes.index(self.village2)] = 2  # its secretary and member2's person
        weights = [KINDS[node.kind].weight * rng.uniform(0.6, 1.4) for node in self.nodes]
        people: list[Person] = []
        memberships: list[Membership] = []
        next_membership_id = first_membership_id
        counts = _apportion(total, weights, base)
        for node, count in zip(self.nodes, counts, strict=True):
            member_village = node is self.village1 or node is self.village2
            staff = self._staff(node, count, force_last_full=member_village)
            # Kept for the organization rows (secretary, contact) and the accounts.
            node.people = staff if member_village or node.kind == "root" else staff[:2]
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

    def _staff(self, node: Node, count: int, *, force_last_full: bool) -> list[Person]:
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
        node: Node,
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
        rows = []
        for node in self.nodes:
            elected = number = None
            term_years = rules.term_years_for(node.org_type)
            if node.org_type != OrgType.GROUP:
                # Elected within the last term and a year: about one in (term + 1) has
                # expired and some are due (换届提醒 has something to show); township 1 is
                # due, township 2 expired, whatever the seed.
                elected = today - datetime.timedelta(days=rng.randint(30, (term_years + 1) * 365))
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
        } | ({"member2": self.village2.people[-1]} if self.village2 is not None else {})

    def account_roles(self) -> list[tuple[str, str, Node]]:
        assert self.village1 is not None
        return [
            ("county", Role.DEPT_ADMIN, self.nodes[0]),
            ("township1", Role.SECRETARY, self.towns[0]),
            ("township2", Role.SECRETARY, self.towns[1]),
            ("village1", Role.SECRETARY, self.village1),
            ("member1", Role.MEMBER, self.village1),
            *([("member2", Role.MEMBER, self.village2)] if self.village2 is not None else []),
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
