"""Demo data of work tracking (AppConfig.demo, called by `demo_county`): a plausible year of
plans with their progress, key projects, contact visits and rectification ledgers, scaled by
the county's size. Rows are written with bulk_create: the 1,000-organization county must still
build in < 90 s.
"""

from __future__ import annotations

import datetime
import random

from dangjian.orgs.models import Organization
from dangjian.work import demo_plan, demo_progress, demo_project, demo_rect, demo_visit

# Plans first: progress reports on their items; projects may carry out a plan item.
PARTS = (demo_plan, demo_progress, demo_project, demo_visit, demo_rect)


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
    return "Work tracking: " + "; ".join(lines) if lines else ""


def delete_in_county(prefix: str) -> None:
    """Remove the work-tracking rows under `prefix` (before the organizations go)."""
    for part in reversed(PARTS):
        part.delete(prefix)
