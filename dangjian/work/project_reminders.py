"""Daily reminder of key projects (项目化管理), run by `manage.py notices_daily` (listed in
WorkConfig.reminders).

- A milestone due within rules.DUE_SOON_DAYS days (today included), unmet: its responsible
  cadre's account is told once.
- A milestone whose date has passed unmet (the project is late): the responsible cadre and the
  nearest accounts that may change the project's organization are told once — for milestones
  that fell due in the last rules_project.STALE_REPORT_DAYS days, so a first run does not
  flood anyone with last year's misses.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.notices.services import notice_send
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import users_reaching
from dangjian.work import rules, rules_project
from dangjian.work.models import ProjectMilestone

SYSTEM = "a system command reminds every project's responsible cadre"


def project_reminders(today: datetime.date) -> int:
    """Notices sent today (milestone due soon, milestone late); returns how many."""
    soon = today + datetime.timedelta(days=rules.DUE_SOON_DAYS)
    since = today - datetime.timedelta(days=rules_project.STALE_REPORT_DAYS)
    rows = (
        ProjectMilestone.objects.unscoped(SYSTEM)
        .filter(
            met_on__isnull=True,
            project__finished_on__isnull=True,
            due_on__gte=since,
            due_on__lte=soon,
        )
        .select_related("project__org", "project__responsible__user")
        .order_by("due_on", "pk")
    )
    sent = 0
    for milestone in rows:
        project = milestone.project
        cadre = project.responsible.user
        params = {
            "project": project.title,
            "milestone": milestone.title,
            "date": milestone.due_on.isoformat(),
        }
        link = reverse("work:project-detail", args=[project.pk])
        if milestone.due_on >= today:
            if cadre is None:
                continue
            subject = _("Milestone “%(milestone)s” of “%(project)s” is due on %(date)s") % params
            recipients = [cadre]
            key = f"work.project.due:{milestone.pk}:{milestone.due_on}"
        else:
            subject = _("Milestone “%(milestone)s” of “%(project)s” was due on %(date)s") % params
            recipients = users_reaching(project.org.path, Action.CHANGE, nearest_only=True)
            recipients += [cadre] if cadre is not None else []
            key = f"work.project.late:{milestone.pk}:{milestone.due_on}"
        sent += len(
            notice_send(
                recipients=recipients,
                subject=subject,
                link=link,
                due_on=milestone.due_on,
                key=key,
            )
        )
    return sent
