"""Rows of 党员百时奉献 for tests, written with the models (never the code under test)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from dangjian.honors import service_pace as pace
from dangjian.honors.models import ServiceActivity, ServiceRecord

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A Shanghai wall-clock moment."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def record(
    person,
    date: datetime.date,
    start: str,
    end: str,
    *,
    status: str = "verified",
    activity: str = "清扫村道",
    org=None,
) -> ServiceRecord:
    start_time = datetime.time.fromisoformat(start)
    end_time = datetime.time.fromisoformat(end)
    return ServiceRecord.objects.create(
        person=person,
        org=org or person.primary_org,
        date=date,
        start=start_time,
        end=end_time,
        hours=pace.hours_between(start_time, end_time),
        activity=activity,
        status=status,
    )


def hours_record(person, date: datetime.date, hours: int, **extra) -> ServiceRecord:
    """A record of whole hours starting at 08:00 (hours ≤ 12)."""
    return record(person, date, "08:00", f"{8 + hours:02d}:00", **extra)


def activity(
    org,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    capacity: int | None = None,
    title: str = "敬老院志愿服务",
    created_by=None,
) -> ServiceActivity:
    """An activity of `org`; `created_by` is the organiser who vouches for its check-ins
    (without one, a check-in waits for verification)."""
    return ServiceActivity.objects.create(
        org=org,
        title=title,
        place="县敬老院",
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        created_by=created_by,
    )


def current_activity(org, **extra) -> ServiceActivity:
    """Under way now, within today in Shanghai: from about 5 minutes ago to 5 minutes ahead,
    cut at the day's ends (whenever the test runs, the check-in window holds now)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    start = max(now - datetime.timedelta(minutes=5), midnight)
    end = min(
        now + datetime.timedelta(minutes=6), midnight + datetime.timedelta(hours=23, minutes=59)
    )
    return activity(org, start, end, **extra)


def coming_activity(org, **extra) -> ServiceActivity:
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=3)
    return activity(org, start, start + datetime.timedelta(hours=3), **extra)


def total(rows) -> Decimal:
    return sum((row.hours for row in rows), Decimal(0))
