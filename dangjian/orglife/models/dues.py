"""Models of the dues part (filled by that part)."""

__all__: list[str] = []
