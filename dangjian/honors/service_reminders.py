"""Reminders of the service part (run by `manage.py notices_daily`)."""

from __future__ import annotations

import datetime


def service_reminders(today: datetime.date) -> int:
    """Notices to members behind the year's pace of service hours; returns how many."""
    return 0
