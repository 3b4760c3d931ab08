"""Models of the transfers part (filled by that part)."""

__all__: list[str] = []
