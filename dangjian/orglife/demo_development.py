"""Demo data of the development part (filled by that part)."""

from __future__ import annotations

import datetime
import random

from dangjian.orgs.models import Organization


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Rows for the county under `root`; returns a short summary (empty: nothing built)."""
    return ""


def delete(prefix: str) -> None:
    """Remove the rows of the organizations under `prefix` (before they go)."""
