"""Demo rows of the eval part (called by assess.demo): 群众评议 for the county under `root`.

- Every township committee and every county unit (county_unit organizations two levels below
  the root: the offices' branches and the systems' committees) has an evaluation point; about
  two in three take one-time codes (code mode), the rest are open (anyone with the QR code).
- Code mode: each month from January to `today`, codes are printed (a few more than are
  used); each used code holds one evaluation.
- 20–60 evaluations per unit and full month (the month under way in proportion), each unit
  more or less well regarded (its share of 满意 between 55 % and 90 %); half rate the
  dimensions too; about one in four leaves a comment — moderated (mostly shown) before this
  month, waiting this month.
Scaled by the county: more townships and units, more points and rows. Bulk writes only (the
1,000-organization county: 57 points, ~19,000 codes, ~25,000 evaluations in about 3 s).
"""

from __future__ import annotations

import datetime
import hashlib
import random
import secrets

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.orgs.models import Organization, OrgCategory

SYSTEM = "demo build (system command)"
BATCH = 2000
PER_MONTH = (20, 60)
CODE_SHARE = 0.67  # points in code mode
COMMENT_SHARE = 0.25
DIMENSION_SHARE = 0.5
APPROVED_SHARE = 0.8  # of moderated comments
SPARE_CODES = 1.3  # codes printed per evaluation expected
INTROS = (
    "欢迎对我单位的服务态度、办事效率和作风建设进行评议，您的意见是我们改进工作的动力。",
    "请您对本单位窗口服务进行评价，评议匿名进行，留言经审核后公开。",
    "我们郑重承诺：件件有回音，事事有着落。欢迎监督。",
)
PRAISE = (
    "窗口工作人员态度热情，办事一次就办好了。",
    "政策解释得很清楚，耐心细致，点赞！",
    "上门服务很及时，解决了我们村的大问题。",
    "办事流程比以前简化多了，效率明显提高。",
    "工作人员廉洁奉公，群众很认可。",
)
CRITICISM = (
    "中午有时找不到人办事，希望安排轮班。",
    "材料要求能否一次性告知，跑了两趟。",
    "电话经常占线，建议增加咨询渠道。",
    "个别工作人员态度生硬，希望加强作风建设。",
)


def _months(today: datetime.date) -> list[datetime.date]:
    return [datetime.date(today.year, month, 1) for month in range(1, today.month + 1)]


def _demo_code(rng: random.Random) -> str:
    return "".join(rng.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))


