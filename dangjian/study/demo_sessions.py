"""Demo data of study sessions (集中学习): the county's every-other-Friday study for the
department, and the weekly Wednesday-afternoon study of a few villages (one theme a month),
from January to today with plausible attendance.

Called from `demo.build_in_county`. Rows are written with bulk_create, through the same
`occurrences`/`session_rows` the service uses, so the demo's sessions are the rule's dates.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.models import Organization, Person
from dangjian.study import rules
from dangjian.study.models import Attendance, StudySchedule, StudySession
from dangjian.study.models.sessions import SessionKind, Weekday
from dangjian.study.sessions_services import occurrences, session_rows

SYSTEM = "demo build (system command)"
BATCH = 2000
VILLAGES = 5
PRESENT_RATE = 0.86
LEAVE_RATE = 0.07
LEAVE_REASONS = ("外出务工", "生病住院", "照顾家人", "参加县里培训", "农忙")
THEMES = (
    "学习新修订的党章",
    "学习《中国共产党支部工作条例》",
    "党史学习教育",
    "乡村振兴政策解读",
    "学习《中国共产党纪律处分条例》",
    "基层治理与“枫桥经验”",
    "庆祝建党：重温入党誓词",
    "防汛与安全生产",
    "学习全会精神",
    "民法典与村规民约",
    "廉洁文化建设",
    "年度学习总结",
)


def _villages(root: Organization, rng: random.Random) -> list[Organization]:
    """A few rural branches with people, the demo member's own first (they see it at once)."""
    branches = Organization.objects.unscoped(SYSTEM).filter(
        path__startswith=root.path, category="rural", org_type="branch", is_active=True
    )
    own = (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org__path__startswith=root.path, user__username="member1")
        .values_list("primary_org_id", flat=True)
        .first()
    )
    ids = list(branches.filter(people__isnull=False).values_list("pk", flat=True).distinct())
    chosen = ([own] if own in ids else []) + rng.sample(ids, k=min(VILLAGES, len(ids)))
    return list(Organization.objects.unscoped(SYSTEM).filter(pk__in=chosen).order_by("path"))


def _attendance(
    rng: random.Random, sessions: list[StudySession], people: list[int], now: datetime.datetime
) -> list[Attendance]:
    rows = []
    for session in sessions:
        past = session.ends_at < now
        for person in people:
            status, reason, signed = Attendance.Status.EXPECTED, "", None
            if past:
                draw = rng.random()
                if draw < PRESENT_RATE:
                    status, signed = Attendance.Status.PRESENT, session.starts_at
                elif draw < PRESENT_RATE + LEAVE_RATE:
                    status, reason = Attendance.Status.LEAVE, rng.choice(LEAVE_REASONS)
                else:
                    status = Attendance.Status.ABSENT
            via = rng.choice(["qr", "qr", "tap"]) if signed else ""
            rows.append(
                Attendance(
                    session=session,
                    person_id=person,
                    status=status,
                    reason=reason,
                    via=via,
                    signed_in_at=signed,
                )
            )
    return rows


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Schedules and their sessions from 1 January to `today`; returns the summary line."""
    january = datetime.date(today.year, 1, 1)
    schedules = [
        StudySchedule(
            org=root,
            kind=SessionKind.STUDY,
            title="部机关集中学习",
            weekday=rules.DEPARTMENT_STUDY_WEEKDAY,
            interval_weeks=rules.DEPARTMENT_STUDY_INTERVAL_WEEKS,
            starts_on=january,
            start_time=datetime.time(14, 30),
            place="县委组织部三楼会议室",
        )
    ]
    for village in _villages(root, rng):
        schedules.append(
            StudySchedule(
                org=village,
                kind=SessionKind.PARTY_DAY,
                title=f"{village.name}每周学习",
                weekday=Weekday.WEDNESDAY,
                interval_weeks=rules.GRASSROOTS_STUDY_INTERVAL_WEEKS,
                starts_on=january,
                start_time=datetime.time(14, 30),
                place="村党员活动室",
                themes="\n".join(THEMES),
            )
        )
    StudySchedule.objects.bulk_create(schedules)
    people = Person.objects.unscoped(SYSTEM).filter(is_active=True)
    members: dict[int, list[int]] = {}
    for person_id, org_id in people.filter(
        primary_org_id__in=[s.org_id for s in schedules]
    ).values_list("pk", "primary_org_id"):
        members.setdefault(org_id, []).append(person_id)
    now = timezone.now()
    sessions_made, attendance = 0, []
    for schedule in schedules:
        sessions = session_rows(schedule, occurrences(schedule, january, today))
        for session in sessions:
            if session.ends_at < now:
                session.status, session.closed_at = StudySession.Status.CLOSED, session.ends_at
                session.minutes = (
                    f"{session.theme or '集中学习'}：传达学习文件，交流发言，布置下阶段学习任务。"
                )
        StudySession.objects.bulk_create(sessions)
        sessions_made += len(sessions)
        attendance += _attendance(rng, sessions, members.get(schedule.org_id, []), now)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    present = sum(1 for row in attendance if row.status == Attendance.Status.PRESENT)
    return (
        f"sessions: {len(schedules)} schedules, {sessions_made:,} sessions, "
        f"{len(attendance):,} attendance rows ({present:,} present)"
    )


def delete(prefix: str) -> None:
    """Remove the session rows of the organizations under `prefix` (before they go)."""
    StudySession.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    StudySchedule.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
