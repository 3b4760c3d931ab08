"""Daily reminders of this part, run by `manage.py notices_daily`."""

from __future__ import annotations

import datetime


def rectification_reminders(today: datetime.date) -> int:
    """Notices sent today (due soon, overdue); returns how many."""
    return 0
