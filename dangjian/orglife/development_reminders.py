"""Daily reminder of 发展党员 (AppConfig.reminders, run by `manage.py notices_daily`)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dangjian.notices.services import notice_send
from dangjian.orglife.development_selectors import SYSTEM, alerts
from dangjian.orgs.models import Person
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching

SUBJECTS = {
    "probation_ending": gettext_noop(
        "The probation of %(name)s (%(org)s) ends on %(date)s: prepare the vote"
    ),
    "talk_overdue": gettext_noop("%(name)s (%(org)s) applied; the talk was due by %(date)s"),
    "training_missing": gettext_noop(
        "%(name)s (%(org)s): the half-year record was due by %(date)s"
    ),
}


def development_reminders(today: datetime.date) -> int:
    """Each alert once (the key holds the person, the kind and the due date) to the nearest
    accounts that may change the person's organization."""
    sent = 0
    for alert in alerts(Person.objects.unscoped(SYSTEM), today):
        person = alert.person
        subject = _(SUBJECTS[alert.kind]) % {
            "name": person.name,
            "org": person.primary_org.name,
            "date": alert.due_on.isoformat(),
        }
        sent += len(
            notice_send(
                recipients=users_reaching(
                    person.primary_org.path, Action.CHANGE, nearest_only=True
                ),
                subject=subject,
                link=reverse("orglife:development-person", args=[person.pk]),
                due_on=alert.due_on,
                key=f"orglife.development.{alert.kind}:{person.pk}:{alert.due_on.isoformat()}",
            )
        )
    return sent
