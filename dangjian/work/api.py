"""/api/v1/work/…: each part registers its endpoints on the project's router."""

from dangjian.work import plan_api, progress_api, project_api, rect_api, visit_api


def register(router) -> None:
    for part in (plan_api, progress_api, project_api, visit_api, rect_api):
        part.register(router)
