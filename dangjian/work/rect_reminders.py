"""Daily reminders of the rectification ledger, run by `manage.py notices_daily`."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.services import audit_record
from dangjian.work import tracking
from dangjian.work.models import Rectification
from dangjian.work.rect_services import responsible_users

SYSTEM = "a system command reminds every organization"


def _recipients(rect: Rectification) -> list:
    """The responsible person, and the nearest accounts that may change the organization's
    records (its secretary): someone is told even where nobody is named responsible."""
    users = {user.pk: user for user in responsible_users(rect)}
    for user in users_reaching(rect.org.path, Action.CHANGE, nearest_only=True):
        users.setdefault(user.pk, user)
    return list(users.values())


def rectification_reminders(today: datetime.date) -> int:
    """Notices sent today; returns how many.

    - due soon: open rows due from today to today + rules.DUE_SOON_DAYS, once per deadline
      (the notice key names the deadline);
    - overdue: open rows past their deadline (Asia/Shanghai), once per deadline: the first
      run that finds one sets `overdue_noticed_on` and audits "work.rectification.overdue";
      a new deadline clears it (rect_report).
    """
    rows = Rectification.objects.unscoped(SYSTEM).select_related("org")
    sent = 0
    for rect in list(rows.filter(tracking.due_soon_q(today))):
        subject = _("Rectification due on %(date)s: %(problem)s") % {
            "date": rect.deadline.isoformat(),
            "problem": str(rect),
        }
        sent += len(
            notice_send(
                recipients=_recipients(rect),
                subject=subject,
                link=reverse("work:rect-detail", args=[rect.pk]),
                due_on=rect.deadline,
                key=f"work.rect.due:{rect.pk}:{rect.deadline.isoformat()}",
            )
        )
    overdue = rows.filter(tracking.overdue_q(today), overdue_noticed_on__isnull=True)
    for rect in list(overdue):
        with transaction.atomic():
            subject = _("Rectification overdue since %(date)s: %(problem)s") % {
                "date": rect.deadline.isoformat(),
                "problem": str(rect),
            }
            sent += len(
                notice_send(
                    recipients=_recipients(rect),
                    subject=subject,
                    link=reverse("work:rect-detail", args=[rect.pk]),
                    due_on=rect.deadline,
                    key=f"work.rect.overdue:{rect.pk}:{rect.deadline.isoformat()}",
                )
            )
            Rectification.objects.unscoped(SYSTEM).filter(pk=rect.pk).update(
                overdue_noticed_on=today
            )
            audit_record(
                actor=None,
                action="work.rectification.overdue",
                target=rect,
                deadline=rect.deadline.isoformat(),
                days=(today - rect.deadline).days,
            )
    return sent
