"""Demo data of organization life (AppConfig.demo, called by `demo_county`): a plausible year
of meetings, a development pipeline, transfers and dues, scaled by the county's size.

Rows are written with bulk_create: the 1,000-organization county must still build in < 90 s.
"""

from __future__ import annotations

import datetime
import random

from dangjian.orglife import demo_development, demo_dues, demo_meeting, demo_transfer
from dangjian.orgs.models import Organization

# Transfers first: they move people between branches, and the meetings' attendance, the
# committees (7 full members) and the dues rolls are built on where people are after it.
PARTS = (demo_transfer, demo_meeting, demo_development, demo_dues)


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`; returns the summary line."""
    # Each part's own random stream (seeded by its name): reordering the parts or adding one
    # changes no other part's rows.
    lines = [
        part.build(root, rng=random.Random(f"{seed}:{part.__name__}"), today=today)
        for part in PARTS
    ]
    lines = [line for line in lines if line]
    return "Organization life: " + "; ".join(lines) if lines else ""


def delete_in_county(prefix: str) -> None:
    """Remove the organization-life rows under `prefix` (before the organizations go)."""
    for part in reversed(PARTS):
        part.delete(prefix)
