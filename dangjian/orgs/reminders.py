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
    per term to the nearest accounts that may change the organization, and to the level
    above (the nearest accounts that approve for it: a delayed or early election needs that
    level's approval, 基层组织选举工作条例 第三条) — each account once."""
    horizon = today + datetime.timedelta(days=rules.TERM_NOTICE_DAYS)
    due = Organization.objects.unscoped("a system command reminds every organization").filter(
        is_active=True, term_ends_on__lte=horizon
    )
    sent = 0
    for org in due.iterator():
        ended = org.term_ends_on < today
        values = {"org": org.name, "date": org.term_ends_on.isoformat()}
        subject = (
            _("The term of %(org)s ended on %(date)s: hold the election")
            if ended
            else _("The term of %(org)s ends on %(date)s: prepare the election")
        ) % values
        link = reverse("orgs:org-detail", args=[org.pk])
        own = users_reaching(org.path, Action.CHANGE, nearest_only=True)
        sent += len(
            notice_send(
                recipients=own,
                subject=subject,
                link=link,
                due_on=org.term_ends_on,
                key=f"orgs.term_due:{org.pk}:{org.term_ends_on.isoformat()}",
            )
        )
        told = {user.pk for user in own}
        above = [
            user
            for user in users_reaching(org.path, Action.APPROVE, nearest_only=True)
            if user.pk not in told
        ]
        above_subject = (
            _("The term of %(org)s, below you, ended on %(date)s: see that it holds the election")
            if ended
            else _(
                "The term of %(org)s, below you, ends on %(date)s: "
                "see that it prepares the election"
            )
        ) % values
        sent += len(
            notice_send(
                recipients=above,
                subject=above_subject,
                link=link,
                due_on=org.term_ends_on,
                key=f"orgs.term_due.above:{org.pk}:{org.term_ends_on.isoformat()}",
            )
        )
    return sent
