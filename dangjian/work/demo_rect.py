"""Demo rows of the rectification ledger (整改台账), called by dangjian.work.demo: for the
year up to `today`, problems found by self-examination, seminars, inspection and public
evaluation in every township and in some of its branches, with their measures, a responsible
person, deadlines across the year — most closed (some late), some reported and awaiting
acceptance, some overdue, some with moved deadlines. About one row per 40 members (≈ 750 at
30,000), written with bulk_create.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.models import Organization, OrgCategory, OrgType, Person
from dangjian.work.models import (
    Rectification,
    RectificationDeadlineChange,
    RectificationReport,
)
from dangjian.work.models.tracking import Outcome, TrackedStatus

SYSTEM = "demo build (system command)"
BATCH = 1000
MEMBERS_PER_ROW = 40

# (problem, measures) by source — the kind of wording a county's ledgers hold.
PROBLEMS = {
    "self_examination": (
        (
            "“三会一课”会议记录不完整，部分月份缺少支委会记录",
            "逐月补齐会议记录，由支部书记审核签字，每季度自查一次",
        ),
        ("党员活动室长期闲置，未发挥阵地作用", "制定活动室开放制度，每周固定开放，安排专人管理"),
        (
            "发展党员档案材料不齐全，部分谈话记录缺失",
            "对照发展党员工作细则逐份核查，限期补齐缺失材料",
        ),
        ("党费收缴不及时，个别党员连续三个月未交", "逐人谈心提醒，建立党费收缴台账，每月通报"),
    ),
    "seminar": (
        ("流动党员联系不紧密，组织生活参与率低", "建立流动党员微信群，每月线上组织学习一次"),
        ("年轻党员学习积极性不高，学习笔记敷衍", "开展学习笔记评比，结对帮学，纳入民主评议"),
        ("支部议事不规范，重大事项未经集体讨论", "严格执行“四议两公开”，留存会议记录备查"),
    ),
    "inspection": (
        ("村务公开栏内容未按时更新", "每月5日前更新公开内容，乡镇每季度抽查"),
        ("软弱涣散整顿措施落实不到位", "乡镇领导包联指导，制定整顿方案，按月销号"),
        ("主题党日活动形式单一，流于形式", "结合农时和中心工作设计活动，提前报乡镇党委备案"),
        ("党建工作经费使用台账不规范", "规范经费报账程序，建立收支台账，公开使用情况"),
    ),
    "public_evaluation": (
        ("群众反映村干部办事效率低，为民服务不及时", "推行村干部坐班值守和代办制度，公开联系电话"),
        ("群众对村内环境卫生整治意见较大", "组织党员志愿服务队每周开展环境整治，设立党员责任区"),
        ("部分党员在群众中带头作用不明显", "开展党员承诺践诺，设岗定责，年底民主评议"),
    ),
}
SOURCES = tuple(PROBLEMS)
REPORT_TEXTS = ("已按措施完成整改，相关材料已归档", "整改到位，经支部委员会核查通过")
PARTLY_TEXTS = ("已完成部分整改，剩余工作正在推进", "措施已启动，按计划推进中")
MOVE_REASONS = ("涉及资金需上级审批，进度滞后", "农忙期间党员外出较多，活动难以组织")


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _at(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)


def _targets(root: Organization):
    """(organization rectifying, issuing level) pairs: every township for itself, and some
    of its branches for the township (inspection, evaluation) or themselves."""
    orgs = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, is_active=True)
        .values_list("pk", "path", "category", "org_type", "parent_id")
    )
    by_path = {path: pk for pk, path, *_rest in orgs}
    townships = {pk: path for pk, path, category, *_r in orgs if category == OrgCategory.TOWNSHIP}
    branches = []
    for pk, path, _category, org_type, _parent in orgs:
        if org_type not in (OrgType.BRANCH, OrgType.GENERAL_BRANCH):
            continue
        issuer = next((t for t, t_path in townships.items() if path.startswith(t_path)), None)
        branches.append((pk, issuer or by_path.get(root.path)))
    return list(townships), branches


def _people(root: Organization) -> dict[int, list[tuple[int, int | None]]]:
    rows = (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org__path__startswith=root.path, is_active=True, exit_on__isnull=True)
        .values_list("primary_org_id", "pk", "user_id")
    )
    people: dict[int, list[tuple[int, int | None]]] = {}
    for org_id, pk, user_id in rows:
        people.setdefault(org_id, []).append((pk, user_id))
    return people


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns its summary (empty: nothing)."""
    townships, branches = _targets(root)
    people = _people(root)
    members = sum(len(rows) for rows in people.values())
    wanted = max(len(townships), members // MEMBERS_PER_ROW)
    pairs = [(t, t) for t in townships for _i in range(2)]
    while len(pairs) < wanted and branches:
        org_id, issuer = rng.choice(branches)
        pairs.append((org_id, org_id if rng.random() < 0.3 else issuer))
    year_start = datetime.date(today.year, 1, 1)
    rows: list[Rectification] = []
    plans: list[tuple[str, datetime.date | None, datetime.date | None, int | None]] = []
    for number, (org_id, issuer_id) in enumerate(pairs, start=1):
        source = "self_examination" if org_id == issuer_id and org_id not in townships else None
        source = source or rng.choice(SOURCES)
        problem, measures = rng.choice(PROBLEMS[source])
        found_on = _day(rng, year_start, max(today - datetime.timedelta(days=7), year_start))
        first = found_on + datetime.timedelta(days=rng.choice((30, 45, 60, 90, 120)))
        person = rng.choice(people[org_id]) if people.get(org_id) else (None, None)
        roll = rng.random()
        status, deadline, done_on, moved = TrackedStatus.OPEN, first, None, None
        if first < today:
            if roll < 0.12:  # moved once, with the reason
                moved = first + datetime.timedelta(days=rng.choice((30, 60)))
                deadline = moved
            if roll < 0.78 or (moved and moved < today and roll < 0.9):
                status = TrackedStatus.CLOSED
                late = rng.random() < 0.15
                end = (moved or first) + datetime.timedelta(
                    days=rng.randrange(1, 20) if late else 0
                )
                done_on = min(_day(rng, found_on, end + datetime.timedelta(days=1)), today)
            elif roll < 0.86:
                status = TrackedStatus.REPORTED
                done_on = _day(rng, found_on, today)
        rows.append(
            Rectification(
                org_id=org_id,
                issued_by_id=issuer_id,
                source=source,
                number=f"{today.year}-{number:04d}",
                problem=problem,
                measures=measures,
                responsible_id=person[0],
                found_on=found_on,
                deadline=deadline,
                first_deadline=first,
                status=status,
                closed_at=(
                    _at(min(done_on + datetime.timedelta(days=rng.randrange(1, 8)), today))
                    if status == TrackedStatus.CLOSED
                    else None
                ),
                acceptance_note="经核查整改到位，同意销号"
                if status == TrackedStatus.CLOSED
                else "",
            )
        )
        plans.append((status, done_on, moved, person[1]))
    Rectification.objects.bulk_create(rows, batch_size=BATCH)
    reports, changes, report_days, change_days = [], [], [], []
    for rect, (status, done_on, moved, user_id) in zip(rows, plans, strict=True):
        if moved:
            day = min(rect.first_deadline, today)
            reason = rng.choice(MOVE_REASONS)
            report = RectificationReport(
                rectification=rect,
                outcome=Outcome.NOT_DONE,
                text=rng.choice(PARTLY_TEXTS),
                reason=reason,
                measures="加强调度，明确专人推进",
                new_deadline=moved,
                reported_by_id=user_id,
            )
            reports.append(report)
            report_days.append(day)
            changes.append(
                RectificationDeadlineChange(
                    rectification=rect,
                    old_deadline=rect.first_deadline,
                    new_deadline=moved,
                    reason=reason,
                    changed_by_id=user_id,
                )
            )
            change_days.append(day)
        if done_on:
            reports.append(
                RectificationReport(
                    rectification=rect,
                    outcome=Outcome.DONE,
                    text=rng.choice(REPORT_TEXTS),
                    reported_by_id=user_id,
                )
            )
            report_days.append(done_on)
        elif status == TrackedStatus.OPEN and rng.random() < 0.5:
            reports.append(
                RectificationReport(
                    rectification=rect,
                    outcome=Outcome.PARTLY,
                    text=rng.choice(PARTLY_TEXTS),
                    reported_by_id=user_id,
                )
            )
            report_days.append(_day(rng, rect.found_on, today))
    RectificationReport.objects.bulk_create(reports, batch_size=BATCH)
    RectificationDeadlineChange.objects.bulk_create(changes, batch_size=BATCH)
    # auto_now_add stamped "now": the dates of the year are set afterwards.
    for report, day in zip(reports, report_days, strict=True):
        report.reported_at = _at(day)
    for change, day in zip(changes, change_days, strict=True):
        change.changed_at = _at(day)
    RectificationReport.objects.unscoped(SYSTEM).bulk_update(
        reports, ["reported_at"], batch_size=BATCH
    )
    RectificationDeadlineChange.objects.unscoped(SYSTEM).bulk_update(
        changes, ["changed_at"], batch_size=BATCH
    )
    closed = sum(1 for row in rows if row.status == TrackedStatus.CLOSED)
    overdue = sum(1 for row in rows if row.status == TrackedStatus.OPEN and row.deadline < today)
    return (
        f"rectifications: {len(rows)} ({closed} closed, {overdue} overdue, "
        f"{len(changes)} with a moved deadline)"
    )


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    rows = Rectification.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix)
    ids = list(rows.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        RectificationDeadlineChange.objects.unscoped(SYSTEM).filter(
            rectification_id__in=batch
        ).delete()
        RectificationReport.objects.unscoped(SYSTEM).filter(rectification_id__in=batch).delete()
        Rectification.objects.unscoped(SYSTEM).filter(pk__in=batch).delete()
