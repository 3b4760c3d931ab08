"""Models of the meetings part (filled by that part)."""

__all__: list[str] = []
