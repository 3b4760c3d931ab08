"""The kpi part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Township A keeps a KPI (township A is a unit by rules_kpi): A's chain sees and changes it;
township B's people get 404 whatever the method; the member is not township A's recorded
secretary and reaches no subtree, so township A's unit and its KPIs are a 404 for them too.
"""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone


def a_kpi(county):
    from dangjian.assess.tests import fixtures_kpi

    return fixtures_kpi.kpi(county)


def _kpi_fields(county) -> dict:
    return {
        "name": "党员教育培训覆盖率",
        "unit_of_measure": "%",
        "direction": "higher",
        "target": "95",
        "frequency": "month",
        "rule_item": "",
    }


def _sheet(county) -> dict:
    """An .xlsx of one good row for township A's KPI (made by the URL's lambda)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["指标名称", "期间", "数值", "备注"])
    book.active.append(["学校党组织覆盖率", f"{timezone.localdate():%Y-%m}", 96, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return {"file": SimpleUploadedFile("kpi.xlsx", buffer.getvalue())}


def _board(name: str):
    return lambda c: reverse(name, args=[a_kpi(c).org_id])


def _kpi(name: str):
    return lambda c: reverse(name, args=[a_kpi(c).pk])


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        Case,
        api,
        every,
    )

    a_changed = A_VIEW_NO_MEMBER | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
    a_created = A_VIEW_NO_MEMBER | {"superuser": 201, "dept_admin": 201, "secretary_a": 201}
    month = lambda: f"{timezone.localdate():%Y-%m}"  # noqa: E731

    return [
        Case("assess:kpi-units", lambda c: reverse("assess:kpi-units"), every(200)),
        Case("assess:kpi-board", _board("assess:kpi-board"), A_VIEW_NO_MEMBER),
        Case(
            "assess:kpi-create",
            _board("assess:kpi-create"),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=_kpi_fields,
            writers=A_WRITERS,
        ),
        Case(
            "assess:kpi-import",
            _board("assess:kpi-import"),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=_sheet,
            writers=A_WRITERS,
        ),
        Case(
            "assess:kpi-export",
            _board("assess:kpi-export"),
            A_VIEW_NO_MEMBER,
            why="an export reads: GET only",
        ),
        Case("assess:kpi-detail", _kpi("assess:kpi-detail"), A_VIEW_NO_MEMBER),
        Case(
            "assess:kpi-edit",
            _kpi("assess:kpi-edit"),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=lambda c: _kpi_fields(c) | {"name": "覆盖率", "target": "97"},
            writers=A_WRITERS,
        ),
        Case(
            "assess:kpi-deactivate",
            _kpi("assess:kpi-deactivate"),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            writers=A_WRITERS,
        ),
        Case(
            "assess:kpi-value",
            _kpi("assess:kpi-value"),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=lambda c: {"period": month(), "value": "96", "note": ""},
            writers=A_WRITERS,
        ),
        Case(
            "api:assess-kpi-list",
            lambda c: reverse("api:assess-kpi-list"),
            api(every(200)),
            # Township A's unit: out of sight for township B and the member (404).
            post=api(a_created),
            payload=lambda c: {
                "org": c.township_a.pk,
                "name": "党员教育培训覆盖率",
                "unit_of_measure": "%",
                "direction": "higher",
                "target": "95",
                "frequency": "month",
            },
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:assess-kpi-detail",
            _kpi("api:assess-kpi-detail"),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="a KPI is changed on its page; the API enters values",
        ),
        Case(
            "api:assess-kpi-values",
            _kpi("api:assess-kpi-values"),
            api(every(405)),
            post=api(a_created),
            payload=lambda c: {"period": month(), "value": "96"},
            writers=A_WRITERS,
            json=True,
            why="values are posted; they are read in the KPI's detail",
        ),
    ]
