"""/api/v1/honors/… and /api/v1/public/…: each part registers its endpoints on the router."""

from dangjian.honors import commitment_api, exemplar_api, post_api, service_api, star_api


def register(router) -> None:
    for part in (exemplar_api, service_api, commitment_api, post_api, star_api):
        part.register(router)
