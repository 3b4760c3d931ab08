"""Demo data of organization life (AppConfig.demo, called by `demo_county`): a plausible year
of meetings, a development pipeline, transfers and dues, scaled by the county's size.

Rows are written with bulk_create: the 1,000-organization county must still build in < 90 s.
"""

from __future__ import annotations

import datetime

from dangjian.lib.demo_parts import build_parts, delete_parts
from dangjian.orglife import demo_development, demo_dues, demo_meeting, demo_transfer
from dangjian.orgs.models import Organization

# Transfers first: they move people between branches, and the meetings' attendance, the
# committees (7 full members) and the dues rolls are built on where people are after it.
PARTS = (demo_transfer, demo_meeting, demo_development, demo_dues)


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`; returns the summary line."""
    return build_parts("Organization life", PARTS, root, seed=seed, today=today)


def delete_in_county(prefix: str) -> None:
    """Remove this system's rows under `prefix` (before the organizations go)."""
    delete_parts(PARTS, prefix)
