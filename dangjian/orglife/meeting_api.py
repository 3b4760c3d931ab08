"""API of the meeting part: `register(router)` adds its endpoints under /api/v1/orglife/."""


def register(router) -> None:
    """Filled by that part."""
