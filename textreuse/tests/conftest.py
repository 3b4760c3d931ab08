"""Fixtures for the textreuse tests; no Django needed (run with ``-p no:django``)."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from textreuse import Engine, MemoryStore, SQLStore  # noqa: E402

CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus-sample"
SAMPLE_FILES = [CORPUS_DIR / f"web-essay-{i}.txt" for i in (1, 2, 3)]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
IS_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
NOT_PG_REASON = "DATABASE_URL is not PostgreSQL"
NO_CORPUS_REASON = f"sample corpus folder {CORPUS_DIR} (../shared/corpus-sample) is absent"


@pytest.fixture
def sample_texts() -> list[str]:
    """The three scraped sample essays, read at run time (never copied into the repo)."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(NO_CORPUS_REASON)
    return [p.read_text(encoding="utf-8") for p in SAMPLE_FILES]


STORE_KINDS = [
    "memory",
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.skipif(not IS_POSTGRES, reason=NOT_PG_REASON)),
]


@pytest.fixture(params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def make_engine(store_kind: str, tmp_path: Path) -> Iterator[Callable[..., Engine]]:
    """Factory of engines with an empty store of the parametrized kind.

    Hypothesis runs many examples inside one test call, so the factory hands out a
    fresh (or freshly cleared) store each time instead of a function-scoped fixture.
    """
    opened: list = []
    schema = f"tr_test_{uuid.uuid4().hex[:12]}"
    pg_store: list[SQLStore] = []

    def factory(**engine_kwargs: object) -> Engine:
        if store_kind == "memory":
            store = MemoryStore()
        elif store_kind == "sqlite":
            store = SQLStore.open(str(tmp_path / f"idx{len(opened)}.db"))
        else:
            if not pg_store:
                pg_store.append(SQLStore.open(DATABASE_URL, schema=schema))
            store = pg_store[0]
            store.clear()
        opened.append(store)
        return Engine(store, **engine_kwargs)  # type: ignore[arg-type]

    yield factory
    for store in opened:
        if store not in pg_store:
            store.close()
    if pg_store:
        conn = pg_store[0].conn
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        pg_store[0].close()
