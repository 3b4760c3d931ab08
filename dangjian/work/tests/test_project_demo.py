"""The demo's key projects: the root's eight with responsible cadres, statements and 4–6
milestones inside the year, reports on met milestones dated by them, a mix of statuses with
one at risk, 0–2 per township; removed with the county."""

import datetime

import pytest
from django.db.models import Count

from dangjian.orgs import demo
from dangjian.orgs.models import Organization
from dangjian.work import project_selectors as selectors
from dangjian.work.models import KeyProject, ProjectMilestone, ProjectReport

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_plausible_projects_and_reset_removes_them(django_user_model):
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Work tracking:")]
    assert "key projects:" in line
    root = Organization.objects.unscoped("test").get(depth=0)
    projects = KeyProject.objects.unscoped("test")
    root_projects = projects.filter(org=root)
    assert root_projects.count() == 8
    assert set(projects.values_list("year", flat=True)) == {2025}
    assert {"基层党建示范点创建", "软弱涣散党组织整顿", "党员教育培训"} <= set(
        root_projects.values_list("title", flat=True)
    )
    for project in projects.select_related("responsible__primary_org", "org"):
        assert project.statement
        assert project.responsible.primary_org.path.startswith(project.org.path)
    per_township = (
        projects.exclude(org=root)
        .values("org_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert all(1 <= n <= 2 for n in per_township)
    assert not projects.exclude(org=root).exclude(org__category="township").exists()
    milestones = ProjectMilestone.objects.unscoped("test")
    counts = milestones.values("project_id").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(counts) <= {4, 5, 6} and len(counts) == projects.count()
    assert not milestones.exclude(due_on__year=2025).exists()
    assert not milestones.filter(met_on__gt=TODAY).exists()
    assert not milestones.filter(due_on__gte=TODAY, met_on__isnull=False).exists()
    # One report per met milestone, on the day it was met (local time).
    reports = ProjectReport.objects.unscoped("test").select_related("milestone")
    assert reports.count() == milestones.filter(met_on__isnull=False).count() > 0
    for report in reports:
        assert (
            report.milestone.met_on
            == report.reported_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
        )
    statuses = [row.status for row in selectors.with_status(list(projects), TODAY)]
    assert "at_risk" in statuses and "late" in statuses and "on_track" in statuses
    at_risk = selectors.with_status(list(root_projects.filter(title="党员教育培训")), TODAY)
    assert at_risk[0].status == "at_risk"
    late = selectors.with_status(list(root_projects.filter(title="两新组织党建全覆盖")), TODAY)
    assert late[0].status == "late"

    demo.delete_county()
    assert not KeyProject.objects.unscoped("test").exists()
    assert not ProjectMilestone.objects.unscoped("test").exists()


def test_early_january_still_has_a_project_at_risk():
    today = datetime.date(2025, 1, 3)
    demo.build_county(orgs=40, members=300, seed=7, progress=False, today=today)
    root = Organization.objects.unscoped("test").get(depth=0)
    project = KeyProject.objects.unscoped("test").get(org=root, title="党员教育培训")
    assert selectors.with_status([project], today)[0].status == "at_risk"
