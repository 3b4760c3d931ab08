"""Assessment's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from dangjian.assess.tests import (
    matrix_eval,
    matrix_kpi,
    matrix_round,
    matrix_ruleset,
    matrix_target,
)


def assess_cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import Case, every

    return [
        Case("assess:home", lambda c: reverse("assess:home"), every(200)),
        *matrix_ruleset.cases(),
        *matrix_round.cases(),
        *matrix_target.cases(),
        *matrix_kpi.cases(),
        *matrix_eval.cases(),
    ]
