"""Demo rows of the commitment part (called by honors.demo): 公开承诺 of the year so far.

- Each grassroots organization (a Party branch or general branch) makes 2–3 commitments of its
  own; about one member in seven makes 1–2 (rules_commitment allows up to 5).
- About nine in ten are published (in January–March, never after `today`), the rest drafts;
  published ones carry 0–2 dated progress notes up to `today`.
- When `today` is inside the year's evaluation window (from 1 December), about half of the
  published commitments are already evaluated: mostly kept, some partly, a few not.
Scaled by the county's organizations and people; bulk_create, no per-row services.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.honors import rules_commitment as rules
from dangjian.honors.models import Commitment, CommitmentUpdate
from dangjian.orgs.models import Organization, OrgType, Person

SYSTEM = "demo build (system command)"
BATCH = 2000
GRASSROOTS_TYPES = (OrgType.BRANCH, OrgType.GENERAL_BRANCH)
# Members who make commitments in the demo, and how many each: enough to fill the pages while
# the 30,000-member county stays within its build time.
MEMBER_SHARE = 0.15

ORG_ITEMS = (
    ("为群众办实事10件", "每季度梳理群众急难愁盼问题清单，逐件销号"),
    ("建成标准化党群服务站", "六月底前完成场所改造，落实党员轮流值班"),
    ("村集体经济收入增长10%", "盘活闲置资产，发展订单农业"),
    ("三会一课规范化率100%", "建立会议台账，书记每季度讲党课"),
    ("整治人居环境示范点2个", "组织党员每月开展一次环境整治"),
    ("党员志愿服务全覆盖", "组建志愿服务队，每名党员认领服务项目"),
    ("软弱涣散问题清零", "对照问题清单逐项整改，按月报告进度"),
)
MEMBER_ITEMS = (
    ("结对帮扶一户困难群众", "每月上门走访一次，帮助解决实际困难"),
    ("志愿服务不少于100小时", "参加党员百时奉献活动，按月记录服务时长"),
    ("带头参加主题党日", "每月按时参加，全年不缺席"),
    ("带头调解邻里纠纷", "发现矛盾及时上报并参与调解"),
    ("推广种植新技术", "带动5户群众试种新品种"),
    ("带头参与人居环境整治", "管好门前三包，每月参加一次集中整治"),
    ("学习强国年积分过万", "每天坚持学习，定期交流学习体会"),
    ("按时足额交纳党费", "每月按时交纳，不拖欠"),
    ("为群众代办事项20件", "帮助行动不便的群众代办社保、医保业务"),
    ("宣讲惠民政策10场", "利用院坝会、微信群宣讲政策"),
)
UPDATES = (
    "已走访帮扶对象，了解实际困难",
    "完成阶段任务，群众反映良好",
    "参加志愿服务，记录服务时长",
    "组织召开院坝会宣讲政策",
    "协调解决群众反映的问题",
    "按计划推进，进度过半",
    "遇到资金困难，已向上级反映",
)
EVALUATION_NOTES = {
    "kept": ("按期完成，群众满意", "全面兑现承诺", ""),
    "partly": ("大部分完成，个别事项延期", "基本兑现，仍需加强"),
    "not_kept": ("未按期完成，需说明原因并整改",),
}


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 18), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """This part's rows for the year so far; returns its piece of the summary line."""
    year = today.year
    branches = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, is_active=True, org_type__in=GRASSROOTS_TYPES)
        .values_list("pk", flat=True)
    )
    if not branches:
        return ""
    people = (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org_id__in=branches, is_active=True)
        .values_list("pk", "primary_org_id")
    )
    start = datetime.date(year, 1, 1)
    publish_by = min(today, datetime.date(year, 3, 31))
    opens, closes = rules.evaluation_window(year)
    evaluating = opens <= today <= closes
    rows: list[Commitment] = []

    def add(org_id: int, person_id: int | None, item: tuple[str, str]) -> None:
        published = rng.random() < 0.9
        day = _day(rng, start, publish_by)
        row = Commitment(
            org_id=org_id,
            person_id=person_id,
            year=year,
            title=item[0],
            detail=item[1],
            due=datetime.date(year, *rng.choice(((6, 30), (9, 30), (12, 31)))),
            status="published" if published else "draft",
            published_at=_moment(day, rng) if published else None,
        )
        if published and evaluating and rng.random() < 0.5:
            verdict = rng.choices(("kept", "partly", "not_kept"), weights=(7, 2, 1))[0]
            row.status, row.verdict = "evaluated", verdict
            row.evaluation_note = rng.choice(EVALUATION_NOTES[verdict])
            row.evaluated_at = _moment(_day(rng, opens, today), rng)
        rows.append(row)

    for org_id in branches:
        for item in rng.sample(ORG_ITEMS, rng.randint(2, 3)):
            add(org_id, None, item)
    members = 0
    for person_id, org_id in people:
        if rng.random() < MEMBER_SHARE:
            members += 1
            for item in rng.sample(MEMBER_ITEMS, rng.randint(1, 2)):
                add(org_id, person_id, item)
    Commitment.objects.bulk_create(rows, batch_size=BATCH)
    updates: list[CommitmentUpdate] = []
    for row in rows:
        if row.published_at is None:
            continue
        first = timezone.localtime(row.published_at).date()
        last = min(today, datetime.date(year, 12, 31))
        if row.evaluated_at is not None:
            last = min(last, timezone.localtime(row.evaluated_at).date())
        dates = sorted(_day(rng, first, last) for _ in range(rng.randint(0, 2)))
        updates.extend(
            CommitmentUpdate(commitment_id=row.pk, date=day, text=rng.choice(UPDATES))
            for day in dates
        )
    CommitmentUpdate.objects.bulk_create(updates, batch_size=BATCH)
    evaluated = sum(1 for row in rows if row.verdict)
    return (
        f"{len(rows)} commitments of {len(branches)} organizations and {members} members "
        f"({evaluated} evaluated) with {len(updates)} progress notes"
    )


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    CommitmentUpdate.objects.unscoped(SYSTEM).filter(
        commitment__org__path__startswith=prefix
    ).delete()
    Commitment.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
