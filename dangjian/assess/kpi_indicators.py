"""The kpi part's indicators (lib.indicators)."""

INDICATORS: tuple = ()
