"""Demo data of the meeting ledger (三会一课台账): a plausible year of meetings for every branch,
总支 and 党小组 of the county, from 1 January to today, each organization more or less diligent
(so the compliance table has green and red cells), each with its attendance list (about
700,000 rows at 30,000 members by December; bench/README.md has the county's build time).

Rows are written with plain batched INSERTs (see `_insert`); the dates follow rules_meetings
(monthly kinds in each month, quarterly ones once a quarter, yearly ones once a year).
"""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.utils import timezone

from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.meeting_selectors import full_member_counts, period_bounds
from dangjian.orglife.models import Meeting, MeetingAttachment, MeetingAttendance, MeetingKind
from dangjian.orgs.models import Membership, Organization

SYSTEM = "demo build (system command)"
BATCH = 2000
LIST_DAYS = 366  # attendance lists for every meeting of the year
COMMITTEE_SIZE = 5
PRESENT_RATE = 0.88
LEAVE_RATE = 0.07
LEAVE_REASONS = ("外出务工", "生病住院", "照顾家人", "参加县里培训", "农忙")
PLACES = ("党员活动室", "村委会会议室", "党群服务中心", "支部办公室")
LECTURERS = ("支部书记", "乡镇党委书记", "县委党校教师", "驻村第一书记", "老党员代表")
TOPICS = {
    MeetingKind.BRANCH_ASSEMBLY: ("传达学习上级会议精神", "讨论发展党员事项", "通报季度工作"),
    MeetingKind.COMMITTEE: ("研究本月党建工作", "研究党员教育管理", "研究乡村振兴项目"),
    MeetingKind.GROUP: ("学习党章党规", "交流学习心得", "收集群众意见"),
    MeetingKind.PARTY_LECTURE: ("学习新修订的党章", "党史专题党课", "基层治理专题党课"),
    MeetingKind.THEME_DAY: ("重温入党誓词", "志愿服务进社区", "集中学习与民主议事"),
    MeetingKind.LIFE_MEETING: ("年度组织生活会", "专题组织生活会"),
    MeetingKind.MEMBER_REVIEW: ("年度民主评议党员",),
}


def _day_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _dates(rng: random.Random, rule, diligence: float, today: datetime.date):
    """The days a `rule` meeting was held from January to today, for an organization that
    holds each due meeting with probability `diligence`."""
    period_start = datetime.date(today.year, 1, 1)
    while period_start <= today:
        start, end = period_bounds(period_start, rule.period)
        last = min(end - datetime.timedelta(days=1), today)
        # The period under way: held already only if it is well advanced.
        advanced = (last - start).days / max((end - start).days, 1)
        if rng.random() < diligence * (1 if end <= today else min(1.0, advanced * 1.5)):
            yield _day_in(rng, start, last + datetime.timedelta(days=1))
        period_start = end


def _members(root: Organization) -> dict[int, list[tuple[int, datetime.date]]]:
    rows = (
        Membership.objects.unscoped(SYSTEM)
        .filter(org__path__startswith=root.path, ended_on__isnull=True)
        .values_list("org_id", "person_id", "started_on")
    )
    members: dict[int, list[tuple[int, datetime.date]]] = {}
    for org_id, person_id, started_on in rows:
        members.setdefault(org_id, []).append((person_id, started_on))
    return members


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs in batches: Django's bulk_create costs ~100 µs a row in Python, about
    the whole demo budget for a county's year of meetings; the values are adapted by the
    backend's own operations, so the rows are the ones bulk_create would write."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _status(rng: random.Random) -> tuple[str, str]:
    draw = rng.random()
    if draw < PRESENT_RATE:
        return MeetingAttendance.Status.PRESENT, ""
    if draw < PRESENT_RATE + LEAVE_RATE:
        return MeetingAttendance.Status.LEAVE, rng.choice(LEAVE_REASONS)
    return MeetingAttendance.Status.ABSENT, ""


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Rows for the county under `root`; returns a short summary (empty: nothing built)."""
    types = {t for rule in rules.RULES.values() for t in rule.org_types}
    orgs = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, is_active=True, org_type__in=types)
        .order_by("path")
        .values_list("pk", "org_type")
    )
    members = _members(root)
    full = full_member_counts(root.path, today)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    agenda = "一、学习文件；二、讨论议题；三、布置工作"
    minutes = "会议按议程进行，与会党员交流发言，形成一致意见。"
    meetings: list[tuple] = []
    for org_id, org_type in orgs:
        people = members.get(org_id, [])
        if not people:
            continue
        diligence = rng.choice((0.55, 0.8, 0.95, 1.0, 1.0))
        for kind in rules.kinds_for(org_type):
            if not rules.required_times(kind, org_type, full.get(org_id, 0)):
                continue  # a small branch has no committee to meet
            for day in _dates(rng, rules.RULES[kind], diligence, today):
                host = next((pk for pk, since in people if since <= day), None)
                lecturer = rng.choice(LECTURERS) if kind == MeetingKind.PARTY_LECTURE else ""
                start = datetime.time(rng.choice((9, 14, 15)), 0)
                held_on, start = ops.adapt_datefield_value(day), ops.adapt_timefield_value(start)
                place, topic = rng.choice(PLACES), rng.choice(TOPICS[kind])
                row = (org_id, kind, held_on, start, place, host, topic, agenda, minutes)
                meetings.append((*row, lecturer, now, now))
    columns = ["org_id", "kind", "held_on", "start_time", "place", "host_id", "topic"]
    columns += ["agenda", "minutes", "lecturer", "created_at", "updated_at"]
    _insert(Meeting, columns, meetings)
    since = today - datetime.timedelta(days=LIST_DAYS)
    recent = (
        Meeting.objects.unscoped(SYSTEM)
        .filter(org__path__startswith=root.path, held_on__gte=since)
        .order_by("pk")
        .values_list("pk", "org_id", "kind", "held_on")
    )
    rows: list[tuple] = []
    for meeting_id, org_id, kind, held_on in recent:
        people = [pk for pk, start in members[org_id] if start <= held_on]
        if kind == MeetingKind.COMMITTEE:
            people = people[:COMMITTEE_SIZE]
        rows += [(meeting_id, pk, *_status(rng)) for pk in people]
    _insert(MeetingAttendance, ["meeting_id", "person_id", "status", "reason"], rows)
    if not meetings:
        return ""
    return f"meetings: {len(meetings):,}, attendance rows: {len(rows):,}"


def delete(prefix: str) -> None:
    """Remove the rows of the organizations under `prefix` (before they go).

    By meeting ids in batches: a DELETE … WHERE id IN (a join on the organizations' paths)
    ran for minutes on PostgreSQL over a year of attendance lists (a nested loop over freshly
    written, unanalysed tables); each batch here is an index lookup on meeting_id."""
    meetings = Meeting.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix)
    ids = list(meetings.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        MeetingAttachment.objects.unscoped(SYSTEM).filter(meeting_id__in=batch).delete()
        MeetingAttendance.objects.unscoped(SYSTEM).filter(meeting_id__in=batch).delete()
        Meeting.objects.unscoped(SYSTEM).filter(pk__in=batch).delete()
