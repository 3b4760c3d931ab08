"""Daily reminders of monthly targets (run by `manage.py notices_daily`)."""

from __future__ import annotations

import datetime


def target_reminders(today: datetime.date) -> int:
    """Notices before the monthly-target deadline; returns how many were sent."""
    return 0
