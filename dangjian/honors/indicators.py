"""Honors' indicators for assessment (lib.indicators): each part contributes its own."""

from dangjian.honors.commitment_indicators import INDICATORS as COMMITMENT_INDICATORS
from dangjian.honors.service_indicators import INDICATORS as SERVICE_INDICATORS

INDICATORS = (*SERVICE_INDICATORS, *COMMITMENT_INDICATORS)
