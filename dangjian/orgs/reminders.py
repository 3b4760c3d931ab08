"""Daily reminders of the orgs app, run by `manage.py notices_daily`."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orgs import rules
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching


def terms_due_reminders(today: datetime.date) -> int:
    """换届提醒: a term that ends within the notice window (or has ended) is announced once
    per term to the nearest accounts that may change the organization."""
    horizon = today + datetime.timedelta(days=rules.TERM_NOTICE_DAYS)
    due = Organization.objects.unscoped("a system command reminds every organization").filter(
        is_active=True, term_ends_on__lte=horizon
    )
    sent = 0
    for org in due.iterator():
        ended = org.term_ends_on < today
        subject = (
            _("The term of %(org)s ended on %(date)s: hold the election")
            if ended
            else _("The term of %(org)s ends on %(date)s: prepare the election")
        ) % {"org": org.name, "date": org.term_ends_on.isoformat()}
        sent += len(
            notice_send(
                recipients=users_reaching(org.path, Action.CHANGE, nearest_only=True),
                subject=subject,
                link=reverse("orgs:org-detail", args=[org.pk]),
                due_on=org.term_ends_on,
                key=f"orgs.term_due:{org.pk}:{org.term_ends_on.isoformat()}",
            )
        )
    return sent
