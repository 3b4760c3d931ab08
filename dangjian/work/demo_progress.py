"""Demo rows of report-style progress (called by dangjian.work.demo, after demo_plan): on the
published plans' items whose milestones have passed, the year's reports so far.

Of the items whose deadline has passed: most were reported done by it (most of those verified
and closed, some still awaiting verification), some were done late (with the reason, measures
and a new deadline), some reported not done with a new deadline (kept as an
ItemDeadlineChange), and ~7 % are overdue now (nothing, or only partial progress, reported).
Items still running have partial reports at their passed milestones (which are met). About a
fifth of the reports are made by the secretary above on the owner's behalf. No evidence files:
a demo row naming no file on disk would be a broken link.

Written with bulk_create; the report and change times are set afterwards (auto_now_add writes
"now"), grouped by day.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections import defaultdict

from django.conf import settings

from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.orgs.scoping import PERMISSIONS, Action
from dangjian.work import tracking
from dangjian.work.models import (
    ItemDeadlineChange,
    ItemEvidence,
    ItemReport,
    Milestone,
    PlanStatus,
    WorkItem,
)
from dangjian.work.models.tracking import Outcome, TrackedStatus

SYSTEM = "demo build (system command)"
BATCH = 1000
OVERDUE_SHARE = 0.07
NOT_DONE_SHARE = 0.10
LATE_SHARE = 0.08
CLOSED_SHARE = 0.85
ON_BEHALF_SHARE = 0.2
PARTLY_SHARE = 0.6
EARLIER_PARTLY_SHARE = 0.3
# The hour of a report by its outcome: one UPDATE per day and outcome sets the times.
HOURS = {Outcome.PARTLY: 10, Outcome.NOT_DONE: 11, Outcome.DONE: 16}

DONE_TEXTS = (
    "已按计划完成，相关材料已归档。",
    "按期完成，召开专题会议推进落实。",
    "全部完成，台账资料齐全。",
)
PARTLY_TEXTS = ("完成阶段性任务，正在推进下一步工作。", "已完成节点任务，整体进度约过半。")
NOT_DONE_TEXTS = ("受客观条件影响，未能按期完成。", "部分工作尚未落实到位。")
REASONS = (
    "人员调整，工作衔接不及时。",
    "资金尚未到位。",
    "受农忙和天气影响，活动推迟。",
    "上级部署调整，需重新安排。",
)
MEASURES = (
    "明确专人负责，每周调度进度。",
    "加强与相关部门协调，倒排工期。",
    "召开专题会议研究，限期完成。",
)


def _nearest_accounts(root: Organization) -> dict[str, int]:
    """Organization path → an account holding CHANGE there (the deepest grant above)."""
    roles = [role for role, actions in PERMISSIONS.items() if Action.CHANGE in actions]
    rows = (
        RoleAssignment.objects.unscoped(SYSTEM)
        .filter(role__in=roles, org__path__startswith=root.path, user__is_active=True)
        .order_by("pk")
        .values_list("org__path", "user_id")
    )
    by_path: dict[str, int] = {}
    for path, user_id in rows:
        by_path.setdefault(path, user_id)
    return by_path


def _account_for(by_path: dict[str, int], path: str) -> int | None:
    while path:
        if path in by_path:
            return by_path[path]
        path = path[: path.rstrip("/").rfind("/") + 1]
    return None


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


class _Writer:
    """The rows to write, and the times to set on them afterwards."""

    def __init__(self, rng: random.Random, accounts: dict[str, int], today: datetime.date):
        self.rng, self.accounts, self.today = rng, accounts, today
        self.reports: list[ItemReport] = []
        self.report_times: list[datetime.datetime] = []
        self.changes: list[tuple[ItemDeadlineChange, int]] = []  # with their report's index
        self.change_times: list[datetime.datetime] = []
        self.met: dict[datetime.date, list[int]] = defaultdict(list)
        # Item updates, grouped so that each is one UPDATE (bulk_update's CASE per row costs
        # seconds on a county's items).
        self.moved: dict[datetime.date, list[int]] = defaultdict(list)
        self.reported: list[int] = []
        self.closed: dict[tuple[datetime.date, int | None], list[int]] = defaultdict(list)

    def report(self, item: dict, outcome: str, day: datetime.date, **extra) -> int:
        day = min(day, self.today)
        secretary = _account_for(self.accounts, item["org__path"])
        behalf = item["owner__user_id"] is None or self.rng.random() < ON_BEHALF_SHARE
        texts = {Outcome.DONE: DONE_TEXTS, Outcome.PARTLY: PARTLY_TEXTS}.get(
            outcome, NOT_DONE_TEXTS
        )
        self.reports.append(
            ItemReport(
                item_id=item["pk"],
                outcome=outcome,
                text=self.rng.choice(texts),
                reported_by_id=secretary if behalf else item["owner__user_id"],
                on_behalf=behalf,
                **extra,
            )
        )
        self.report_times.append(_at(day, HOURS[outcome]))
        return len(self.reports) - 1

    def explained(self, item: dict, outcome: str, day: datetime.date, new: datetime.date, late):
        """A report with reason, measures and a new deadline, and the deadline change."""
        index = self.report(
            item,
            outcome,
            day,
            reason=self.rng.choice(REASONS),
            measures=self.rng.choice(MEASURES),
            new_deadline=new,
            was_overdue=late,
        )
        report = self.reports[index]
        change = ItemDeadlineChange(
            item_id=item["pk"],
            old_deadline=item["deadline"],
            new_deadline=new,
            reason=report.reason,
            changed_by_id=report.reported_by_id,
        )
        self.changes.append((change, index))
        self.change_times.append(self.report_times[index])
        return index


def _partly_at(writer: _Writer, item: dict, milestone: tuple[int, datetime.date] | None) -> None:
    """One partial report at a passed milestone (which it meets)."""
    if milestone is None:
        return
    milestone_pk, due_on = milestone
    day = min(due_on - datetime.timedelta(days=writer.rng.randrange(4)), writer.today)
    writer.report(item, Outcome.PARTLY, day, milestone_id=milestone_pk)
    writer.met[day].append(milestone_pk)


def _progress(writer: _Writer, item: dict, passed: list[tuple[int, datetime.date]]) -> None:
    rng, today = writer.rng, writer.today
    deadline = item["deadline"]
    if deadline >= today:  # still running: progress reported at the latest passed milestone
        if passed and rng.random() < PARTLY_SHARE:
            _partly_at(writer, item, passed[-1])
        return
    # The deadline has passed: maybe progress at an earlier milestone, then the outcome.
    last_pk = passed[-1][0] if passed else None
    if len(passed) > 1 and rng.random() < EARLIER_PARTLY_SHARE:
        _partly_at(writer, item, passed[-2])
    draw = rng.random()
    if draw < OVERDUE_SHARE:
        return  # overdue now: nothing reported on time
    if draw < OVERDUE_SHARE + NOT_DONE_SHARE:
        day = deadline - datetime.timedelta(days=rng.randrange(3))
        new = today + datetime.timedelta(days=rng.randrange(10, 60))
        writer.explained(item, Outcome.NOT_DONE, day, new, late=False)
        writer.moved[new].append(item["pk"])
        return
    if draw < OVERDUE_SHARE + NOT_DONE_SHARE + LATE_SHARE:
        day = min(deadline + datetime.timedelta(days=rng.randrange(1, 12)), today)
        index = writer.explained(item, Outcome.DONE, day, day, late=True)
        writer.moved[day].append(item["pk"])
        writer.reports[index].milestone_id = last_pk
    else:
        day = deadline - datetime.timedelta(days=rng.randrange(8))
        writer.report(item, Outcome.DONE, day, milestone_id=last_pk)
    if last_pk is not None:
        writer.met[min(day, today)].append(last_pk)
    if rng.random() < CLOSED_SHARE:
        closed_on = min(day + datetime.timedelta(days=rng.randrange(1, 8)), today)
        verifier = _account_for(writer.accounts, item["plan__org__path"])
        writer.closed[(closed_on, verifier)].append(item["pk"])
    else:
        writer.reported.append(item["pk"])


def _update_in_batches(model, pks: list[int], **values) -> None:
    for start in range(0, len(pks), BATCH):
        model.objects.unscoped(SYSTEM).filter(pk__in=pks[start : start + BATCH]).update(**values)


def _set_times(model, rows: list, times: list[datetime.datetime], field: str) -> None:
    """auto_now_add wrote "now": one UPDATE per distinct time."""
    by_time: dict[datetime.datetime, list[int]] = defaultdict(list)
    for row, when in zip(rows, times, strict=True):
        by_time[when].append(row.pk)
    for when, pks in by_time.items():
        _update_in_batches(model, pks, **{field: when})


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns its summary (empty: nothing)."""
    items = list(
        WorkItem.objects.unscoped(SYSTEM)
        .filter(
            plan__org__path__startswith=root.path,
            plan__status=PlanStatus.PUBLISHED,
            status=TrackedStatus.OPEN,
        )
        .order_by("pk")
        .values("pk", "deadline", "org__path", "plan__org__path", "owner__user_id")
    )
    if not items:
        return ""
    milestones: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for pk, item_id, due_on in (
        Milestone.objects.unscoped(SYSTEM)
        .filter(item__plan__org__path__startswith=root.path, due_on__lt=today)
        .order_by("due_on", "pk")
        .values_list("pk", "item_id", "due_on")
    ):
        milestones[item_id].append((pk, due_on))
    writer = _Writer(rng, _nearest_accounts(root), today)
    for item in items:
        passed = milestones.get(item["pk"], [])
        if passed or item["deadline"] < today:
            _progress(writer, item, passed)

    ItemReport.objects.bulk_create(writer.reports, batch_size=BATCH)
    _set_times(ItemReport, writer.reports, writer.report_times, "reported_at")
    changes = []
    for change, index in writer.changes:
        change.report_id = writer.reports[index].pk
        changes.append(change)
    ItemDeadlineChange.objects.bulk_create(changes, batch_size=BATCH)
    _set_times(ItemDeadlineChange, changes, writer.change_times, "changed_at")
    for day, pks in writer.moved.items():
        _update_in_batches(WorkItem, pks, deadline=day)
    _update_in_batches(WorkItem, writer.reported, status=TrackedStatus.REPORTED)
    for (day, verifier), pks in writer.closed.items():
        _update_in_batches(
            WorkItem,
            pks,
            status=TrackedStatus.CLOSED,
            closed_at=_at(day, 15),
            closed_by_id=verifier,
        )
    for day, pks in writer.met.items():
        _update_in_batches(Milestone, pks, met_on=day)
    closed = sum(len(pks) for pks in writer.closed.values())
    overdue = (
        WorkItem.objects.unscoped(SYSTEM)
        .filter(plan__org__path__startswith=root.path, plan__status=PlanStatus.PUBLISHED)
        .filter(tracking.overdue_q(today))
        .count()
    )
    behalf = sum(1 for report in writer.reports if report.on_behalf)
    return (
        f"item reports: {len(writer.reports):,} ({behalf:,} on the owner's behalf), "
        f"deadline changes: {len(changes):,}, items closed: {closed:,}, overdue: {overdue:,}"
    )


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix` (before the plans go)."""
    ids = list(
        WorkItem.objects.unscoped(SYSTEM)
        .filter(plan__org__path__startswith=prefix)
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        ItemEvidence.objects.unscoped(SYSTEM).filter(report__item_id__in=batch).delete()
        ItemDeadlineChange.objects.unscoped(SYSTEM).filter(item_id__in=batch).delete()
        ItemReport.objects.unscoped(SYSTEM).filter(item_id__in=batch).delete()
