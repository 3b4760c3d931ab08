"""Daily reminders of work items, run by `manage.py notices_daily` (AppConfig.reminders):

- due soon: an open item of a published plan due within rules.DUE_SOON_DAYS days (today
  included) — its responsible person's account and the nearest accounts that may change the
  item's organization are told once per item and deadline (the notice key);
- overdue: an open item whose deadline lies before today (Asia/Shanghai) and that was not yet
  noticed for this deadline — `overdue_noticed_on` is set, the event audited
  ("work.item.overdue"), the owner and the plan's organization told.

Idempotent: a second run the same day (or the next) sends nothing new; a moved deadline clears
`overdue_noticed_on`, so the new deadline earns its own notices.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.service_base import audit_record_many
from dangjian.work import tracking
from dangjian.work.models import PlanStatus, WorkItem

SYSTEM = "the daily command reminds of every item"


def _items():
    return (
        WorkItem.objects.unscoped(SYSTEM)
        .filter(plan__status=PlanStatus.PUBLISHED)
        .select_related("org", "plan__org", "owner__user")
        .order_by("deadline", "pk")
    )


class _Recipients:
    """Who is told, read once per organization during a run."""

    def __init__(self) -> None:
        self.nearest: dict[str, list[User]] = {}

    def of_org(self, path: str) -> list[User]:
        if path not in self.nearest:
            self.nearest[path] = users_reaching(path, Action.CHANGE, nearest_only=True)
        return self.nearest[path]

    @staticmethod
    def owner(item: WorkItem) -> list[User]:
        account = item.owner.user if item.owner_id and item.owner.user_id else None
        return [account] if account is not None else []


def _merge(*groups: list[User]) -> list[User]:
    return list({user.pk: user for group in groups for user in group}.values())


@transaction.atomic
def item_reminders(today: datetime.date) -> int:
    """Notices sent today (due soon, overdue); returns how many."""
    recipients = _Recipients()
    sent = 0
    for item in _items().filter(tracking.due_soon_q(today)):
        subject = _("“%(item)s” (%(org)s) is due on %(date)s") % {
            "item": item.title,
            "org": item.org.name,
            "date": date_format(item.deadline),
        }
        sent += len(
            notice_send(
                recipients=_merge(recipients.owner(item), recipients.of_org(item.org.path)),
                subject=subject,
                link=reverse("work:item-report", args=[item.pk]),
                due_on=item.deadline,
                key=f"work.item.due:{item.pk}:{item.deadline.isoformat()}",
            )
        )
    overdue = list(_items().filter(tracking.overdue_q(today), overdue_noticed_on__isnull=True))
    for item in overdue:
        subject = _(
            "“%(item)s” (%(org)s) is overdue since %(date)s: report the reason, measures and "
            "a new deadline"
        ) % {"item": item.title, "org": item.org.name, "date": date_format(item.deadline)}
        sent += len(
            notice_send(
                recipients=_merge(recipients.owner(item), recipients.of_org(item.plan.org.path)),
                subject=subject,
                link=reverse("work:item-report", args=[item.pk]),
                key=f"work.item.overdue:{item.pk}:{item.deadline.isoformat()}",
            )
        )
    if overdue:
        WorkItem.objects.unscoped(SYSTEM).filter(pk__in=[item.pk for item in overdue]).update(
            overdue_noticed_on=today
        )
        audit_record_many(
            actor=None,
            action="work.item.overdue",
            targets=overdue,
            data=[
                {"deadline": item.deadline.isoformat(), "days": (today - item.deadline).days}
                for item in overdue
            ],
        )
    return sent
