"""Daily reminders of monthly targets (run by `manage.py notices_daily`, AppConfig.reminders):

- before: from `rules_target.REMIND_DAYS_BEFORE` days before the month's deadline up to the
  deadline, each grassroots committee that has not submitted its month — its secretaries (the
  accounts holding a secretary grant at the committee) are told once (the notice key names the
  committee and the month; a day the command did not run is caught up the next);
- missing: from the day after the deadline to the month's end, the committees still missing
  are told once that they are late.

Idempotent: a rerun sends nothing twice (notice keys). The notices carry no `due_on`: they are
the reminders themselves, and the generic overdue mail of `send_due_reminders` would go on
telling a committee that has since submitted that it is late.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.assess import rules_target as rules
from dangjian.assess import target_selectors as selectors
from dangjian.assess.models import MonthlyTarget
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import secretaries_at

SYSTEM = "the daily command reminds every committee"


@transaction.atomic
def target_reminders(today: datetime.date) -> int:
    """Notices before the monthly-target deadline and the day after it; returns how many."""
    month = today.replace(day=1)
    deadline = selectors.deadline_of(month)
    before = deadline - datetime.timedelta(days=rules.REMIND_DAYS_BEFORE) <= today <= deadline
    after = today > deadline
    if not (before or after):
        return 0
    submitted = set(
        MonthlyTarget.objects.unscoped(SYSTEM)
        .filter(month=month, status=MonthlyTarget.Status.SUBMITTED)
        .values_list("org_id", flat=True)
    )
    orgs = [
        (pk, name)
        for pk, name in Organization.objects.unscoped(SYSTEM)
        .filter(selectors.grassroots_committees_q())
        .order_by("path")
        .values_list("pk", "name")
        if pk not in submitted
    ]
    if not orgs:
        return 0
    secretaries = secretaries_at([pk for pk, _name in orgs])
    sent = 0
    for pk, name in orgs:
        recipients = secretaries.get(pk)
        if not recipients:
            continue
        link = reverse("assess:target-mine") + f"?org={pk}&month={month:%Y-%m}"
        if before:
            subject = _("%(org)s: the monthly targets of %(month)s are due by %(date)s") % {
                "org": name,
                "month": f"{month:%Y-%m}",
                "date": f"{deadline:%Y-%m-%d}",
            }
            key = f"assess.target.due:{pk}:{month:%Y-%m}"
        else:
            subject = _(
                "%(org)s: the monthly targets of %(month)s were due on %(date)s and are missing"
            ) % {"org": name, "month": f"{month:%Y-%m}", "date": f"{deadline:%Y-%m-%d}"}
            key = f"assess.target.missing:{pk}:{month:%Y-%m}"
        sent += len(
            notice_send(
                recipients=recipients,
                subject=subject,
                link=link,
                key=key,
            )
        )
    return sent
