"""Demo data of work tracking (AppConfig.demo, called by `demo_county`): a plausible year of
plans with their progress, key projects, contact visits and rectification ledgers, scaled by
the county's size. Rows are written with bulk_create: the 1,000-organization county must still
build in < 90 s.
"""

from __future__ import annotations

import datetime

from dangjian.lib.demo_parts import build_parts, delete_parts
from dangjian.orgs.models import Organization
from dangjian.work import demo_plan, demo_progress, demo_project, demo_rect, demo_visit

# Plans first: progress reports on their items; projects may carry out a plan item.
PARTS = (demo_plan, demo_progress, demo_project, demo_visit, demo_rect)


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`; returns the summary line."""
    return build_parts("Work tracking", PARTS, root, seed=seed, today=today)


def delete_in_county(prefix: str) -> None:
    """Remove this system's rows under `prefix` (before the organizations go)."""
    delete_parts(PARTS, prefix)
