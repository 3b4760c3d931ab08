"""Demo data of 组织关系转接: about one member in eighty moved this year — letters between
branches of the county (most accepted, some returned or cancelled, the recent ones still 转接中),
letters out of the county with their receipts, and arrivals from outside.

Called from `demo.build_in_county`. Written with bulk statements (a few hundred transfers for
a 30,000-member county), in the shapes the services write: the same letter numbers, the
memberships closed and opened as `person_move` does, people who left the county kept with
their exit status.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q

from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.models import Transfer
from dangjian.orglife.transfer_services import letter_number
from dangjian.orgs.demo.words import CLAN_SURNAMES, FEMALE_YOUNG, MALE_YOUNG
from dangjian.orgs.models import ExitStatus, Membership, Organization, Person

SYSTEM = "demo build (system command)"
BATCH = 1000
MEMBERS_PER_TRANSFER = 80
TRANSFERS_MIN = 6
TRANSFERS_MAX = 600
OUT_RATE = 0.12  # letters out of the county
IN_RATE = 0.10  # arrivals from outside, per letter issued
PENDING_RATE = 0.6  # letters younger than their validity still in transfer
RETURNED_RATE = 0.07
CANCELLED_RATE = 0.04
REASONS = ("外出务工", "工作调动", "迁居", "升学", "退休返乡", "随迁家属")
OUTSIDE = (
    "邻县城关镇党委",
    "市直机关工委",
    "省城某街道党工委",
    "外省某工业园区党委",
    "邻县某村党支部",
)
RETURN_REASONS = ("介绍信信息不全", "接收组织填写有误", "本人暂缓转接")


def _date_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Rows for the county under `root`; returns a short summary (empty: nothing built)."""
    branches = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, org_type__in=rules.ACCEPTING_ORG_TYPES, is_active=True)
        .values_list("pk", flat=True)
    )
    candidates = list(
        Person.objects.unscoped(SYSTEM)
        .filter(
            primary_org__path__startswith=root.path,
            primary_org_id__in=branches,
            is_active=True,
            party_status__in=rules.TRANSFERABLE_STATUSES,
            user__isnull=True,  # the demo accounts' own records stay where they are
        )
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
    year_start = today.replace(month=1, day=1)
    transfers: list[Transfer] = []
    for person_id, from_id in chosen.items():
        started = opened.get(person_id)
        if started is None or started >= today:
            continue
        issued_on = _date_between(rng, max(year_start, started + datetime.timedelta(days=1)), today)
        transfer = Transfer(
            person_id=person_id,
            from_org_id=from_id,
            reason=rng.choice(REASONS),
            issued_on=issued_on,
            letter_year=issued_on.year,
        )
        if rng.random() < OUT_RATE:
            transfer.kind, transfer.to_text = Transfer.Kind.OUT, rng.choice(OUTSIDE)
        else:
            transfer.to_org_id = rng.choice([pk for pk in rng.sample(branches, 2) if pk != from_id])
        _decide(transfer, rng, today)
        transfers.append(transfer)
    _number(transfers)
    _move(transfers)
    arrivals = _arrivals(rng, branches, today, round(len(transfers) * IN_RATE) or 1)
    Transfer.objects.bulk_create(transfers + arrivals, batch_size=BATCH)
    pending = sum(t.status == Transfer.Status.ISSUED for t in transfers)
    return f"transfers: {len(transfers)} letters ({pending} in transfer), {len(arrivals)} arrivals"


def _decide(transfer: Transfer, rng: random.Random, today: datetime.date) -> None:
    age = (today - transfer.issued_on).days
    if age <= rules.LETTER_VALID_DAYS_DEFAULT and rng.random() < PENDING_RATE:
        return  # 转接中
    draw = rng.random()
    if draw < RETURNED_RATE:
        transfer.status = Transfer.Status.RETURNED
        transfer.returned_on = transfer.issued_on + datetime.timedelta(days=min(age, 5))
        transfer.return_reason = rng.choice(RETURN_REASONS)
    elif draw < RETURNED_RATE + CANCELLED_RATE:
        transfer.status = Transfer.Status.CANCELLED
        transfer.cancelled_on = transfer.issued_on + datetime.timedelta(days=min(age, 3))
    else:
        transfer.status = Transfer.Status.ACCEPTED
        days = rng.randint(0, min(age, rules.LETTER_VALID_DAYS_DEFAULT))
        transfer.accepted_on = transfer.issued_on + datetime.timedelta(days=days)


def _number(transfers: list[Transfer]) -> None:
    """The county's letters numbered per year in the order they were issued."""
    sequence: dict[int, int] = {}
    for transfer in sorted(transfers, key=lambda t: t.issued_on):
        year = transfer.issued_on.year
        sequence[year] = sequence.get(year, 0) + 1
        transfer.letter_sequence = sequence[year]
        transfer.letter_number = letter_number(year, sequence[year])


def _move(transfers: list[Transfer]) -> None:
    """Accepted letters as `person_move` and the receipt leave them: memberships closed and
    opened, the new primary organization, the secretary links ended; out of the county the
    person is kept, inactive, with the exit status."""
    accepted = {t.person_id: t for t in transfers if t.status == Transfer.Status.ACCEPTED}
    if not accepted:
        return
    memberships = Membership.objects.unscoped(SYSTEM)
    closing = list(memberships.filter(person_id__in=list(accepted), ended_on__isnull=True))
    for row in closing:
        row.ended_on = accepted[row.person_id].accepted_on
    memberships.bulk_update(closing, ["ended_on"], batch_size=BATCH)
    memberships.bulk_create(
        [
            Membership(
                person_id=t.person_id,
                org_id=t.to_org_id,
                started_on=t.accepted_on,
                note=t.letter_number,
            )
            for t in accepted.values()
            if t.to_org_id
        ],
        batch_size=BATCH,
    )
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
    Organization.objects.unscoped(SYSTEM).filter(secretary_id__in=list(accepted)).update(
        secretary=None
    )


def _arrivals(
    rng: random.Random, branches: list[int], today: datetime.date, count: int
) -> list[Transfer]:
    """转入 from outside: new people registered at a branch with the letter they brought."""
    people, rows = [], []
    for index in range(count):
        female = rng.random() < 0.4
        given = rng.choice(FEMALE_YOUNG if female else MALE_YOUNG)
        accepted_on = _date_between(rng, today.replace(month=1, day=1), today)
        full_on = accepted_on - datetime.timedelta(days=rng.randint(400, 5000))
        person = Person(
            name=rng.choice(CLAN_SURNAMES) + given + rng.choice(MALE_YOUNG + FEMALE_YOUNG),
            gender="F" if female else "M",
            party_status="full",
            probationary_on=full_on - datetime.timedelta(days=365),
            full_member_on=full_on,
            primary_org_id=rng.choice(branches),
        )
        people.append(person)
        rows.append((person, accepted_on, index))
    Person.objects.unscoped(SYSTEM).bulk_create(people, batch_size=BATCH)
    Membership.objects.unscoped(SYSTEM).bulk_create(
        [Membership(person=p, org_id=p.primary_org_id, started_on=on) for p, on, _i in rows],
        batch_size=BATCH,
    )
    return [
        Transfer(
            person=person,
            kind=Transfer.Kind.IN,
            from_text=rng.choice(OUTSIDE),
            to_org_id=person.primary_org_id,
            reason=rng.choice(REASONS),
            issued_on=accepted_on - datetime.timedelta(days=rng.randint(0, 10)),
            letter_number=f"外组转〔{accepted_on.year}〕{100 + index:04d}",
            status=Transfer.Status.ACCEPTED,
            accepted_on=accepted_on,
        )
        for person, accepted_on, index in rows
    ]


def delete(prefix: str) -> None:
    """Remove the rows of the organizations under `prefix` (before they go)."""
    Transfer.objects.unscoped(SYSTEM).filter(
        Q(from_org__path__startswith=prefix) | Q(to_org__path__startswith=prefix)
    ).delete()
