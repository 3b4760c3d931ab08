"""Demo data of 党费: a declared base for every member (by age and a plausible mix of
categories) and the year's payments up to the current month: most on time, a few late, a
few members owing their last months.

Written with bulk_create, one pass over the members: a member-month is one row (about 300,000
at 30,000 members by December; bench/README.md has the county's build time with them)."""

from __future__ import annotations

import datetime
import random

from dangjian.orglife import demo_reviews
from dangjian.orglife.dues_calc import add_months, due_fen, month_end
from dangjian.orglife.models import DuesBase, DuesPayment
from dangjian.orgs.models import Organization, PartyStatus, Person

SYSTEM = "demo build (system command)"
BATCH = 5000
RETIREMENT_AGE = 60
# Of the members under retirement age: (category, weight); farmers dominate a rural county.
WORKING_MIX = (
    ("farmer", 50),
    ("employed", 40),
    ("student", 3),
    ("unemployed", 4),
    ("low_allowance", 3),
)
OWING_RATE = 0.04  # members who have not paid their last one to three months
LATE_RATE = 0.06  # payments made in the first days of the following month
RECORDED_MONTHS = 12  # the whole year so far: January to the current month


def _income(rng: random.Random, category: str) -> int:
    """A monthly after-tax income in fen, whole yuan (as payslips show them)."""
    if category == "employed":
        return (
            rng.choice(
                (rng.randint(2_200, 3_000), rng.randint(3_001, 6_000), rng.randint(6_001, 12_000))
            )
            * 100
        )
    if category == "retired":
        return rng.randint(1_800, 7_500) * 100
    return 0


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Bases and this year's payments for the county's members; returns a summary line."""
    members = (
        Person.objects.unscoped(SYSTEM)
        .filter(
            primary_org__path__startswith=root.path,
            is_active=True,
            party_status__in=(PartyStatus.FULL, PartyStatus.PROBATIONARY),
        )
        .order_by("pk")
        .values_list("pk", "primary_org_id", "birth_date")
    )
    current = today.replace(day=1)
    start = max(datetime.date(today.year, 1, 1), add_months(current, 1 - RECORDED_MONTHS))
    months = [add_months(start, i) for i in range(current.month - start.month + 1)]
    categories, weights = zip(*WORKING_MIX, strict=True)
    bases, payments = [], []
    for person_id, org_id, birth in members.iterator():
        retired = birth is not None and today.year - birth.year >= RETIREMENT_AGE
        category = "retired" if retired else rng.choices(categories, weights)[0]
        income = _income(rng, category)
        fixed = rng.choice((50, 100, 100)) if category == "farmer" else None
        bases.append(
            DuesBase(
                person_id=person_id,
                org_id=org_id,
                category=category,
                income_fen=income,
                fixed_fen=fixed,
                effective_from=start,
            )
        )
        due = due_fen(category, income, fixed)
        owing = rng.random() < OWING_RATE
        paid_months = months[: -rng.randint(1, 3)] if owing else months
        for month in paid_months:
            late = rng.random() < LATE_RATE
            paid_on = (
                month_end(month) + datetime.timedelta(days=rng.randint(1, 5))
                if late
                else month.replace(day=rng.randint(1, 28))
            )
            payments.append(
                DuesPayment(
                    person_id=person_id,
                    org_id=org_id,
                    month=month,
                    due_fen=due,
                    amount_fen=due,
                    paid_on=min(paid_on, today),
                )
            )
    DuesBase.objects.bulk_create(bases, batch_size=BATCH)
    DuesPayment.objects.bulk_create(payments, batch_size=BATCH)
    rounds = demo_reviews.build_reviews(root, rng, today)
    elections = demo_reviews.build_elections(root, rng, today)
    return (
        f"dues: {len(bases)} bases, {len(payments)} payments; "
        f"member reviews: {rounds} rounds; elections: {elections}"
    )


def delete(prefix: str) -> None:
    """Remove the rows of the organizations under `prefix` (before they go)."""
    demo_reviews.delete(prefix)
    DuesPayment.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    DuesBase.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
