"""Daily reminders of the study system, run by `manage.py notices_daily`."""

from __future__ import annotations

import calendar
import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import Person, User
from dangjian.study import rules
from dangjian.study.models import Note
from dangjian.study.progress import HANDED_IN


def month_end_reminders(today: datetime.date) -> int:
    """In the last days of the month, remind every member with an account who has handed in
    no note this month, or whose returned note waits for revision (once per month each)."""
    last_day = calendar.monthrange(today.year, today.month)[1]
    if last_day - today.day > rules.REMINDER_DAYS_BEFORE_MONTH_END:
        return 0
    month = today.replace(day=1)
    notes = Note.objects.unscoped("a system command reminds every member")
    handed_in = notes.filter(month=month, status__in=HANDED_IN).values("author_id")
    returned = notes.filter(status=Note.Status.RETURNED).values("author_id")
    people = Person.objects.unscoped("a system command reminds every member").filter(
        is_active=True, user__is_active=True
    )
    due_on = today.replace(day=last_day)
    link = reverse("study:home")
    sent = 0
    for subject, key, who in (
        (
            _("Hand in this month's study notes by %(date)s"),
            "study.month_notes",
            people.exclude(pk__in=handed_in),
        ),
        (
            _("A returned note waits for your revision (month ends %(date)s)"),
            "study.returned",
            people.filter(pk__in=returned),
        ),
    ):
        recipients = User.objects.filter(person__in=who.values("pk"))
        sent += len(
            notice_send(
                recipients=recipients.iterator(),
                subject=subject % {"date": due_on.isoformat()},
                link=link,
                due_on=due_on,
                key=f"{key}:{month.isoformat()}",
            )
        )
    return sent
