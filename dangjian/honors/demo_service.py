"""Demo rows of the service part (called by honors.demo): 党员百时奉献 for the year so far.

- Each organization directly under the county (townships, departments' committees) organises
  an activity about every five weeks (敬老院, 河道清理, 文明交通劝导 …), 2–4 hours, with
  places; members of its subtree signed up and checked in (verified records of the activity).
- About one member in three (REPORTING_SHARE) reports service on the platform; each of them
  leans somewhere between far behind and well ahead of the year's pace (some reach 100 hours
  before December); the hours beyond the check-ins are self-reported service of 6–12 hours
  on other days — verified mostly, the last fortnight's still pending, a few rejected with a
  reason. The others have only their check-ins, if any: far behind, as in a county where the
  platform is new.
Scaled by the county's members. Activities and sign-ups with bulk_create; the records (tens of
thousands) by `executemany`, as assess.demo_round writes its scores: bulk_create spends
seconds in the ORM's per-field preparation (about 7,000 rows a second here), and the whole
30,000-member county must still build in 90 s.
- One record per member per day: nothing overlaps.
No per-row services.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dangjian.honors import rules_service as rules
from dangjian.honors.models import ServiceActivity, ServiceRecord, ServiceSignup
from dangjian.orgs.models import Organization, Person

SYSTEM = "demo build (system command)"
BATCH = 5000

ACTIVITIES = (
    ("敬老院志愿服务", "乡镇敬老院"),
    ("河道清理行动", "村口河道"),
    ("文明交通劝导", "县城十字路口"),
    ("义务植树", "荒山造林点"),
    ("人居环境整治", "村委会广场"),
    ("防汛巡查", "水库大坝"),
    ("政策宣讲进村入户", "村党群服务中心"),
)
SELF_REPORTED = (
    ("为独居老人代购药品", "独居老人"),
    ("清扫村道", "全体村民"),
    ("疫苗接种点秩序维护", "接种群众"),
    ("助农直播带货", "种植户"),
    ("关爱留守儿童课业辅导", "留守儿童"),
    ("节假日值守", ""),
    ("矛盾纠纷调解", "邻里"),
)
REJECT_REASONS = ("照片与所报时间不符", "属本职工作，不计入志愿服务", "与其他记录重复")
# How far each member is from the year's pace (1.0 = exactly on it): far behind to well ahead.
LEANS = (0.0, 0.15, 0.35, 0.55, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5)
LEAN_WEIGHTS = (6, 8, 10, 12, 14, 14, 12, 10, 8, 6)
PENDING_DAYS = 14  # records of the last fortnight are mostly still waiting
REPORTING_SHARE = 0.33
ACTIVITY_EVERY_DAYS = 35


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """This part's rows for the year so far; returns its piece of the summary line. One
    transaction (a savepoint inside the county's): outside one, SQLite commits every row."""
    first = datetime.date(today.year, 1, 1)
    days = (today - first).days  # 1 January … yesterday
    members = list(
        Person.objects.unscoped(SYSTEM)
        .filter(
            primary_org__path__startswith=root.path,
            is_active=True,
            party_status__in=rules.MEMBER_STATUSES,
        )
        .values_list("pk", "primary_org_id", "primary_org__path")
    )
    if days < 1 or not members:
        return ""
    used: dict[int, set[int]] = defaultdict(set)  # person → day numbers taken
    hours: dict[int, int] = defaultdict(int)
    records: list[tuple] = []
    org_of = {pk: org_id for pk, org_id, _path in members}
    activities, signups = _activities(root, rng, first, days, members, used, hours, records, org_of)
    expected = float(rules.TARGET_HOURS) * days / 365
    now = timezone.now()
    for pk, org_id, _path in members:
        if rng.random() >= REPORTING_SHARE:
            continue
        goal = expected * rng.choices(LEANS, LEAN_WEIGHTS)[0]
        while hours[pk] < goal:
            day_number = rng.randrange(days)
            if day_number in used[pk]:
                if len(used[pk]) >= days:
                    break
                continue
            used[pk].add(day_number)
            length = rng.randint(6, 12)
            start = rng.randint(7, 20 - length)
            day = first + datetime.timedelta(days=day_number)
            status, reason = _status(rng, (today - day).days)
            if status != "rejected":
                hours[pk] += length
            text, beneficiary = rng.choice(SELF_REPORTED)
            verified_at = now if status != "pending" else None
            start_time, end_time = datetime.time(start), datetime.time(start + length)
            row = (pk, org_id, day, start_time, end_time, length, text, beneficiary)
            records.append((*row, None, status, reason, verified_at))
    _insert(records)
    return (
        f"{activities} service activities ({signups} check-ins), {len(records):,} service records"
    )


# A record as built here: (person, org, date, start, end, hours, activity, beneficiary,
# source activity, status, reason, verified at) — plain tuples, no model instances (18,000
# instances cost a second).
RECORD_COLUMNS = (
    "person_id", "org_id", "date", "start", "end", "hours", "activity", "beneficiary",
    "source_activity_id", "status", "reason", "verified_at",
    "evidence", "evidence_thumbnail", "created_at",
)  # fmt: skip


def _insert(records: list[tuple]) -> None:
    """The records by one executemany per batch, each value adapted as the ORM would."""
    from django.db import connection

    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            person,
            org,
            ops.adapt_datefield_value(date),
            ops.adapt_timefield_value(start),
            ops.adapt_timefield_value(end),
            ops.adapt_decimalfield_value(Decimal(hours), 5, 2),
            activity,
            beneficiary,
            source,
            status,
            reason,
            ops.adapt_datetimefield_value(verified_at),
            "",
            "",
            now,
        )
        for (
            person, org, date, start, end, hours, activity, beneficiary, source, status, reason,
            verified_at,
        ) in records
    ]  # fmt: skip
    table = ops.quote_name(ServiceRecord._meta.db_table)
    names = ", ".join(ops.quote_name(column) for column in RECORD_COLUMNS)
    marks = ", ".join(["%s"] * len(RECORD_COLUMNS))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + BATCH]
            )


