"""/api/v1/assess/… and /api/v1/public/…: each part registers its endpoints on the router."""

from dangjian.assess import eval_api, kpi_api, round_api, ruleset_api, target_api


def register(router) -> None:
    for part in (ruleset_api, round_api, target_api, kpi_api, eval_api):
        part.register(router)
