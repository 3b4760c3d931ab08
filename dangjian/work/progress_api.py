"""/api/v1/work/… endpoints of the progress part."""


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
