"""Demo rows of the target part (called by assess.demo): every grassroots committee's monthly
targets (创先争优 月度目标) for the months of this year so far, their marks, and the county's
monthly supervision bulletins (督查通报).

- Each committee hands in 2–5 targets a month: most on time (by day 5), some late by 1–9 days,
  a few not at all; the month under way only up to `today` (before its deadline, only some
  have handed in yet).
- Past months are marked: most items 落实, some 部分落实, a few 未落实 with a note.
- The county committee's bulletin of each past month is numbered 〔year〕N号 in order, ARCHIVED
  with its .docx written here directly by the same content and document functions the job
  uses (not through the task queue: a dozen documents, well under a second).
bulk_create throughout; the content is scaled by the county's committees.
"""

from __future__ import annotations

import datetime
import random

from dangjian.assess import target_selectors as selectors
from dangjian.assess.bulletin_content import bulletin_title, content_for
from dangjian.assess.bulletin_docx import bulletin_document, bulletin_filename
from dangjian.assess.models import Bulletin, MonthlyTarget, TargetItem
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.orgs.scoping import Role

SYSTEM = "demo build (system command)"
BATCH = 2000
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
GOALS = (
    ("抓好理论学习中心组学习", "制定月度学习计划，组织专题学习2次，班子成员撰写心得体会"),
    ("规范“三会一课”制度落实", "督促各支部按时召开支委会、党员大会，每月抽查会议记录"),
    ("推进发展党员工作", "对照发展党员25个步骤逐项检查，做好入党积极分子培养考察"),
    ("开展主题党日活动", "围绕乡村振兴开展志愿服务，组织党员到联系村走访群众"),
    ("抓好党费收缴管理", "核定党员党费基数，按月收缴并在支部公示"),
    ("推进软弱涣散党组织整顿", "班子成员分片包联，制定整改台账，逐项销号"),
    ("加强党员教育管理", "组织流动党员线上学习，更新党员信息库"),
    ("推动基层党建与业务融合", "开展“党建+产业”项目，落实责任人和完成时限"),
    ("做好换届准备工作", "摸排班子成员情况，拟定换届工作方案报上级审批"),
    ("落实党风廉政建设责任", "召开廉政警示教育会，签订廉政承诺书"),
    ("加强阵地建设", "完善党员活动室设施，更新党务公开栏内容"),
    ("开展为民办实事", "收集群众急难愁盼问题，建立清单限时办结"),
)
NOTES = ("进度滞后，需加快推进", "部分支部未按时完成", "材料不完整，已督促补充", "未组织实施")
# Of the committees in a past month: on time, late, missing (our demo shares).
SHARE_LATE = 0.10
SHARE_MISSING = 0.05
# Of the items of a past month: 落实, 部分落实 (the rest 未落实).
SHARE_DONE = 0.75
SHARE_PARTIAL = 0.17


def _accounts(root: Organization) -> tuple[dict[int, int], int | None]:
    """A secretary account per committee (org id → user id), and a county administrator."""
    rows = RoleAssignment.objects.unscoped(SYSTEM).filter(org__path__startswith=root.path)
    secretaries: dict[int, int] = {}
    admin = None
    for org_id, user_id, role in rows.values_list("org_id", "user_id", "role"):
        if role == Role.SECRETARY:
            secretaries.setdefault(org_id, user_id)
        elif role == Role.DEPT_ADMIN and org_id == root.pk:
            admin = admin or user_id
    return secretaries, admin


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, rng.randint(8, 21), rng.randint(0, 59), tzinfo=SHANGHAI
    )


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns a summary fragment ("" if none)."""
    committees = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(selectors.grassroots_committees_q(root.path))
        .order_by("path")
        .values_list("pk", flat=True)
    )
    if not committees:
        return ""
    secretaries, admin = _accounts(root)
    current = today.replace(day=1)
    months = [datetime.date(today.year, m, 1) for m in range(1, today.month + 1)]
    targets: list[MonthlyTarget] = []
    late = missing = 0
    for month in months:
        deadline = selectors.deadline_of(month)
        for org_id in committees:
            draw = rng.random()
            if draw < SHARE_MISSING:
                missing += month != current or today > deadline
                continue
            days = rng.randint(1, 9) if draw < SHARE_MISSING + SHARE_LATE else 0
            day = (
                deadline + datetime.timedelta(days=days)
                if days
                else (month + datetime.timedelta(days=rng.randint(0, deadline.day - 1)))
            )
            if day > today:
                continue  # not yet handed in
            late += bool(days)
            targets.append(
                MonthlyTarget(
                    org_id=org_id,
                    month=month,
                    deadline=deadline,
                    status=MonthlyTarget.Status.SUBMITTED,
                    submitted_at=_moment(day, rng),
                    submitted_by_id=secretaries.get(org_id),
                )
            )
    MonthlyTarget.objects.bulk_create(targets, batch_size=BATCH)
    items: list[TargetItem] = []
    for target in targets:
        marked = target.month < current
        for position, (goal, measures) in enumerate(rng.sample(GOALS, rng.randint(2, 5)), 1):
            mark, note = "", ""
            if marked:
                draw = rng.random()
                if draw < SHARE_DONE:
                    mark = TargetItem.Mark.DONE
                elif draw < SHARE_DONE + SHARE_PARTIAL:
                    mark, note = TargetItem.Mark.PARTIAL, rng.choice(NOTES[:3])
                else:
                    mark, note = TargetItem.Mark.NOT_DONE, rng.choice(NOTES)
            items.append(
                TargetItem(
                    target=target,
                    position=position,
                    goal=goal,
                    measures=measures,
                    mark=mark,
                    note=note,
                    marked_by_id=admin if mark else None,
                    marked_at=_moment(selectors.month_end(target.month), rng) if mark else None,
                )
            )
    TargetItem.objects.bulk_create(items, batch_size=BATCH)
    bulletins = _bulletins(root, months[:-1], admin, today)
    return f"monthly targets {len(targets)} (late {late}, missing {missing}), bulletins {bulletins}"


def _bulletins(root: Organization, months: list[datetime.date], admin, today) -> int:
    """The county committee's bulletin of each past month, issued on the 10th of the next."""
    rows = []
    for number, month in enumerate(months, start=1):
        issued = min(selectors.add_months(month, 1).replace(day=10), today)
        content = content_for(
            root, month, year=issued.year, number=number, issued_on=issued, today=today
        )
        moment = datetime.datetime(issued.year, issued.month, issued.day, 9, tzinfo=SHANGHAI)
        rows.append(
            Bulletin(
                org=root,
                month=month,
                year=issued.year,
                number=number,
                title=bulletin_title(month),
                requested_by_id=admin,
                status=Bulletin.Status.DONE,
                progress_done=2,
                progress_total=2,
                started_at=moment,
                finished_at=moment,
                result=bulletin_document(content),
                result_name=bulletin_filename(content),
            )
        )
    Bulletin.objects.bulk_create(rows)
    for row in rows:  # created_at is auto_now_add: the issue date, as the document says
        moment = row.started_at
        Bulletin.objects.unscoped(SYSTEM).filter(pk=row.pk).update(created_at=moment)
    return len(rows)


def delete(prefix: str) -> None:
    """Remove this part's rows under the org path `prefix`."""
    TargetItem.objects.unscoped(SYSTEM).filter(target__org__path__startswith=prefix).delete()
    MonthlyTarget.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    Bulletin.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