def _status(rng: random.Random, age: int) -> tuple[str, str]:
    roll = rng.random()
    if age <= PENDING_DAYS and roll < 0.6:
        return "pending", ""
    if roll > 0.96:
        return "rejected", rng.choice(REJECT_REASONS)
    return "verified", ""


def _activities(root, rng, first, days, members, used, hours, records, org_of) -> tuple[int, int]:
    """Activities of the organizations right under `root`, with their check-ins."""
    organisers = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(parent=root, is_active=True)
        .order_by("path")
        .values_list("pk", "path")
    )
    by_organiser: dict[int, list[int]] = defaultdict(list)
    for pk, _org_id, path in members:
        for org_pk, org_path in organisers:
            if path.startswith(org_path):
                by_organiser[org_pk].append(pk)
                break
    rows: list[ServiceActivity] = []
    planned: list[tuple[ServiceActivity, list[int], int]] = []
    for org_pk, _path in organisers:
        people = by_organiser.get(org_pk, [])
        for _n in range(max(1, days // ACTIVITY_EVERY_DAYS) if people else 0):
            day_number = rng.randrange(days)
            day = first + datetime.timedelta(days=day_number)
            start, length = rng.randint(8, 14), rng.randint(2, 4)
            title, place = rng.choice(ACTIVITIES)
            capacity = rng.choice((20, 30, 50))
            activity = ServiceActivity(
                org_id=org_pk,
                title=title,
                place=place,
                starts_at=_moment(day, start),
                ends_at=_moment(day, start + length),
                capacity=capacity,
            )
            rows.append(activity)
            came = rng.sample(people, min(len(people), rng.randint(capacity // 2, capacity)))
            planned.append((activity, came, day_number))
    ServiceActivity.objects.bulk_create(rows, batch_size=BATCH)
    signups: list[ServiceSignup] = []
    for activity, came, day_number in planned:
        start = timezone.localtime(activity.starts_at)
        end = timezone.localtime(activity.ends_at)
        length = end.hour - start.hour
        for pk in came:
            if day_number in used[pk]:
                continue
            used[pk].add(day_number)
            hours[pk] += length
            signups.append(
                ServiceSignup(activity=activity, person_id=pk, checked_in_at=activity.starts_at)
            )
            day, start_time, end_time = start.date(), start.time(), end.time()
            row = (pk, org_of[pk], day, start_time, end_time, length, activity.title, "")
            records.append((*row, activity.pk, "verified", "", activity.ends_at))
    ServiceSignup.objects.bulk_create(signups, batch_size=BATCH)
    return len(rows), len(signups)


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    ServiceRecord.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    ServiceSignup.objects.unscoped(SYSTEM).filter(activity__org__path__startswith=prefix).delete()
    ServiceActivity.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
