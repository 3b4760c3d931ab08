"""Reminders of the service part (run daily by `manage.py notices_daily`):

- on the days of `rules_service.BEHIND_REMIND_DAYS` (the first day of the 2nd, 3rd and 4th
  quarters and of December), every member with an account whose verified hours this year are
  below the year's pace is told once (the key names the day);
- every day, for each organization with records pending longer than
  `rules_service.PENDING_REMIND_DAYS`, the secretaries of the nearest organization at or above
  it that has any are told once a week (the key names the organization and the ISO week).

Idempotent: a rerun sends nothing twice (notice keys).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.honors import rules_service as rules
from dangjian.honors import service_pace as pace
from dangjian.honors import service_selectors as selectors
from dangjian.honors.models import ServiceRecord
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, Person, User, path_ids
from dangjian.orgs.selectors import secretaries_at

SYSTEM = "the daily command reminds every member and secretary"


@transaction.atomic
def service_reminders(today: datetime.date) -> int:
    """Notices to members behind the year's pace and to secretaries with records waiting;
    returns how many."""
    sent = 0
    if (today.month, today.day) in rules.BEHIND_REMIND_DAYS:
        sent += _behind(today)
    return sent + _pending(today)


def _behind(today: datetime.date) -> int:
    # Up to yesterday: today's service may still be under way.
    by = today - datetime.timedelta(days=1)
    due = pace.expected_hours(today.year, by)
    people = Person.objects.unscoped(SYSTEM).filter(
        user__isnull=False,
        user__is_active=True,
        is_active=True,
        party_status__in=rules.MEMBER_STATUSES,
    )
    behind = selectors.with_hours(people, today.year).filter(verified_hours__lt=due)
    users = User.objects.filter(pk__in=behind.values("user_id"))
    subject = _(
        "党员百时奉献: your verified service hours this year are behind the pace — %(due)s "
        "hours were due by %(date)s (%(target)s a year)"
    ) % {"due": due, "date": by.isoformat(), "target": rules.TARGET_HOURS}
    return len(
        notice_send(
            recipients=users,
            subject=subject,
            link=reverse("honors:service-mine"),
            key=f"honors.service.behind:{today.isoformat()}",
        )
    )


def _pending(today: datetime.date) -> int:
    before = today - datetime.timedelta(days=rules.PENDING_REMIND_DAYS)
    waiting = dict(
        ServiceRecord.objects.unscoped(SYSTEM)
        .filter(status=ServiceRecord.Status.PENDING, created_at__date__lt=before)
        .values("org_id")
        .annotate(n=Count("pk"))
        .values_list("org_id", "n")
    )
    if not waiting:
        return 0
    orgs = list(Organization.objects.unscoped(SYSTEM).filter(pk__in=waiting))
    chains = {org.pk: list(reversed(path_ids(org.path))) for org in orgs}
    secretaries = secretaries_at({pk for chain in chains.values() for pk in chain})
    year, week, _day = today.isocalendar()
    sent = 0
    for org in orgs:
        nearest = next((pk for pk in chains[org.pk] if secretaries.get(pk)), None)
        if nearest is None:
            continue
        subject = _(
            "%(org)s: %(count)s service records have waited more than %(days)s days for "
            "verification"
        ) % {"org": org.name, "count": waiting[org.pk], "days": rules.PENDING_REMIND_DAYS}
        sent += len(
            notice_send(
                recipients=secretaries[nearest],
                subject=subject,
                link=reverse("honors:service-queue"),
                key=f"honors.service.pending:{org.pk}:{year}-W{week:02d}",
            )
        )
    return sent
