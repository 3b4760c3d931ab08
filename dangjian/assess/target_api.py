"""/api/v1/assess/… endpoints of the target part."""


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
