"""Role × URL matrix rows of the meeting part (filled by that part)."""


def cases() -> list:
    return []
