"""Assessment's own indicator (lib.indicators): public satisfaction (群众评议)."""

from __future__ import annotations

INDICATORS: tuple = ()
