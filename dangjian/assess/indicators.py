"""Assessment's own indicators (lib.indicators): public satisfaction (群众评议) and department
KPI attainment (业绩评价指标), each kept with its part."""

from __future__ import annotations

from dangjian.assess.eval_indicators import INDICATORS as EVAL_INDICATORS
from dangjian.assess.kpi_indicators import INDICATORS as KPI_INDICATORS

INDICATORS = (*EVAL_INDICATORS, *KPI_INDICATORS)
