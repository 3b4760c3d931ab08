"""/api/v1/orglife/…: each part registers its endpoints on the project's router."""

from dangjian.orglife import development_api, dues_api, meeting_api, transfer_api


def register(router) -> None:
    for part in (meeting_api, development_api, transfer_api, dues_api):
        part.register(router)
