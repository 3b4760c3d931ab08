"""Demo rows of the commitment part (called by honors.demo)."""

from __future__ import annotations

import datetime
import random

from dangjian.orgs.models import Organization


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """This part's rows for the year so far; returns its piece of the summary line."""
    return ""


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
