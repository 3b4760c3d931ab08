"""Demo data of 发展党员: the 纪实 of every person the county's demo has in the pipeline
(applicants, activists, candidates, probationary members), steps dated from their stage
dates on Person, so the record, the pipeline and the stage agree. About one talk in ten is
missing or late and some half-year records lag, so the alerts have something to show.

Rows are written in bulk (the 1,000/30,000 county's budget is 5 s for this part): see _Rows.
"""

from __future__ import annotations

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from dangjian.orglife import rules_development as rules
from dangjian.orglife.models import DevelopmentDocument, DevelopmentStep
from dangjian.orgs.models import Organization, Person

SYSTEM = "demo build (system command)"
BATCH = 5000
DAY = datetime.timedelta(days=1)


COLUMNS = (
    "person_id",
    "org_id",
    "step",
    "date",
    "note",
    "first_person_id",
    "second_person_id",
    "recommendation",
    "result",
    "entitled",
    "attended",
    "approved",
    "days",
    "hours",
    "months",
    "late",
    "created_at",
)
DEFAULTS = dict.fromkeys(COLUMNS[4:], None) | {
    "note": "",
    "recommendation": "",
    "result": "",
    "late": False,
}


class _Rows:
    """The steps as tuples of column values, written by one executemany.

    Why not bulk_create: 50,000 steps of 17 columns cost 10 s in Django's per-value
    preparation (SQLite's 999-parameter batches), twice this part's budget; the same rows as
    one parameterized executemany take well under a second. The values go through the
    backend's own adapters, so the rows are what bulk_create would have written."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.rows: list[tuple] = []
        self.created = connection.ops.adapt_datetimefield_value(timezone.now())

    def add(self, person: dict, step: str, date: datetime.date, **fields) -> bool:
        if date > self.today:
            return False
        values = DEFAULTS | fields | {"created_at": self.created}
        adapt = connection.ops.adapt_datefield_value
        self.rows.append(
            (person["pk"], person["org"], step, adapt(date), *(values[c] for c in COLUMNS[4:]))
        )
        return True

    def write(self) -> None:
        table = connection.ops.quote_name(DevelopmentStep._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(self.rows), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    self.rows[start : start + BATCH],
                )


def _applicant(rows: _Rows, rng: random.Random, p: dict, skip_talk: bool) -> None:
    rows.add(p, "applicant", p["applied_on"])
    if skip_talk and p["party_status"] == rules.APPLICANT:
        return  # an overdue talk (谈话逾期) for the alerts
    talk = p["applied_on"] + datetime.timedelta(days=rng.randint(5, 34))
    if p["activist_on"]:
        talk = min(talk, p["activist_on"] - DAY)
    late = talk > p["applied_on"] + relativedelta(months=rules.TALK_WITHIN_MONTHS)
    rows.add(p, "talk", talk, late=late)


def _activist(rows: _Rows, rng: random.Random, p: dict, contacts: list[int]) -> None:
    since = p["activist_on"]
    rows.add(p, "activist", since, recommendation=rng.choice(["members", "members", "mass_org"]))
    rows.add(p, "activist_filing", since + datetime.timedelta(days=3))
    if len(contacts) >= 2:
        first, second = rng.sample(contacts, 2)
        rows.add(
            p,
            "contacts",
            since + datetime.timedelta(days=7),
            first_person_id=first,
            second_person_id=second,
        )
    end = p["candidate_on"] or rows.today
    lagging = p["party_status"] == rules.ACTIVIST and rng.random() < 0.15
    months = rules.TRAINING_RECORD_MONTHS
    k = 1
    while True:
        day = since + relativedelta(months=months * k) - datetime.timedelta(days=rng.randint(0, 9))
        if day > end or (lagging and day > rows.today - relativedelta(months=months)):
            break
        rows.add(p, "training_record", day)
        k += 1


def _candidate(rows: _Rows, p: dict, contacts: list[int], rng: random.Random) -> None:
    since = p["candidate_on"]
    rows.add(p, "candidate", since)
    rows.add(p, "candidate_filing", since + datetime.timedelta(days=3))
    if len(contacts) >= 2:
        first, second = rng.sample(contacts, 2)
        rows.add(
            p,
            "introducers",
            since + datetime.timedelta(days=7),
            first_person_id=first,
            second_person_id=second,
        )
    rows.add(p, "political_review", since + datetime.timedelta(days=20), result="passed")
    rows.add(p, "centralized_training", since + datetime.timedelta(days=30), days=3, hours=24)


def _probationary(rows: _Rows, p: dict, rng: random.Random) -> None:
    vote = p["probationary_on"]
    for step, days in (("committee_review", -40), ("application_form", -20)):
        rows.add(p, step, vote + datetime.timedelta(days=days))
    rows.add(p, "pre_review", vote - datetime.timedelta(days=30), result="passed")
    entitled = rng.randint(12, 60)
    attended = rng.randint(entitled // 2 + 1, entitled)
    rows.add(
        p,
        "assembly_vote",
        vote,
        entitled=entitled,
        attended=attended,
        approved=rng.randint(entitled // 2 + 1, attended),
    )
    for step, days in (
        ("committee_talk", 10),
        ("probationary", 20),
        ("approval_filing", 23),
        ("placement", 25),
        ("oath", 30),
    ):
        rows.add(p, step, vote + datetime.timedelta(days=days))
    for months in (3, 6, 9):
        rows.add(p, "probation_record", vote + relativedelta(months=months))
    rows.add(p, "conversion_application", vote + relativedelta(years=1, months=-1))


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """The record of every person in the pipeline under `root`; returns the summary line."""
    people = Person.objects.unscoped(SYSTEM).filter(
        primary_org__path__startswith=root.path, is_active=True
    )
    full: dict[int, list[int]] = {}
    for pk, org in people.filter(party_status=rules.FULL).values_list("pk", "primary_org_id"):
        full.setdefault(org, []).append(pk)
    pipeline = people.filter(party_status__in=rules.STAGES[:-1]).values(
        "pk",
        "party_status",
        "applied_on",
        "activist_on",
        "candidate_on",
        "probationary_on",
        org=F("primary_org_id"),
    )
    rows = _Rows(today)
    counts = dict.fromkeys(rules.STAGES[:-1], 0)
    for p in pipeline.order_by("pk"):
        if p["applied_on"] is None:
            continue
        counts[p["party_status"]] += 1
        contacts = full.get(p["org"], [])
        _applicant(rows, rng, p, skip_talk=rng.random() < 0.1)
        if p["activist_on"]:
            _activist(rows, rng, p, contacts)
        if p["candidate_on"]:
            _candidate(rows, p, contacts, rng)
        if p["probationary_on"]:
            _probationary(rows, p, rng)
    rows.write()
    return (
        f"development: {len(rows.rows):,} steps for {counts['applicant']} applicants, "
        f"{counts['activist']} activists, {counts['candidate']} candidates, "
        f"{counts['probationary']} probationary members"
    )


def delete(prefix: str) -> None:
    """Remove the development rows of the organizations under `prefix` (before they go)."""
    DevelopmentDocument.objects.unscoped(SYSTEM).filter(step__org__path__startswith=prefix).delete()
    DevelopmentStep.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
