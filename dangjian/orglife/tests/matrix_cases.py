"""Organization life's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from dangjian.orglife.tests import (
    matrix_development,
    matrix_dues,
    matrix_meeting,
    matrix_transfer,
)


def orglife_cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import Case, every

    return [
        Case("orglife:home", lambda c: reverse("orglife:home"), every(200)),
        *matrix_meeting.cases(),
        *matrix_development.cases(),
        *matrix_transfer.cases(),
        *matrix_dues.cases(),
    ]
