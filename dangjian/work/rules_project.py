"""The status rule of key projects (项目化管理), computed — never stored — from the milestones,
the last progress report and today's date in Asia/Shanghai (`tracking.local_today()`).

The rule, in the order it is applied:
1. finished (已完成) — the project's `finished_on` is set;
2. late (滞后) — a milestone's date has passed (it lies before today) and it is not met;
3. at risk (有风险) — an unmet milestone falls due within AT_RISK_DAYS (today included, up to
   today + AT_RISK_DAYS) and no progress was reported within STALE_REPORT_DAYS (a report on
   today − STALE_REPORT_DAYS still counts); or the last milestone met was met after its date;
4. on track (正常推进) — otherwise.

Source: the county organization department's published system runs eight party-building
tasks as projects, each with a responsible cadre and a target-responsibility statement
(目标责任书), and asks for progress to be reported on time. It names no numbers: AT_RISK_DAYS
and STALE_REPORT_DAYS are ours, settings a county may change here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

# An unmet milestone due within this many days makes a project without recent reports at risk.
AT_RISK_DAYS = 14
# A report older than this many days is no longer "recent".
STALE_REPORT_DAYS = 30
# Project files (the signed statement, evidence): rules.EVIDENCE, shared with the other
# ledgers.
# A project's year: from this one to next year (planned ahead in December).
YEAR_MIN = 2000
# Milestones of one project (the county's projects have four to six).
MILESTONES_MAX = 24


class ProjectStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")  # 正常推进
    AT_RISK = "at_risk", _("At risk")  # 有风险
    LATE = "late", _("Late")  # 滞后
    FINISHED = "finished", _("Finished")  # 已完成


# The board's columns, left to right.
BOARD_ORDER = (
    ProjectStatus.ON_TRACK,
    ProjectStatus.AT_RISK,
    ProjectStatus.LATE,
    ProjectStatus.FINISHED,
)


def project_status(
    *,
    finished_on: datetime.date | None,
    milestones: Iterable[tuple[datetime.date, datetime.date | None]],
    last_report_on: datetime.date | None,
    today: datetime.date,
) -> ProjectStatus:
    """The status of one project: `milestones` are (due_on, met_on) pairs."""
    if finished_on is not None:
        return ProjectStatus.FINISHED
    rows = sorted(milestones)
    unmet = [due for due, met in rows if met is None]
    if any(due < today for due in unmet):
        return ProjectStatus.LATE
    soon = today + datetime.timedelta(days=AT_RISK_DAYS)
    recent = last_report_on is not None and last_report_on >= today - datetime.timedelta(
        days=STALE_REPORT_DAYS
    )
    if any(due <= soon for due in unmet) and not recent:
        return ProjectStatus.AT_RISK
    met = [(due, met) for due, met in rows if met is not None]
    if met and met[-1][1] > met[-1][0]:
        return ProjectStatus.AT_RISK
    return ProjectStatus.ON_TRACK
