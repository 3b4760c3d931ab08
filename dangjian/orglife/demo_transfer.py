"""Demo data of 组织关系转接: about one member in eighty moved this year — letters between
branches of the county (most accepted, some returned or cancelled, the recent ones still 转接中),
letters out of the county with their receipts, and arrivals from outside.

Called from `demo.build_in_county`. Written with bulk statements (a few hundred transfers for
a 30,000-member county), in the shapes the services write: the same letter numbers, the
person at the receiving branch once accepted, people who left the county kept with their
exit status.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q

from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.models import Transfer
from dangjian.orglife.transfer_services import letter_number
from dangjian.orgs.models import ExitStatus, Membership, Organization, Person

SYSTEM = "demo build (system command)"
BATCH = 1000
MEMBERS_PER_TRANSFER = 80
TRANSFERS_MIN = 6
TRANSFERS_MAX = 600
OUT_RATE = 0.12  # letters out of the county
IN_RATE = 0.10  # arrivals from outside, per letter issued
PENDING_SHARE = 0.1  # issued within the letter's validity, still 转接中
RETURNED_SHARE = 0.07
CANCELLED_SHARE = 0.04
REASONS = ("外出务工", "工作调动", "迁居", "升学", "退休返乡", "随迁家属")
OUTSIDE = (
    "邻县城关镇党委",
    "市直机关工委",
    "省城某街道党工委",
    "外省某工业园区党委",
    "邻县某村党支部",
)
RETURN_REASONS = ("介绍信信息不全", "接收组织填写有误", "本人暂缓转接")


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Rows for the county under `root`; returns a short summary (empty: nothing built).

    Who moves where, and whether the letter is still pending, returned, cancelled or
    accepted, come from the seed alone, never from `today`: the same seed gives the same
    people at the same organizations on any day (the kernel demo's promise). Only the dates
    follow `today`."""
    branches = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, org_type__in=rules.ACCEPTING_ORG_TYPES, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    secretaries = Organization.objects.unscoped(SYSTEM).filter(path__startswith=root.path)
    candidates = list(
        Person.objects.unscoped(SYSTEM)
        .filter(
            primary_org__path__startswith=root.path,
            primary_org_id__in=branches,
            is_active=True,
            party_status__in=rules.TRANSFERABLE_STATUSES,
            user__isnull=True,  # the demo accounts' own records stay where they are
        )
        # A secretary is one of the organization's own people: the demo keeps them there.
        .exclude(pk__in=secretaries.filter(secretary__isnull=False).values("secretary_id"))
        .order_by("pk")
        .values_list("pk", "primary_org_id")
    )
    if len(branches) < 2 or not candidates:
        return ""
    wanted = min(TRANSFERS_MAX, max(TRANSFERS_MIN, len(candidates) // MEMBERS_PER_TRANSFER))
    chosen = dict(rng.sample(candidates, k=min(wanted, len(candidates))))
    opened = dict(
        Membership.objects.unscoped(SYSTEM)
        .filter(person_id__in=list(chosen), ended_on__isnull=True)
        .values_list("person_id", "started_on")
    )
    transfers = [
        _letter(rng, today, person_id, from_id, opened.get(person_id), branches, index == 0)
        for index, (person_id, from_id) in enumerate(chosen.items())
    ]
    _number(transfers)
    _move(transfers)
    count = round(len(transfers) * IN_RATE) or 1
    arrivals = _arrivals(rng, root, today, count, {t.person_id for t in transfers})
    Transfer.objects.bulk_create(transfers + arrivals, batch_size=BATCH)
    pending = sum(t.status == Transfer.Status.ISSUED for t in transfers)
    return f"transfers: {len(transfers)} letters ({pending} in transfer), {len(arrivals)} arrivals"


def _letter(
    rng: random.Random,
    today: datetime.date,
    person_id: int,
    from_id: int,
    started: datetime.date | None,
    branches: list[int],
    first: bool,
) -> Transfer:
    """One letter: the same random draws in the same order whatever the day. The first is
    always still pending, so even a small county shows a transfer 转接中."""
    position, status_draw, decided_after = rng.random(), rng.random(), rng.random()
    transfer = Transfer(person_id=person_id, from_org_id=from_id, reason=rng.choice(REASONS))
    if rng.random() < OUT_RATE:
        transfer.kind, transfer.to_text = Transfer.Kind.OUT, rng.choice(OUTSIDE)
    else:
        transfer.to_org_id = rng.choice([pk for pk in rng.sample(branches, 2) if pk != from_id])
    return_reason = rng.choice(RETURN_REASONS)
    # Issued this year (recent ones within the letter's validity), never before the person
    # joined the sending branch.
    pending = first or status_draw < PENDING_SHARE
    window = rules.LETTER_VALID_DAYS_DEFAULT - 1 if pending else (today.timetuple().tm_yday - 1)
    issued_on = today - datetime.timedelta(days=round(position * window))
    transfer.issued_on = min(today, max(issued_on, started or issued_on))
    transfer.letter_year = transfer.issued_on.year
    if pending:
        return transfer  # 转接中
    age = (today - transfer.issued_on).days
    later = round(decided_after * min(age, rules.LETTER_VALID_DAYS_DEFAULT))
    decided_on = transfer.issued_on + datetime.timedelta(days=later)
    if status_draw < PENDING_SHARE + RETURNED_SHARE:
        transfer.status = Transfer.Status.RETURNED
        transfer.returned_on, transfer.return_reason = decided_on, return_reason
    elif status_draw < PENDING_SHARE + RETURNED_SHARE + CANCELLED_SHARE:
        transfer.status = Transfer.Status.CANCELLED
        transfer.cancelled_on = decided_on
    else:
        transfer.status = Transfer.Status.ACCEPTED
        transfer.accepted_on = decided_on
    return transfer


def _number(transfers: list[Transfer]) -> None:
    """The county's letters numbered per year in the order they were issued."""
    sequence: dict[int, int] = {}
    for transfer in sorted(transfers, key=lambda t: t.issued_on):
        year = transfer.issued_on.year
        sequence[year] = sequence.get(year, 0) + 1
        transfer.letter_sequence = sequence[year]
        transfer.letter_number = letter_number(year, sequence[year])


def _move(transfers: list[Transfer]) -> None:
    """Accepted letters leave the person where `person_move` and the receipt would: at the
    new primary organization, with an open membership there from the acceptance; out of the
    county, kept, inactive, with the exit status and the membership closed.

    The demo county keeps one membership per person (the kernel's demo promises as many
    memberships as members), so a move within the county re-dates the person's one open
    membership instead of closing it and opening another; the sender's side of the story is
    the transfer row itself (the history page)."""
    accepted = {t.person_id: t for t in transfers if t.status == Transfer.Status.ACCEPTED}
    if not accepted:
        return
    memberships = Membership.objects.unscoped(SYSTEM)
    rows = list(memberships.filter(person_id__in=list(accepted), ended_on__isnull=True))
    for row in rows:
        transfer = accepted[row.person_id]
        if transfer.to_org_id:
            row.org_id, row.started_on = transfer.to_org_id, transfer.accepted_on
            row.note = transfer.letter_number
        else:
            row.ended_on = transfer.accepted_on
    memberships.bulk_update(rows, ["org", "started_on", "ended_on", "note"], batch_size=BATCH)
    people = list(Person.objects.unscoped(SYSTEM).filter(pk__in=list(accepted)))
    for person in people:
        transfer = accepted[person.pk]
        if transfer.to_org_id:
            person.primary_org_id = transfer.to_org_id
        else:
            person.is_active = False
            person.exit_status = ExitStatus.MOVED_OUT
            person.exit_on = transfer.accepted_on
    Person.objects.unscoped(SYSTEM).bulk_update(
        people, ["primary_org", "is_active", "exit_status", "exit_on"], batch_size=BATCH
    )


def _arrivals(
    rng: random.Random, root: Organization, today: datetime.date, count: int, taken: set[int]
) -> list[Transfer]:
    """转入 from outside: the letters of people whose membership began this year (the county
    planner's 组织关系转入) — the demo adds no people, so the county keeps its asked size."""
    year_start = today.replace(month=1, day=1)
    arrived = [
        row
        for row in Membership.objects.unscoped(SYSTEM)
        .filter(
            org__path__startswith=root.path,
            org__org_type__in=rules.ACCEPTING_ORG_TYPES,
            ended_on__isnull=True,
            started_on__gte=year_start,
            started_on__lte=today,
            person__party_status__in=rules.TRANSFERABLE_STATUSES,
        )
        .values_list("person_id", "org_id", "started_on")
        if row[0] not in taken
    ]
    rows = rng.sample(arrived, k=min(count, len(arrived)))
    return [
        Transfer(
            person_id=person_id,
            kind=Transfer.Kind.IN,
            from_text=rng.choice(OUTSIDE),
            to_org_id=org_id,
            reason=rng.choice(REASONS),
            issued_on=started_on - datetime.timedelta(days=rng.randint(0, 10)),
            letter_number=f"外组转〔{started_on.year}〕{100 + index:04d}",
            status=Transfer.Status.ACCEPTED,
            accepted_on=started_on,
        )
        for index, (person_id, org_id, started_on) in enumerate(rows)
    ]


def delete(prefix: str) -> None:
    """Remove the rows of the organizations under `prefix` (before they go)."""
    Transfer.objects.unscoped(SYSTEM).filter(
        Q(from_org__path__startswith=prefix) | Q(to_org__path__startswith=prefix)
    ).delete()
