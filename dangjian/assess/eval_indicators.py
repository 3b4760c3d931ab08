"""The eval part's indicators (lib.indicators)."""

INDICATORS: tuple = ()
