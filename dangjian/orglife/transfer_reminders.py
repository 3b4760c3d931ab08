"""Daily reminders of 组织关系转接, run by `manage.py notices_daily` (apps.py `reminders`)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.models import Transfer
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching


def transfer_expiry_reminders(today: datetime.date) -> int:
    """A letter about to expire → the receiving organization (accept or return it in time);
    a letter expired undecided → the sender (cancel it and issue a new one). Once each."""
    pending = (
        Transfer.objects.unscoped("a system command reminds every organization")
        .filter(status=Transfer.Status.ISSUED)
        .select_related("person", "from_org", "to_org")
    )
    sent = 0
    for transfer in pending.iterator():
        values = {
            "person": transfer.person.name,
            "number": transfer.letter_number,
            "date": transfer.valid_until.isoformat(),
        }
        link = reverse("orglife:transfer-detail", args=[transfer.pk])
        if transfer.is_expired(today):
            org, key = transfer.from_org, f"orglife.transfer.expired:{transfer.pk}"
            subject = _(
                "Letter %(number)s (%(person)s) expired on %(date)s undecided: cancel it and "
                "issue a new one"
            )
        elif transfer.to_org_id and (transfer.valid_until - today).days <= (
            rules.REMIND_DAYS_BEFORE_EXPIRY
        ):
            org, key = transfer.to_org, f"orglife.transfer.expiring:{transfer.pk}"
            subject = _("Letter %(number)s (%(person)s) expires on %(date)s: accept or return it")
        else:
            continue
        sent += len(
            notice_send(
                recipients=users_reaching(org.path, Action.CHANGE, nearest_only=True),
                subject=subject % values,
                link=link,
                due_on=transfer.valid_until,
                key=key,
            )
        )
    return sent
