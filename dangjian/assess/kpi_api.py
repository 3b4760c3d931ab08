"""/api/v1/assess/… endpoints of the kpi part."""


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
