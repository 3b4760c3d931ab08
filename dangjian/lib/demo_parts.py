"""A system's demo step made of parts (`demo_<part>.py` modules, each with
`build(root, rng=, today=) -> str` and `delete(prefix)`), run in a stated order.

Each part gets its own random stream, seeded by its module name: reordering the parts or
adding one changes no other part's rows.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from types import ModuleType
from typing import Any


def build_parts(
    label: str, parts: Sequence[ModuleType], root: Any, *, seed: int, today: datetime.date
) -> str:
    """Run each part's `build` in order; returns "<label>: <part line>; …" ("" if none
    wrote anything)."""
    lines = [
        part.build(root, rng=random.Random(f"{seed}:{part.__name__}"), today=today)
        for part in parts
    ]
    lines = [line for line in lines if line]
    return f"{label}: " + "; ".join(lines) if lines else ""


def delete_parts(parts: Sequence[ModuleType], prefix: str) -> None:
    """Run each part's `delete` in the reverse order (later parts may point at earlier ones)."""
    for part in reversed(parts):
        part.delete(prefix)
