"""Reads of key projects (项目化管理): the scoped list with each project's status computed in
bulk (one query for the projects, one for their milestones, one for their last reports — never
one per project), the board grouped by status, and one project with its milestones, reports
and files."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action
from dangjian.work import rules_project as rules
from dangjian.work.models import KeyProject, ProjectFile, ProjectMilestone, ProjectReport
from dangjian.work.tracking import local_today


@dataclass(frozen=True)
class ProjectFilters:
    under: Organization | None = None  # the organization's subtree
    year: int | None = None
    status: str = ""  # one of rules.ProjectStatus, or "" for all


@dataclass
class ProjectRow:
    """A project with what the board and the list show of it."""

    project: KeyProject
    status: rules.ProjectStatus
    milestones: list[ProjectMilestone] = field(default_factory=list)
    last_report_on: datetime.date | None = None

    @property
    def next_milestone(self) -> ProjectMilestone | None:
        return next((row for row in self.milestones if row.met_on is None), None)

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.milestones if row.met_on is not None)


def project_queryset(user: User, action: str = Action.VIEW) -> QuerySet[KeyProject]:
    return KeyProject.objects.visible_to(user, action)


def project_get(user: User, pk: int, action: str = Action.VIEW) -> KeyProject:
    """One project in the user's reach (404 otherwise)."""
    return get_object_or_404(
        project_queryset(user, action).select_related("org", "responsible", "item"), pk=pk
    )


def _filtered(user: User, filters: ProjectFilters) -> QuerySet[KeyProject]:
    projects = project_queryset(user).select_related("org", "responsible")
    if filters.under is not None:
        projects = projects.filter(org__path__startswith=filters.under.path)
    if filters.year:
        projects = projects.filter(year=filters.year)
    return projects.order_by("-year", "org__path", "pk")


def with_status(projects: list[KeyProject], today: datetime.date | None = None) -> list[ProjectRow]:
    """Rows with status for already-scoped `projects`: two queries, however many there are."""
    today = today or local_today()
    ids = [project.pk for project in projects]
    milestones: dict[int, list[ProjectMilestone]] = {pk: [] for pk in ids}
    if ids:
        for row in (
            ProjectMilestone.objects.unscoped("milestones of projects read through visible_to")
            .filter(project_id__in=ids)
            .order_by("due_on", "pk")
        ):
            milestones[row.project_id].append(row)
    last: dict[int, datetime.date] = {}
    if ids:
        latest = (
            ProjectReport.objects.unscoped("reports of projects read through visible_to")
            .filter(project_id__in=ids)
            .values("project_id")
            .annotate(last=Max("reported_at"))
            .values_list("project_id", "last")
        )
        last = {pk: timezone.localdate(moment) for pk, moment in latest}
    rows = []
    for project in projects:
        status = rules.project_status(
            finished_on=project.finished_on,
            milestones=[(row.due_on, row.met_on) for row in milestones[project.pk]],
            last_report_on=last.get(project.pk),
            today=today,
        )
        rows.append(ProjectRow(project, status, milestones[project.pk], last.get(project.pk)))
    return rows


def project_list(
    user: User, filters: ProjectFilters, today: datetime.date | None = None
) -> list[ProjectRow]:
    """The projects in reach, filtered, with status computed (the status filter is applied
    after the computation: the status is not stored)."""
    rows = with_status(list(_filtered(user, filters)), today)
    if filters.status:
        rows = [row for row in rows if row.status == filters.status]
    return rows


def project_board(
    user: User, filters: ProjectFilters, today: datetime.date | None = None
) -> list[tuple[rules.ProjectStatus, list[ProjectRow]]]:
    """The board's columns (on track, at risk, late, finished), each with its cards."""
    columns: dict[str, list[ProjectRow]] = {status: [] for status in rules.BOARD_ORDER}
    for row in project_list(user, filters, today):
        columns[row.status].append(row)
    return [(status, columns[status]) for status in rules.BOARD_ORDER]


def project_row(project: KeyProject, today: datetime.date | None = None) -> ProjectRow:
    return with_status([project], today)[0]


def reports_of(project: KeyProject) -> list[ProjectReport]:
    return list(
        ProjectReport.objects.unscoped("the reports of a project read through visible_to")
        .filter(project=project)
        .select_related("reported_by", "milestone")
        .order_by("-reported_at", "-pk")
    )


def files_of(project: KeyProject) -> list[ProjectFile]:
    return list(
        ProjectFile.objects.unscoped("the files of a project read through visible_to")
        .filter(project=project)
        .order_by("pk")
    )


def years_of(user: User) -> list[int]:
    """The years holding projects in reach (the board's year filter)."""
    years = set(project_queryset(user).order_by().values_list("year", flat=True).distinct())
    years.add(local_today().year)
    return sorted(years, reverse=True)
