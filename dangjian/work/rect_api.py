"""/api/v1/work/… endpoints of the rect part."""


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
