"""/api/v1/assess/… endpoints of the round part."""


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
