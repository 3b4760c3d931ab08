"""Rows the target tests start from, written with the ORM so each test states its rows:
a committee's month (draft or submitted at a given moment) with its items."""

from __future__ import annotations

import datetime

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
    when given; the first items marked with `marks`."""
    from dangjian.assess.models import MonthlyTarget, TargetItem

    month = month or this_month()
    row = MonthlyTarget.objects.create(
        org=org or county.township_a,
        month=month,
        deadline=selectors.deadline_of(month),
        status="submitted" if submitted_at else "draft",
        submitted_at=submitted_at,
        submitted_by=county.secretary_a if submitted_at else None,
    )
    for n, data in enumerate(items(count), start=1):
        mark = marks[n - 1] if n <= len(marks) else ""
        TargetItem.objects.create(
            target=row,
            position=n,
            mark=mark,
            note="未按期完成" if mark and mark != "done" else "",
            marked_by=county.inspector_b if mark else None,
            **data,
        )
    return row


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
