"""Role × URL matrix rows of the dues part (filled by that part)."""


def cases() -> list:
    return []
