"""Daily reminder of the meeting ledger, run by `manage.py notices_daily`."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.meeting_selectors import full_member_counts
from dangjian.orglife.models import Meeting, MeetingKind
from dangjian.orgs.models import PATH_SEPARATOR, Organization
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching


def committee_meeting_reminders(today: datetime.date) -> int:
    """From the COMMITTEE_REMINDER_DAY of the month on, each branch with a committee (and each
    总支) that has not held its monthly 支部委员会 this month is told once (the key names the
    organization and month) — its nearest accounts that may record it, usually its own
    secretary."""
    if today.day < rules.COMMITTEE_REMINDER_DAY:
        return 0
    month_start = today.replace(day=1)
    held = Meeting.objects.unscoped("a system command checks every organization").filter(
        kind=MeetingKind.COMMITTEE, held_on__gte=month_start, held_on__lte=today
    )
    due = (
        Organization.objects.unscoped("a system command reminds every organization")
        .filter(is_active=True, org_type__in=rules.RULES[MeetingKind.COMMITTEE].org_types)
        .exclude(pk__in=held.values("org_id"))
        .order_by("path")
    )
    full = full_member_counts(PATH_SEPARATOR, month_start)
    link = reverse("orglife:meeting-create")
    sent = 0
    for org in due.iterator():
        if not rules.required_times(MeetingKind.COMMITTEE, org.org_type, full.get(org.pk, 0)):
            continue  # a small branch has a secretary, no committee (Art. 26)
        subject = _("%(org)s has not held its branch committee meeting for %(month)s yet") % {
            "org": org.name,
            "month": f"{today:%Y-%m}",
        }
        sent += len(
            notice_send(
                recipients=users_reaching(org.path, Action.CHANGE, nearest_only=True),
                subject=subject,
                link=f"{link}?org={org.pk}&kind=committee",
                due_on=(month_start + datetime.timedelta(days=32)).replace(day=1)
                - datetime.timedelta(days=1),
                key=f"orglife.meeting.committee:{org.pk}:{today:%Y-%m}",
            )
        )
    return sent
