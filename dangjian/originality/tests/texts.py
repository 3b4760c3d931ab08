"""Synthetic Chinese-like texts for tests: random CJK characters from a seeded generator,
so any shared run of 13 characters is there because a test put it there."""

import random

CJK_FIRST, CJK_COUNT = 0x4E00, 20_000


def cjk(length: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(CJK_FIRST + rng.randrange(CJK_COUNT)) for _ in range(length))


def edited(text: str, every: int = 12) -> str:
    """`text` with one character in `every` changed (洗稿: an edited copy, no long verbatim run)."""
    chars = list(text)
    for i in range(every // 2, len(chars), every):
        chars[i] = chr(CJK_FIRST + (ord(chars[i]) - CJK_FIRST + 7) % CJK_COUNT)
    return "".join(chars)
