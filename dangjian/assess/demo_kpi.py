"""Demo rows of the kpi part (called by assess.demo)."""

from __future__ import annotations

import datetime
import random

from dangjian.orgs.models import Organization


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns a summary fragment ("" if none)."""
    return ""


def delete(prefix: str) -> None:
    """Remove this part's rows under the org path `prefix`."""
