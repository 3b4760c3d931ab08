"""Demo key projects (项目化管理, called by dangjian.work.demo): the county root's eight
party-building projects for the year, and 0–2 projects of each township, each with a
responsible cadre, a target-responsibility statement, four to six milestones across the year
and reports on the milestones already past — most met on time, some met late, some not met
(late) — one root project among them — and one root project at risk. Rows are bulk-written
(a few hundred at 1,000 orgs: about 0.15 s)."""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.utils import timezone

from dangjian.orgs.models import Organization, OrgCategory, Person
from dangjian.work.models import KeyProject, ProjectMilestone, ProjectReport

SYSTEM = "demo build (system command)"
ROOT_PROJECTS = (
    "基层党建示范点创建",
    "软弱涣散党组织整顿",
    "党员教育培训",
    "村级集体经济发展壮大",
    "党建引领基层治理",
    "两新组织党建全覆盖",
    "党群服务中心提档升级",
    "年轻干部和村级后备力量培养",
)
TOWNSHIP_PROJECTS = (
    "村级活动阵地规范化建设",
    "党员积分制管理",
    "集体经济薄弱村提升",
    "网格化党建服务",
    "农村党员致富带头人培育",
)
MILESTONE_STEPS = (
    "制定实施方案并签订目标责任书",
    "召开动员部署会",
    "完成摸底调研",
    "开展集中攻坚",
    "中期督查推进",
    "组织交叉检查",
    "总结评估并迎接考核验收",
)
REPORT_TEXTS = (
    "按计划完成本阶段任务，已形成工作台账。",
    "召开专题推进会，逐项明确责任分工和完成时限。",
    "完成调研走访，梳理问题清单并制定整改措施。",
    "阶段任务完成，因前期协调耗时略有延后，已补齐材料。",
)
LATE_RATE = 0.05  # a past milestone left unmet
MET_LATE_RATE = 0.12  # a past milestone met after its date


def _cadres(root: Organization, limit: int) -> list[tuple[int, int]]:
    """(person id, user id or None) of the people nearest the top of `root`'s subtree."""
    rows = (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org__path__startswith=root.path, is_active=True, exit_on__isnull=True)
        .order_by("primary_org__depth", "pk")
        .values_list("pk", "user_id")[:limit]
    )
    return list(rows)


def _milestone_dates(rng: random.Random, year: int, count: int) -> list[datetime.date]:
    """`count` dates spread across the year, the last in December."""
    dates = []
    for index in range(count):
        month = max(1, round((index + 1) * 12 / count))
        dates.append(datetime.date(year, month, rng.randint(10, 28)))
    return dates


def _insert_reports(rows: list[tuple]) -> None:
    """Reports with their own dates: bulk_create would stamp them all with now()
    (`reported_at` is auto_now_add), so they are written by one executemany."""
    if not rows:
        return
    meta = ProjectReport._meta
    columns = ["project_id", "milestone_id", "text", "reported_by_id", "reported_at"]
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _at(day: datetime.date) -> object:
    moment = datetime.datetime.combine(day, datetime.time(10, 0))
    return connection.ops.adapt_datetimefield_value(timezone.make_aware(moment))


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """The year's projects under `root`, up to `today`; returns the summary."""
    year = today.year
    townships = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, category=OrgCategory.TOWNSHIP, is_active=True)
        .order_by("path")
    )
    plans: list[tuple[Organization, str, tuple[int, int | None]]] = []
    root_people = _cadres(root, 40) or [(None, None)]
    for index, title in enumerate(ROOT_PROJECTS):
        plans.append((root, title, root_people[index % len(root_people)]))
    for township in townships:
        people = _cadres(township, 5)
        if not people:
            continue
        for title in rng.sample(TOWNSHIP_PROJECTS, rng.randint(0, 2)):
            plans.append((township, f"{township.name}{title}", rng.choice(people)))
    plans = [plan for plan in plans if plan[2][0] is not None]
    if not plans:
        return ""
    projects = KeyProject.objects.bulk_create(
        KeyProject(
            org=org,
            year=year,
            title=title,
            responsible_id=person_id,
            statement=(
                f"{org.name}{title}目标责任书：{year}年12月底前全面完成项目目标，"
                "责任人对进度和质量负责，按节点报告进展，年底接受考核验收。"
            ),
        )
        for org, title, (person_id, _user) in plans
    )
    at_risk_index = 2  # the third root project, "党员教育培训", slips
    late_index = 5  # "两新组织党建全覆盖" misses its latest milestone so far
    milestones: list[ProjectMilestone] = []
    for index, project in enumerate(projects):
        count = rng.randint(4, 6)
        dates = _milestone_dates(rng, year, count)
        steps = [*MILESTONE_STEPS[: count - 1], MILESTONE_STEPS[-1]]
        at_risk = index == at_risk_index
        if at_risk and not any(due < today - datetime.timedelta(days=1) for due in dates):
            # Too early in the year for a past milestone: one falls due in a week, unreported.
            dates[0] = min(today + datetime.timedelta(days=7), datetime.date(year, 12, 31))
            dates.sort()
        past = [i for i, due in enumerate(dates) if due < today]
        for i, (due, step) in enumerate(zip(dates, steps, strict=True)):
            met_on = None
            if i in past:
                draw = rng.random()
                if index == late_index and i == past[-1]:
                    met_on = None
                elif at_risk:
                    late = i == past[-1]
                    met_on = min(due + datetime.timedelta(days=6), today) if late else due
                elif draw < LATE_RATE:
                    met_on = None
                elif draw < LATE_RATE + MET_LATE_RATE:
                    met_on = min(due + datetime.timedelta(days=rng.randint(2, 20)), today)
                else:
                    met_on = due - datetime.timedelta(days=rng.randint(0, 7))
            milestones.append(
                ProjectMilestone(project=project, due_on=due, title=step, met_on=met_on)
            )
    milestones = ProjectMilestone.objects.bulk_create(milestones)
    # Each report is filed by the responsible cadre's account, where they have one.
    users = {project.pk: plan[2][1] for project, plan in zip(projects, plans, strict=True)}
    reports = [
        (
            row.project_id,
            row.pk,
            REPORT_TEXTS[3] if row.met_on > row.due_on else rng.choice(REPORT_TEXTS[:3]),
            users.get(row.project_id),
            _at(row.met_on),
        )
        for row in milestones
        if row.met_on is not None
    ]
    _insert_reports(reports)
    return f"key projects: {len(projects)}, milestones: {len(milestones)}, reports: {len(reports)}"


def delete(prefix: str) -> None:
    """Remove the key projects under the organization path `prefix` (their milestones,
    reports and files go with them)."""
    KeyProject.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
