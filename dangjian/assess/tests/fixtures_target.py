"""Rows the target tests start from, written with the ORM so each test states its rows:
a committee's month (draft or submitted at a given moment) with its items."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dangjian.assess import target_selectors as selectors

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def items(count: int = 2) -> list[dict]:
    return [
        {"goal": f"完成第{n}项创先争优目标", "measures": f"召开专题会议部署第{n}项工作"}
        for n in range(1, count + 1)
    ]


def target(
    county,
    org=None,
    *,
    month: datetime.date | None = None,
    count: int = 2,
    submitted_at: datetime.datetime | None = None,
    marks: tuple[str, ...] = (),
):
    """`org`'s (township A's) month with `count` items; submitted at `submitted_at` (aware)
    when given (by the township's secretary, the superuser elsewhere); the first items marked
    with `marks` (by the department's administrator, who may mark every committee)."""
    from dangjian.assess.models import MonthlyTarget, TargetItem

    month = month or this_month()
    row = MonthlyTarget.objects.create(
        org=org or county.township_a,
        month=month,
        deadline=selectors.deadline_of(month),
        status="submitted" if submitted_at else "draft",
        submitted_at=submitted_at,
        submitted_by=submitter(county, org or county.township_a) if submitted_at else None,
    )
    for n, data in enumerate(items(count), start=1):
        mark = marks[n - 1] if n <= len(marks) else ""
        TargetItem.objects.create(
            target=row,
            position=n,
            mark=mark,
            note="未按期完成" if mark and mark != "done" else "",
            marked_by=county.dept_admin if mark else None,
            **data,
        )
    return row


def submitter(county, org):
    """Who hands in `org`'s month in these rows: its own secretary (the townships)."""
    own = {county.township_a.pk: county.secretary_a, county.township_b.pk: county.secretary_b}
    return own.get(org.pk, county.superuser)


def on_day(month: datetime.date, day: int, hour: int = 10) -> datetime.datetime:
    """A moment of `day` of `month`, Shanghai time."""
    return datetime.datetime(month.year, month.month, day, hour, tzinfo=SHANGHAI)


def bulletin(county, org=None, *, month: datetime.date | None = None, number: int = 1, **extra):
    """A requested bulletin of `org` (township A) — not yet written."""
    from dangjian.assess.models import Bulletin

    month = month or this_month()
    return Bulletin.objects.create(
        org=org or county.township_a,
        month=month,
        year=timezone.localdate().year,
        number=number,
        title="督查通报",
        requested_by=county.secretary_a,
        **extra,
    )


def written(county, org=None, **extra):
    """A bulletin of township A, written (the job's work, run inline)."""
    from dangjian.assess import bulletin_services

    return bulletin_services.bulletin_write(bulletin(county, org, **extra))


@pytest.fixture(autouse=True)
def _county_recorded_long_ago(request):
    """The `county` fixture's organizations are recorded at the real moment of the test, but
    a month's committees are those that existed in it (founded_on, else created_at): backdate
    the record so the tests' past months (2026-10, 2026-11) owe their targets whatever the
    real clock says. Imported (autouse) by the target and bulletin test modules."""
    if "county" not in request.fixturenames:
        return
    request.getfixturevalue("county")
    recorded_long_ago()


def recorded_long_ago() -> None:
    """Every organization recorded on 2020-01-01 (those a test makes itself, too)."""
    from dangjian.orgs.models import Organization

    Organization.objects.unscoped("test: the organizations recorded long ago").update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=SHANGHAI)
    )
