"""Role × URL matrix rows of the development part (filled by that part)."""


def cases() -> list:
    return []
