"""Work tracking's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from dangjian.work.tests import (
    fixtures,
    matrix_plan,
    matrix_progress,
    matrix_project,
    matrix_rect,
    matrix_visit,
)


def work_cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import A_VIEW_NO_MEMBER, Case, every

    return [
        Case("work:home", lambda c: reverse("work:home"), every(200)),
        # One file view for every part's files; each part's matrix adds its own kind's case
        # under a name of its own (the first row per URL name is this one).
        Case(
            "work:file",
            lambda c: reverse("work:file", args=["plan", fixtures.plan_attachment(c).pk]),
            # The member responsible for an item sees the plan, not its files.
            A_VIEW_NO_MEMBER,
        ),
        *matrix_plan.cases(),
        *matrix_progress.cases(),
        *matrix_project.cases(),
        *matrix_visit.cases(),
        *matrix_rect.cases(),
    ]
