"""Honors' rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from dangjian.honors.tests import (
    matrix_commitment,
    matrix_exemplar,
    matrix_post,
    matrix_service,
    matrix_star,
)


def honors_cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import Case, every

    return [
        Case("honors:home", lambda c: reverse("honors:home"), every(200)),
        *matrix_exemplar.cases(),
        *matrix_service.cases(),
        *matrix_commitment.cases(),
        *matrix_post.cases(),
        *matrix_star.cases(),
    ]
