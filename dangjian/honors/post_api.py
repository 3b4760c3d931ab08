"""/api/v1/honors/… endpoints of the post part (same services as its pages)."""


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
