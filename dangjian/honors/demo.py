"""Demo data of honors (AppConfig.demo, called by `demo_county`): a year of exemplars, service
records, commitments, posts and stars, scaled by the county's size. Rows are written with
bulk_create: the 1,000-organization county must still build in < 90 s.
"""

from __future__ import annotations

import datetime

from dangjian.honors import demo_commitment, demo_exemplar, demo_post, demo_service, demo_star
from dangjian.lib.demo_parts import build_parts, delete_parts
from dangjian.orgs.models import Organization

# Stars last: they read assessment's results and the other systems' indicators.
PARTS = (demo_exemplar, demo_service, demo_commitment, demo_post, demo_star)


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`; returns the summary line."""
    return build_parts("Honors", PARTS, root, seed=seed, today=today)


def delete_in_county(prefix: str) -> None:
    """Remove this system's rows under `prefix` (before the organizations go)."""
    delete_parts(PARTS, prefix)
