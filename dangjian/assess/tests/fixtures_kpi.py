"""Rows the kpi tests start from, written with the ORM so each test states its rows."""

from __future__ import annotations

import datetime
from decimal import Decimal


def kpi(county, org=None, *, name="学校党组织覆盖率", target="95", direction="higher", **extra):
    """A monthly KPI of township A (a unit by rules_kpi), unless `org` says otherwise."""
    from dangjian.assess.models import Kpi

    fields = {"unit_of_measure": "%", "frequency": "month", "position": 1} | extra
    return Kpi.objects.create(
        org=org or county.township_a,
        name=name,
        target=Decimal(target),
        direction=direction,
        **fields,
    )


def value(kpi_row, start: datetime.date, amount, note: str = ""):
    from dangjian.assess.models import KpiValue

    return KpiValue.objects.create(
        kpi=kpi_row, period_start=start, value=Decimal(str(amount)), note=note
    )
