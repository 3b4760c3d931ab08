"""Demo data of assessment (AppConfig.demo, called by `demo_county`): a year of rule sets,
rounds, monthly targets, bulletins, KPIs and evaluations, scaled by the county's size. Rows
are written with bulk_create: the 1,000-organization county must still build in < 90 s.
"""

from __future__ import annotations

import datetime

from dangjian.assess import demo_eval, demo_kpi, demo_round, demo_ruleset, demo_target
from dangjian.lib.demo_parts import build_parts, delete_parts
from dangjian.orgs.models import Organization

# Rule sets first: rounds score against them, KPIs may link to their items; evaluations
# before rounds would let the satisfaction indicator read them, but rounds read records
# through the indicators at scoring time, so evaluations come first.
PARTS = (demo_ruleset, demo_eval, demo_round, demo_target, demo_kpi)


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`; returns the summary line."""
    return build_parts("Assessment", PARTS, root, seed=seed, today=today)


def delete_in_county(prefix: str) -> None:
    """Remove this system's rows under `prefix` (before the organizations go)."""
    delete_parts(PARTS, prefix)
