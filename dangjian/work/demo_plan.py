"""Demo rows of the plan part (called by dangjian.work.demo): this year's published plans —
the county's own (about 12 items, 8 of them the eight party-building tasks 八项党建重点任务),
one for every Party committee (townships, county departments, communities) and one for about
half of the branches (4–8 items each) — every item OPEN, owned by one of its organization's
own people (its secretary first), 1–3 milestones spread over the year and its deadline the
last of them. A few townships' plans for next year are still drafts or await approval, so
the approval queue has rows. Written with bulk_create; the progress part reports on them.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.models import Organization, OrgType, Person
from dangjian.work.models import (
    ItemKind,
    Milestone,
    PlanAttachment,
    PlanStatus,
    WorkItem,
    WorkPlan,
)

SYSTEM = "demo build (system command)"
BATCH = 2000
BRANCH_SHARE = 0.5
NEXT_YEAR_TOWNSHIPS = 4  # plans for next year: half drafts, half submitted

EIGHT_TASKS = (
    "基层党组织标准化规范化建设",
    "党员教育管理提质增效",
    "软弱涣散基层党组织整顿提升",
    "抓党建促乡村振兴",
    "党建引领基层治理",
    "干部队伍建设",
    "人才工作",
    "机关党建“模范机关”创建",
)
COUNTY_ROUTINE = (
    "三会一课落实情况督导检查",
    "年度基层党建述职评议考核",
    "发展党员工作规范化",
    "党费收缴使用管理",
)
COMMITTEE_ROUTINE = (
    "落实“三会一课”制度",
    "开展主题党日活动",
    "党员发展与教育培训",
    "基层党组织换届选举指导",
    "党费收缴与管理",
    "年度组织生活会和民主评议党员",
    "党建工作述职评议",
)
COMMITTEE_INNOVATIVE = (
    "打造党建示范点",
    "“党建+产业”融合发展",
    "网格化党建服务群众",
    "村级集体经济壮大行动",
    "党员积分制管理试点",
)
BRANCH_ROUTINE = (
    "按月开展主题党日",
    "规范三会一课记录",
    "按时收缴党费",
    "党员冬训学习",
    "组织生活会查摆问题整改",
    "联系服务困难党员群众",
)
BRANCH_INNOVATIVE = (
    "党员先锋岗创建",
    "志愿服务队常态化服务",
    "“一支部一品牌”创建",
    "党员中心户带动",
)
COUNTY_GROUPS = ("组织科", "干部科", "党建办", "人才办", "电教中心")
COMMITTEE_GROUPS = ("党建办", "组织委员", "宣传委员", "纪检委员")
BRANCH_GROUPS = ("支部书记", "组织委员", "宣传委员", "支部委员")
MILESTONE_TITLES = ("制定方案", "动员部署", "推进落实", "中期检查", "总结验收")
COMMITTEE_TYPES = (OrgType.COMMITTEE,)
BRANCH_TYPES = (OrgType.BRANCH, OrgType.GENERAL_BRANCH)


def _milestones(rng: random.Random, year: int) -> list[tuple[datetime.date, str]]:
    """1–3 dates in different months of `year`, spread out, with their step titles."""
    months = sorted(rng.sample(range(2, 13), rng.randint(1, 3)))
    titles = MILESTONE_TITLES[-len(months) :]
    return [
        (datetime.date(year, month, rng.randint(1, 28)), title)
        for month, title in zip(months, titles, strict=True)
    ]


def _items_for(
    rng: random.Random, depth: int, org_type: str
) -> list[tuple[str, str, tuple[str, ...]]]:
    """(kind, title, groups) of one organization's items."""
    if depth == 0:
        routine = [(ItemKind.ROUTINE, title, COUNTY_GROUPS) for title in COUNTY_ROUTINE]
        return [(ItemKind.INNOVATIVE, t, COUNTY_GROUPS) for t in EIGHT_TASKS] + routine
    if org_type in COMMITTEE_TYPES:
        pools = (COMMITTEE_ROUTINE, COMMITTEE_INNOVATIVE, COMMITTEE_GROUPS)
    else:
        pools = (BRANCH_ROUTINE, BRANCH_INNOVATIVE, BRANCH_GROUPS)
    routine, innovative, groups = pools
    count = rng.randint(4, 8)
    n_innovative = min(len(innovative), rng.randint(1, max(1, count // 3)))
    picked = [(ItemKind.INNOVATIVE, t, groups) for t in rng.sample(innovative, n_innovative)]
    n_routine = min(len(routine), count - n_innovative)
    picked += [(ItemKind.ROUTINE, t, groups) for t in rng.sample(routine, n_routine)]
    return picked


def _people(root: Organization) -> dict[int, list[int]]:
    rows = (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org__path__startswith=root.path, is_active=True)
        .values_list("primary_org_id", "pk")
        .order_by("pk")
    )
    people: dict[int, list[int]] = {}
    for org_id, pk in rows:
        people.setdefault(org_id, []).append(pk)
    return people


def _moment(year: int, month: int, day: int, today: datetime.date) -> datetime.datetime:
    """A working-hour moment of that day, never after today (the plan was decided already)."""
    day_ = min(datetime.date(year, month, day), today)
    return timezone.make_aware(datetime.datetime.combine(day_, datetime.time(10)))


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns its summary (empty: nothing)."""
    orgs = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, is_active=True)
        .filter(org_type__in=(*COMMITTEE_TYPES, *BRANCH_TYPES))
        .order_by("path")
        .values_list("pk", "name", "depth", "org_type", "category", "secretary_id")
    )
    people = _people(root)
    year = today.year
    submitted, decided, published = (
        _moment(year, 1, 10, today),
        _moment(year, 1, 20, today),
        _moment(year, 1, 25, today),
    )
    plans: list[WorkPlan] = []
    contents: list[list[tuple]] = []  # per plan: (kind, title, group, owner, milestones)
    townships: list[tuple] = []
    for pk, name, depth, org_type, category, secretary in orgs:
        if org_type in BRANCH_TYPES and rng.random() >= BRANCH_SHARE:
            continue
        own = people.get(pk, [])
        owners = ([secretary] if secretary else []) + own[:4]
        if not owners:
            continue  # nobody to be responsible: no plan
        if category == "township" and depth == 1:
            townships.append((pk, name, owners))
        plans.append(
            WorkPlan(
                org_id=pk,
                year=year,
                title=f"{name}{year}年度党建工作计划",
                status=PlanStatus.PUBLISHED,
                submitted_at=submitted,
                decided_at=decided,
                decision_note="同意",
                published_at=published,
            )
        )
        contents.append(
            [
                (kind, title, rng.choice(groups), rng.choice(owners), _milestones(rng, year))
                for kind, title, groups in _items_for(rng, depth, org_type)
            ]
        )
    # Next year's plans of a few townships: drafts and submissions awaiting the county.
    for index, (pk, name, owners) in enumerate(townships[:NEXT_YEAR_TOWNSHIPS]):
        status = PlanStatus.SUBMITTED if index % 2 == 0 else PlanStatus.DRAFT
        plans.append(
            WorkPlan(
                org_id=pk,
                year=year + 1,
                title=f"{name}{year + 1}年度党建工作计划",
                status=status,
                submitted_at=timezone.now() if status == PlanStatus.SUBMITTED else None,
            )
        )
        contents.append(
            [
                (kind, title, rng.choice(groups), rng.choice(owners), _milestones(rng, year + 1))
                for kind, title, groups in _items_for(rng, 1, OrgType.COMMITTEE)
            ]
        )
    WorkPlan.objects.bulk_create(plans, batch_size=BATCH)
    items: list[WorkItem] = []
    for plan, rows in zip(plans, contents, strict=True):
        for number, (kind, title, group, owner, milestones) in enumerate(rows, start=1):
            deadline = milestones[-1][0]
            items.append(
                WorkItem(
                    plan=plan,
                    org_id=plan.org_id,
                    number=number,
                    kind=kind,
                    title=title,
                    target=f"{title}：年内按节点推进，形成可检查的成果。",
                    group=group,
                    owner_id=owner,
                    deadline=deadline,
                    first_deadline=deadline,
                )
            )
    WorkItem.objects.bulk_create(items, batch_size=BATCH)
    dated = (row[4] for rows in contents for row in rows)
    Milestone.objects.bulk_create(
        (
            Milestone(item=item, due_on=due_on, title=title)
            for item, milestones in zip(items, dated, strict=True)
            for due_on, title in milestones
        ),
        batch_size=BATCH,
    )
    ahead = sum(1 for plan in plans if plan.year > year)
    return (
        f"plans: {len(plans) - ahead} published for {year} ({len(items)} items), "
        f"{ahead} for {year + 1} in draft or awaiting approval"
    )


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    plans = WorkPlan.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix)
    ids = list(plans.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        Milestone.objects.unscoped(SYSTEM).filter(item__plan_id__in=batch).delete()
        WorkItem.objects.unscoped(SYSTEM).filter(plan_id__in=batch).delete()
        WorkPlan.objects.unscoped(SYSTEM).filter(pk__in=batch).update(copied_from=None)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        PlanAttachment.objects.unscoped(SYSTEM).filter(plan_id__in=batch).delete()
        WorkPlan.objects.unscoped(SYSTEM).filter(pk__in=batch).delete()
