"""textreuse — text-reuse (查重) engine: normalization, boilerplate stripping, winnowing
fingerprints, in-memory and SQL indexes, exact seed-and-extend matching and CNKI-style
reports (a run of 13 identical characters counts as copied).

Pure Python on numpy and xxhash; never imports Django.
"""

from .boilerplate import StripResult, strip_boilerplate
from .engine import MIN_RUN, AddResult, DocumentInput, Engine
from .normalize import Normalized, normalize
from .report import Report
from .store import StoredDocument, StoreError
from .store_memory import MemoryStore
from .store_sql import SQLStore
from .winnow import DEFAULT_PARAMS, Params

__all__ = [
    "DEFAULT_PARAMS",
    "MIN_RUN",
    "AddResult",
    "DocumentInput",
    "Engine",
    "MemoryStore",
    "Normalized",
    "Params",
    "Report",
    "SQLStore",
    "StoreError",
    "StoredDocument",
    "StripResult",
    "normalize",
    "open_store",
    "strip_boilerplate",
]


def open_store(target: str, *, create: bool = True, **kwargs: object) -> MemoryStore | SQLStore:
    """``"memory"`` for an in-memory store, else an SQLite path or a PostgreSQL URL."""
    if target == "memory":
        return MemoryStore()
    return SQLStore.open(target, create=create, **kwargs)  # type: ignore[arg-type]