def _overall(rng: random.Random, good: float) -> str:
    draw = rng.random()
    if draw < good:
        return "satisfied"
    return "basic" if draw < good + (1 - good) * 0.7 else "dissatisfied"


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns a summary fragment ("" if none)."""
    orgs = Organization.objects.unscoped(SYSTEM).filter(path__startswith=root.path, is_active=True)
    units = list(
        orgs.filter(
            Q(category=OrgCategory.TOWNSHIP, depth=root.depth + 1)
            | Q(category=OrgCategory.COUNTY_UNIT, depth=root.depth + 2)
        )
        .order_by("path")
        .values_list("pk", "name")
    )
    if not units:
        return ""
    points = [
        EvaluationPoint(
            org_id=org_id,
            public_key=secrets.token_urlsafe(16),
            mode="code" if rng.random() < CODE_SHARE else "open",
            intro=rng.choice(INTROS),
        )
        for org_id, _name in units
    ]
    EvaluationPoint.objects.bulk_create(points, batch_size=BATCH)

    months = _months(today)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    codes: list[tuple] = []  # (org_id, period, code)
    votes: list[dict] = []
    used: set[str] = set()
    for point in points:
        good = rng.uniform(0.55, 0.9)
        for month in months:
            size = rng.randint(*PER_MONTH)
            last_day = 28
            if month.month == today.month:
                size = max(1, size * today.day // 30)
                last_day = today.day
            month_codes: list[str] = []
            if point.mode == "code":
                for _ in range(int(size * SPARE_CODES)):
                    code = _demo_code(rng)
                    while code in used:
                        code = _demo_code(rng)
                    used.add(code)
                    month_codes.append(code)
                codes.extend((point.org_id, month, code) for code in month_codes)
            for index in range(size):
                day = month.replace(day=1 + (last_day - 1) * index // size)
                vote = {
                    "org_id": point.org_id,
                    "period": month,
                    "overall": _overall(rng, good),
                    "dimensions": {},
                    "comment": "",
                    "contact": "",
                    "moderation": "",
                    "moderated_at": None,
                    "code": month_codes[index] if month_codes else None,
                    "device_hash": "",
                    "ip_hash": "",
                    "submitted_at": datetime.datetime.combine(
                        day, datetime.time(8 + index % 10, index % 60), tzinfo=tz
                    ),
                }
                if rng.random() < DIMENSION_SHARE:
                    vote["dimensions"] = {
                        key: _overall(rng, good + 0.05) for key in rules.DIMENSIONS
                    }
                if rng.random() < COMMENT_SHARE:
                    pool = PRAISE if vote["overall"] != "dissatisfied" else CRITICISM
                    vote["comment"] = rng.choice(pool)
                    if month.month == today.month:
                        vote["moderation"] = Evaluation.Moderation.PENDING
                    else:
                        approved = rng.random() < APPROVED_SHARE
                        vote["moderation"] = "approved" if approved else "rejected"
                        vote["moderated_at"] = now
                if point.mode == "open":
                    token = f"{point.org_id}:{month}:{index}".encode()
                    vote["device_hash"] = hashlib.sha256(b"demo-device:" + token).hexdigest()
                    vote["ip_hash"] = hashlib.sha256(b"demo-ip:" + token[:6]).hexdigest()
                votes.append(vote)
    _write_codes(codes, now)
    _write_votes(votes, [point.org_id for point in points if point.mode == "code"])
    pending = sum(1 for vote in votes if vote["moderation"] == Evaluation.Moderation.PENDING)
    return (
        f"evaluation points: {len(points)}, codes: {len(codes):,}, "
        f"evaluations: {len(votes):,} ({pending} comments to moderate)"
    )


# The demo writes tens of thousands of rows: bulk_create spends most of its time preparing
# each value of each row. These write the same rows with executemany, each distinct date and
# time prepared once by its own field (the 1,000-organization county stays within 5 s).


class _Prep:
    def __init__(self, model) -> None:
        self.model = model
        self.memo: dict = {}

    def __call__(self, name: str, value):
        if value is None or isinstance(value, str | int):
            return value
        if isinstance(value, dict):
            return self.model._meta.get_field(name).get_db_prep_save(value, connection)
        key = (name, value)
        if key not in self.memo:
            field = self.model._meta.get_field(name)
            self.memo[key] = field.get_db_prep_save(value, connection)
        return self.memo[key]


def _insert_many(model, names: tuple[str, ...], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[first : first + BATCH])


def _write_codes(codes: list[tuple], now: datetime.datetime) -> None:
    prep = _Prep(EvaluationCode)
    names = ("org_id", "period", "code", "created_at")
    created = prep("created_at", now)
    rows = [(org_id, prep("period", month), code, created) for org_id, month, code in codes]
    _insert_many(EvaluationCode, names, rows)


def _write_votes(votes: list[dict], code_orgs: list[int]) -> None:
    ids = dict(
        EvaluationCode.objects.unscoped(SYSTEM)
        .filter(org_id__in=code_orgs)
        .values_list("code", "pk")
    )
    prep = _Prep(Evaluation)
    names = (
        "org_id",
        "period",
        "overall",
        "dimensions",
        "comment",
        "contact",
        "moderation",
        "moderated_at",
        "code_id",
        "device_hash",
        "ip_hash",
        "submitted_at",
    )
    rows = []
    for vote in votes:
        vote["code_id"] = ids[vote["code"]] if vote["code"] else None
        rows.append(tuple(prep(name, vote[name]) for name in names))
    _insert_many(Evaluation, names, rows)


def delete(prefix: str) -> None:
    """Remove this part's rows under the org path `prefix` (votes, then codes and points)."""
    for model in (Evaluation, EvaluationCode, EvaluationPoint):
        ids = list(
            model.objects.unscoped(SYSTEM)
            .filter(org__path__startswith=prefix)
            .values_list("pk", flat=True)
        )
        for first in range(0, len(ids), BATCH):
            model.objects.unscoped(SYSTEM).filter(pk__in=ids[first : first + BATCH]).delete()
