"""API of the transfer part: `register(router)` adds its endpoints under /api/v1/orglife/."""


def register(router) -> None:
    """Filled by that part."""
