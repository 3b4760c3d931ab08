"""Demo rows of the progress part (called by dangjian.work.demo)."""

from __future__ import annotations

import datetime
import random

from dangjian.orgs.models import Organization


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns its summary (empty: nothing)."""
    return ""


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
