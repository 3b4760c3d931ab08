"""Demo data of honors (AppConfig.demo, called by `demo_county`): a year of exemplars, service
records, commitments, posts and stars, scaled by the county's size. Rows are written with
bulk_create: the 1,000-organization county must still build in < 90 s.
"""

from __future__ import annotations

import datetime
import random

from dangjian.honors import demo_commitment, demo_exemplar, demo_post, demo_service, demo_star
from dangjian.orgs.models import Organization

# Stars last: they read assessment's results and the other systems' indicators.
PARTS = (demo_exemplar, demo_service, demo_commitment, demo_post, demo_star)


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`; returns the summary line."""
    lines = [
        part.build(root, rng=random.Random(f"{seed}:{part.__name__}"), today=today)
        for part in PARTS
    ]
    lines = [line for line in lines if line]
    return "Honors: " + "; ".join(lines) if lines else ""


def delete_in_county(prefix: str) -> None:
    """Remove the honors rows under `prefix` (before the organizations go)."""
    for part in reversed(PARTS):
        part.delete(prefix)
