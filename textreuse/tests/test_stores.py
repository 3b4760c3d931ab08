"""Store-specific behaviour: persistence, identity checks, statistics."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from textreuse import Engine, MemoryStore, Params, SQLStore, StoreError, open_store
from textreuse.winnow import fingerprint

from .conftest import DATABASE_URL, IS_POSTGRES, NOT_PG_REASON
from .test_engine import filler, src


def test_sqlite_index_persists_across_connections(tmp_path) -> None:
    path = str(tmp_path / "idx.db")
    a = src(1, 80)
    engine = Engine(SQLStore.open(path))
    engine.add("A", a, title="T", site="s", url="u", owner="o")
    engine.store.close()
    store = SQLStore.open(f"sqlite:///{path}", create=False)
    engine = Engine(store)
    doc = engine.get("A")
    assert (doc.title, doc.site, doc.url, doc.owner, doc.text) == ("T", "s", "u", "o", a)
    assert engine.check(filler(1, 10) + a[:30]).copied_chars == 30
    stats = store.stats()
    assert stats["documents"] == 1 and stats["chars"] == 80 and stats["bytes"] > 0
    assert stats["postings"] == len(fingerprint(a))
    store.close()


def test_opening_what_is_not_an_index(tmp_path) -> None:
    with pytest.raises(StoreError, match="no index"):
        SQLStore.open(str(tmp_path / "absent.db"), create=False)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(StoreError):
        SQLStore.open(str(junk))
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a textreuse index"):
        SQLStore.open(str(other), create=False)
    with pytest.raises(StoreError, match="other tables"):
        SQLStore.open(str(other), create=True)  # never writes into a foreign database
    empty = tmp_path / "empty.db"
    with pytest.raises(StoreError, match="not a textreuse index"):
        sqlite3.connect(empty).close()
        SQLStore.open(str(empty), create=False)


def test_parameters_are_fixed_at_creation(tmp_path) -> None:
    path = str(tmp_path / "idx.db")
    SQLStore.open(path, params=Params(5, 9)).close()
    store = SQLStore.open(path)
    assert store.params == Params(5, 9)
    store.close()
    with pytest.raises(StoreError, match="built with"):
        SQLStore.open(path, params=Params(8, 6))


def test_memory_store_compacts_after_many_deletions() -> None:
    store = MemoryStore()
    engine = Engine(store)
    texts = {f"d{i}": src(300 + i, 200) for i in range(20)}
    for ref, t in texts.items():
        engine.add(ref, t)
    engine.check("x")  # sort pending postings into a segment
    for i in range(15):
        engine.remove(f"d{i}")
    stats = store.stats()
    assert stats["documents"] == 5
    assert stats["postings"] == sum(len(fingerprint(texts[f"d{i}"])) for i in range(15, 20))
    r = engine.check(texts["d17"][:50])
    assert [s.ref for s in r.sources] == ["d17"]
    assert engine.check(texts["d3"][:50]).sources == []


def test_lookup_returns_only_context_agreeing_postings(make_engine) -> None:
    engine = make_engine()
    a = src(2, 300)
    engine.add("A", a)
    fp = fingerprint(a)
    seeds = engine.store.lookup(fp)
    # Looking a text up against itself: every fingerprint agrees with its own posting.
    got = set(zip(seeds.qpos.tolist(), seeds.spos.tolist(), strict=True))
    assert {(p, p) for p in fp.positions.tolist()} <= got
    # Garbled contexts are filtered out.
    bad = type(fp)(fp.hashes, fp.positions, np.full_like(fp.contexts, 7) ^ fp.contexts)
    assert len(engine.store.lookup(bad)) == 0


def test_open_store_helper(tmp_path) -> None:
    assert isinstance(open_store("memory"), MemoryStore)
    s = open_store(str(tmp_path / "a.db"))
    assert isinstance(s, SQLStore) and s.dialect.name == "sqlite"
    s.close()


@pytest.mark.skipif(not IS_POSTGRES, reason=NOT_PG_REASON)
def test_postgres_schema_and_size() -> None:
    import uuid

    schema = f"tr_test_{uuid.uuid4().hex[:12]}"
    store = SQLStore.open(DATABASE_URL, schema=schema)
    try:
        engine = Engine(store)
        engine.add("A", src(3, 100))
        stats = store.stats()
        assert stats["store"] == "postgresql" and stats["documents"] == 1
        assert stats["bytes"] > 0
        again = SQLStore.open(DATABASE_URL, schema=schema, create=False)
        assert again.count() == 1
        again.close()
    finally:
        store.conn.execute(f"DROP SCHEMA {schema} CASCADE")
        store.close()


def test_one_engine_shared_by_threads(make_engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine = make_engine()
    texts = [src(700 + i, 120) for i in range(16)]

    def work(i: int) -> int:
        engine.add(f"t{i}", texts[i])
        return engine.check(filler(i, 10) + texts[i][:40]).copied_chars

    with ThreadPoolExecutor(max_workers=4) as pool:
        copied = list(pool.map(work, range(16)))
    assert copied == [40] * 16
    assert len(engine) == 16
