"""Indicators of the service part (lib.indicators), collected by honors/indicators.py."""

from dangjian.lib.indicators import Indicator

INDICATORS: tuple[Indicator, ...] = ()
