"""Role × URL matrix rows of the transfer part (filled by that part)."""


def cases() -> list:
    return []
