"""Models of the development part (filled by that part)."""

__all__: list[str] = []
