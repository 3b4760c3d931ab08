"""A person walked through the 发展党员 steps with plausible dates, for the development tests
and the matrix rows: every step recorded through the service, by township A's secretary."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.orglife import development_services as services

# (step, days after the application, fields). The activist's year, the probation's year and
# the three months of an approval are counted from their own steps below.
PLAN = [
    "applicant",
    "talk",
    "activist",
    "activist_filing",
    "contacts",
    "training_record",
    "training_record",
    "candidate",
    "candidate_filing",
    "introducers",
    "political_review",
    "centralized_training",
    "committee_review",
    "pre_review",
    "application_form",
    "assembly_vote",
    "committee_talk",
    "probationary",
    "approval_filing",
    "placement",
    "oath",
    "probation_record",
    "conversion_application",
    "conversion_vote",
    "full",
    "archive",
]
VOTE = {"entitled": 10, "attended": 8, "approved": 7}


def start_date() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1200)


def contacts(county) -> tuple:
    """Two full members of village A1 (培养联系人, 入党介绍人)."""
    su = county.superuser
    return (
        make_person(su, county.village_a1, "联系人甲"),
        make_person(su, county.village_a1, "联系人乙"),
    )


def applicant(county, name: str = "申请人", **extra):
    """A person of village A1, not yet an applicant, 25 years old at the walk's start."""
    birth = start_date() - relativedelta(years=25)
    return make_person(
        county.superuser,
        county.village_a1,
        name,
        party_status="public",
        birth_date=birth,
        **extra,
    )


def walk(county, person, until: str, *, actor=None, people=None) -> dict[str, datetime.date]:
    """Record the steps of PLAN up to and including `until`; returns the dates used."""
    actor = actor or county.secretary_a
    first, second = people or contacts(county)
    day = start_date()
    dates: dict[str, datetime.date] = {}
    for code in PLAN:
        fields: dict = {}
        if code in ("contacts", "introducers"):
            fields = {"first_person": first, "second_person": second}
        elif code == "activist":
            fields = {"recommendation": "members"}
        elif code in ("political_review", "pre_review"):
            fields = {"result": "passed"}
        elif code == "centralized_training":
            fields = {"days": 3}
        elif code in ("assembly_vote", "conversion_vote"):
            fields = dict(VOTE)
        if code == "candidate":
            day = dates["activist"] + relativedelta(years=1)
        elif code == "conversion_vote":
            day = dates["assembly_vote"] + relativedelta(years=1)
        elif code == "training_record":
            day = day + datetime.timedelta(days=150)
        else:
            day = day + datetime.timedelta(days=3)
        services.step_record(actor=actor, person=person, step=code, date=day, **fields)
        dates[code] = day
        if code == until:
            break
    person.refresh_from_db()
    return dates
