"""Key projects' rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and the
project the project tests start from.

Village A1's project has person_a (member_a) as its responsible cadre: A's chain sees and
changes it, the member sees it and reports on it (but may not change or finish it), township
B's people get 404 whatever the method.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.work.tracking import local_today


def project(county, org=None, *, responsible=None, milestones=None, met=False, **extra):
    """Village A1's key project for this year, person_a responsible, created by the superuser;
    by default one milestone on 31 December; `met` marks every milestone met today."""
    from dangjian.work import project_services
    from dangjian.work.models import ProjectMilestone

    year = local_today().year
    fields = {
        "year": year,
        "title": "甲一村基层党建示范点创建",
        "statement": "年底前建成县级示范点，责任人对目标负责。",
    } | extra
    row = project_services.project_create(
        actor=county.superuser,
        org=org or county.village_a1,
        responsible=responsible or county.person_a,
        milestones=milestones or [(datetime.date(fields["year"], 12, 31), "通过验收")],
        **fields,
    )
    if met:
        ProjectMilestone.objects.unscoped("test").filter(project=row).update(met_on=local_today())
    return row


def form_fields(county, **extra) -> dict:
    """The create/edit form for village A1's project with one milestone row."""
    year = local_today().year
    return {
        "org": county.village_a1.pk,
        "year": year,
        "title": "甲一村软弱涣散党组织整顿",
        "responsible": county.person_a.pk,
        "statement": "年内完成整顿转化。",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "24",
        "milestones-0-due_on": f"{year}-12-31",
        "milestones-0-title": "验收销号",
    } | extra


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_WRITERS,
        WRITERS,
        Case,
        api,
        every,
    )

    # The responsible cadre (member_a) reports too.
    reporters = A_WRITERS | {"member_a"}
    reported = A_VIEW | {p: 302 for p in reporters}
    api_reported = api(A_VIEW | {p: 201 for p in reporters})

    return [
        Case("work:project-board", lambda c: reverse("work:project-board"), every(200)),
        Case(
            "work:project-create",
            lambda c: reverse("work:project-create"),
            WRITERS,
            post=A_CREATED,
            payload=form_fields,
            writers=A_WRITERS,
        ),
        Case(
            "work:project-detail",
            lambda c: reverse("work:project-detail", args=[project(c).pk]),
            A_VIEW,
        ),
        Case(
            "work:project-edit",
            lambda c: reverse("work:project-edit", args=[project(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: form_fields(c, title="改过的项目名称"),
            writers=A_WRITERS,
        ),
        Case(
            "work:project-report",
            lambda c: reverse("work:project-report", args=[project(c).pk]),
            A_VIEW,
            post=reported,
            payload=lambda c: {"text": "完成阵地改造"},
            writers=reporters,
        ),
        Case(
            "work:project-finish",
            lambda c: reverse("work:project-finish", args=[project(c, met=True).pk]),
            A_CHANGE,
            post=A_CHANGED,
            writers=A_WRITERS,
        ),
        Case(
            "api:work-project-list",
            lambda c: reverse("api:work-project-list"),
            api(every(200)),
            post=api(every(405)),
            why="projects are created on the pages; the API lists and reports",
        ),
        Case(
            "api:work-project-detail",
            lambda c: reverse("api:work-project-detail", args=[project(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            why="a project is read here; progress is POSTed to …/reports",
        ),
        Case(
            "api:work-project-reports",
            lambda c: reverse("api:work-project-reports", args=[project(c).pk]),
            api(every(405)),
            post=api_reported,
            payload=lambda c: {"text": "完成阵地改造"},
            writers=reporters,
            json=True,
            why="reports are written, never read here (the detail lists them)",
        ),
    ]
