"""Demo data of the 干训讲堂 (online learning hall): the year's materials and who read them.

About two dozen materials (the department publishes 20+ a year): most by the county, a few
by townships for their own subtree; a share of people opened some, most of those read to the
end; a handful of suggestions (留言), most approved, some waiting, some rejected. Rows are
written with bulk_create: the 1,000-organization county's build must grow by less than 8 s.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.models import Organization, Person, User
from dangjian.originality import demo as originality_demo
from dangjian.study import hall_search
from dangjian.study.models import (
    Material,
    MaterialCategory,
    MaterialRead,
    MaterialTerm,
    Suggestion,
)

SYSTEM = "demo build (system command)"
BATCH = 5000
COUNTY_MATERIALS = 18
TOWNSHIP_MATERIALS = 6  # spread over the first three townships
READER_SHARE = 0.3  # of the people, opened at least one material
FINISH_RATE = 0.65
SUGGESTIONS = 40
CATEGORIES = ("讲话精神", "党章党规", "理论辅导", "政策文件", "典型案例", "业务知识")
TITLES = (
    "深入学习贯彻党的二十大精神专题辅导",
    "《中国共产党章程》逐条解读",
    "基层党组织标准化规范化建设要点",
    "乡村振兴战略与村级党组织作用发挥",
    "党员发展工作规程与常见问题",
    "“三会一课”制度落实指引",
    "新时代“枫桥经验”典型案例选编",
    "党风廉政建设和反腐败工作专题",
    "主题党日活动设计与组织",
    "党费收缴使用和管理规定解读",
    "村级集体经济发展路径",
    "基层治理中的网格化管理",
    "干部作风建设专题讲座",
    "意识形态工作责任制解读",
    "党建引领基层治理典型经验",
    "农村党员教育管理实务",
    "党务公开工作规范",
    "优秀共产党员先进事迹选读",
    "安全生产与应急管理知识",
    "民法典与基层工作",
    "数字乡村建设案例",
    "基层党组织换届选举实务",
    "党内法规学习汇编",
    "生态文明建设专题",
)


def _categories() -> list[MaterialCategory]:
    for order, name in enumerate(CATEGORIES, start=1):
        MaterialCategory.objects.get_or_create(name=name, defaults={"order": order})
    return list(MaterialCategory.objects.order_by("order", "pk"))


def _materials(root: Organization, rng: random.Random, today: datetime.date) -> list[Material]:
    towns = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(parent=root, category="township")
        .order_by("path")[:3]
    )
    # The county publishes most; the first townships a few for their own subtree.
    towns = towns or [root]
    publishers = [root] * COUNTY_MATERIALS + [
        towns[i % len(towns)] for i in range(TOWNSHIP_MATERIALS)
    ]
    categories = _categories()
    admin = User.objects.filter(username="county").first()
    start = datetime.datetime(today.year, 1, 5, 9, tzinfo=timezone.get_current_timezone())
    span = max(1, (today - start.date()).days)
    materials = []
    for i, org in enumerate(publishers):
        title = TITLES[i % len(TITLES)]
        body = "\n".join(
            "".join(originality_demo.own_sentences(rng, rng.randint(4, 8)))
            for _ in range(rng.randint(3, 6))
        )
        summary = originality_demo.own_sentences(rng, 1)[0]
        text = f"{title}\n{summary}\n{body}"
        materials.append(
            Material(
                org=org,
                category=categories[i % len(categories)],
                year=today.year,
                title=title,
                summary=summary,
                body=body,
                status=Material.Status.PUBLISHED,
                search_text=hall_search.normalize(text),
                created_by=admin,
                published_at=start + datetime.timedelta(days=span * i // len(publishers)),
            )
        )
    Material.objects.bulk_create(materials)
    terms = [
        MaterialTerm(material=m, term=term)
        for m in materials
        for term in hall_search.terms(f"{m.title}\n{m.summary}\n{m.body}")
    ]
    MaterialTerm.objects.bulk_create(terms, batch_size=BATCH)
    return materials


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """The year's materials, read records for a share of people, suggestions; the summary."""
    materials = _materials(root, rng, today)
    people = list(
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org__path__startswith=root.path, is_active=True)
        .values_list("pk", "primary_org_id", "primary_org__path", "user_id")
    )
    now = timezone.now()
    reads: list[MaterialRead] = []
    readers: list[tuple[int, Material]] = []
    published_to: dict[str, list[Material]] = {}  # org path → materials its people may read
    for person_id, org_id, path, user_id in people:
        if user_id is None and rng.random() > READER_SHARE:
            continue
        open_to = published_to.get(path)
        if open_to is None:
            open_to = published_to[path] = [m for m in materials if path.startswith(m.org.path)]
        for m in rng.sample(open_to, k=min(len(open_to), rng.randint(1, 4))):
            finished = rng.random() < FINISH_RATE
            seconds = rng.randint(120, 1800) if finished else rng.randint(10, 300)
            opened = max(m.published_at, now - datetime.timedelta(days=rng.randint(0, 60)))
            reads.append(
                MaterialRead(
                    material=m,
                    person_id=person_id,
                    org_id=org_id,
                    opened_at=opened,
                    finished_at=opened + datetime.timedelta(seconds=seconds) if finished else None,
                    seconds=seconds,
                    last_beat_at=opened + datetime.timedelta(seconds=seconds),
                )
            )
            readers.append((person_id, m))
    MaterialRead.objects.bulk_create(reads, batch_size=BATCH)
    ideas = (
        "建议增加本地案例。",
        "希望配套音频，方便田间地头学习。",
        "内容很实用，建议组织集中讨论。",
    )
    suggestions = [
        Suggestion(
            material=m,
            author_id=person_id,
            body=rng.choice(ideas),
            status=rng.choice(["approved", "approved", "pending", "rejected"]),
        )
        for person_id, m in rng.sample(readers, k=min(SUGGESTIONS, len(readers)))
    ]
    Suggestion.objects.bulk_create(suggestions)
    return (
        f"hall: {len(materials)} materials, {len(reads):,} reading records "
        f"({sum(r.finished_at is not None for r in reads):,} read to the end), "
        f"{len(suggestions)} suggestions"
    )


def delete_in_county(prefix: str) -> None:
    """Remove the hall rows of the organizations under `prefix` (before they go)."""
    MaterialRead.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    Material.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
