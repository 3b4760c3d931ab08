"""Bulk loads: Engine.rebuild (new index swapped in) and add_many's bulk path (packed
postings rewritten with the new ones merged in), on every store kind."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings

from textreuse import DocumentInput, Engine, SQLStore, bulk, loading
from textreuse import engine as engine_module
from textreuse.winnow import fingerprint

from .helpers import as_tuples, expected_pieces, reported_pieces
from .test_engine import filler, src
from .test_engine_properties import planted_copy


def corpus(n: int, seed: int = 0, length: int = 200) -> dict[str, str]:
    return {f"d{i}": src(seed * 10_000 + i, length) for i in range(n)}


def assert_finds_exactly(engine: Engine, texts: dict[str, str], refs: list[str]) -> None:
    for ref in refs:
        query = filler(hash(ref) % 1000, 30) + texts[ref][20:90] + filler(7, 30)
        r = engine.check(query)
        assert reported_pieces(r, ref) == as_tuples(expected_pieces(query, texts[ref]))
        assert {s.ref for s in r.sources} == {ref}


def test_rebuild_replaces_the_whole_index(make_engine) -> None:
    engine = make_engine()
    old = corpus(5, seed=1)
    for ref, text in old.items():
        engine.add(ref, text)
    old_max_id = max(engine.get(ref).id for ref in old)
    new = corpus(40, seed=2)
    seen: list[int] = []
    count = engine.rebuild(
        (DocumentInput(ref, text, title=ref, owner="o") for ref, text in new.items()),
        progress=seen.append,
        workers=0,
    )
    assert count == 40 == len(engine) and sum(seen) == 40
    assert_finds_exactly(engine, new, ["d0", "d17", "d39"])
    assert engine.check(old["d1"][:60]).sources == []  # the old index is gone
    assert min(engine.get(ref).id for ref in new) > old_max_id  # ids never reused
    stats = engine.store.stats()
    assert stats["postings"] == sum(len(fingerprint(t)) for t in new.values())
    doc = engine.get("d3")
    assert (doc.title, doc.owner, len(doc.sketch)) == ("d3", "o", 128)
    # Row-by-row additions and removals keep working on a rebuilt index.
    engine.add("extra", src(99, 150))
    assert engine.remove("d17")
    assert engine.check(new["d17"][10:80]).sources == []
    assert [s.ref for s in engine.check(src(99, 150)[5:60]).sources] == ["extra"]
    engine.add("d0", src(98, 120))  # replaced: the packed postings of the old d0 are stale
    assert engine.check(new["d0"][10:80]).sources == []


def test_rebuild_keeps_the_later_text_of_a_repeated_ref_and_skips_empty(make_engine) -> None:
    engine = make_engine()
    a, b = src(3, 100), src(4, 100)
    docs = [DocumentInput("x", a), DocumentInput("e", "。。 ，"), DocumentInput("x", b)]
    assert engine.rebuild(docs, workers=0) == 1
    assert engine.get("x").text == b
    assert engine.check(a[:50]).sources == []
    assert [s.ref for s in engine.check(b[:50]).sources] == ["x"]


def test_rebuild_in_worker_processes(make_engine, monkeypatch) -> None:
    monkeypatch.setattr(bulk, "POOL_MIN_DOCS", 10)
    monkeypatch.setattr(bulk, "CHUNK", 4)
    engine = make_engine()
    texts = corpus(30, seed=5)
    assert engine.rebuild((DocumentInput(r, t) for r, t in texts.items()), workers=2) == 30
    assert_finds_exactly(engine, texts, ["d0", "d29"])


def test_checks_answer_from_the_old_index_during_a_rebuild(make_engine) -> None:
    engine = make_engine()
    old = corpus(3, seed=6)
    for ref, text in old.items():
        engine.add(ref, text)
    new = corpus(20, seed=7)
    during: list[set[str]] = []

    def progress(n: int) -> None:
        during.append({s.ref for s in engine.check(old["d1"][:80]).sources})

    engine.rebuild(
        (DocumentInput(f"n{r}", t) for r, t in new.items()), progress=progress, workers=0
    )
    assert during == [{"d1"}]
    assert engine.check(old["d1"][:80]).sources == []


def test_add_many_bulk_path_merges_into_an_existing_index(make_engine, monkeypatch) -> None:
    monkeypatch.setattr(engine_module, "BULK_MIN_DOCS", 5)
    monkeypatch.setattr(loading, "GROUP", 4)
    engine = make_engine()
    first = corpus(12, seed=8)
    results = engine.add_many(DocumentInput(r, t) for r, t in first.items())
    assert all(r.added for r in results) and engine.store.stats()["postings"] == sum(
        len(fingerprint(t)) for t in first.values()
    )
    engine.add("single", src(77, 120))
    second = corpus(10, seed=9)
    docs = [DocumentInput(f"s{r}", t) for r, t in second.items()]
    docs += [
        DocumentInput("d2", src(76, 120)),  # replaces an earlier bulk-loaded document
        DocumentInput("dup", first["d5"]),  # same text as d5
        DocumentInput("sd3", src(75, 90)),  # the same ref twice in one call
    ]
    results = engine.add_many(docs, skip_duplicates=True)
    assert [r.ref for r in results if r.replaced] == ["d2", "sd3"]
    assert [r.duplicate_of for r in results if r.duplicate_of] == ["d5"]
    assert len(engine) == 12 + 1 + 10
    assert_finds_exactly(engine, first, ["d0", "d11"])
    assert_finds_exactly(engine, {f"s{r}": t for r, t in second.items() if r != "d3"}, ["sd1"])
    assert engine.check(first["d2"][10:80]).sources == []
    assert [s.ref for s in engine.check(src(77, 120)[:60]).sources] == ["single"]
    assert [s.ref for s in engine.check(src(75, 90)[:60]).sources] == ["sd3"]


def test_a_version_1_index_is_upgraded_in_place(tmp_path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE tr_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE tr_documents (id INTEGER PRIMARY KEY AUTOINCREMENT,
            ref TEXT NOT NULL UNIQUE, text TEXT NOT NULL, content_hash INTEGER NOT NULL,
            chars INTEGER NOT NULL, title TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', owner TEXT);
        CREATE TABLE tr_fingerprints (hash INTEGER NOT NULL, doc_id INTEGER NOT NULL,
            pos INTEGER NOT NULL, ctx BLOB NOT NULL, PRIMARY KEY (hash, doc_id, pos))
            WITHOUT ROWID;
        INSERT INTO tr_meta VALUES ('schema_version', '1'), ('k', '8'), ('w', '6'),
            ('hash_seed', '32327'), ('normalizer_version', '1');
        """
    )
    conn.commit()
    conn.close()
    engine = Engine(SQLStore.open(str(path)))
    a = src(12, 100)
    engine.add("A", a)
    assert [s.ref for s in engine.check(a[:40]).sources] == ["A"]
    assert engine.store.stats()["documents"] == 1
    engine.store.close()


@pytest.mark.parametrize("store_kind", ["sqlite"])
def test_rebuild_inside_a_transaction_uses_the_store_connection(make_engine) -> None:
    engine = make_engine()
    with pytest.raises(RuntimeError), engine.store.transaction():
        engine.rebuild([DocumentInput("a", src(1, 80))], workers=0)
        raise RuntimeError
    assert len(engine) == 0
    assert engine.rebuild([DocumentInput("a", src(1, 80))], workers=0) == 1


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=planted_copy(13, 120))
def test_packed_postings_keep_recall_exact(make_engine, case) -> None:
    """After a rebuild every posting is in the packed table: the same exact spans as
    the brute-force oracle, as the row-per-posting table gives."""
    engine = make_engine()
    engine.rebuild([DocumentInput(f"doc{i}", d) for i, d in enumerate(case["docs"])], workers=0)
    report = engine.check(case["query"])
    for i, doc in enumerate(case["docs"]):
        assert reported_pieces(report, f"doc{i}") == as_tuples(expected_pieces(case["query"], doc))


def test_rebuild_twice_then_add(make_engine) -> None:
    """The swap leaves the live names (tables, indexes, id sequence) ready for the next
    rebuild, and ids keep growing across rebuilds and row-by-row additions."""
    engine = make_engine()
    first = corpus(6, seed=11)
    engine.rebuild([DocumentInput(r, t) for r, t in first.items()], workers=0)
    top = max(engine.get(r).id for r in first)
    second = corpus(6, seed=12)
    assert engine.rebuild([DocumentInput(r, t) for r, t in second.items()], workers=0) == 6
    assert min(engine.get(r).id for r in second) > top
    engine.add("late", src(97, 120))
    assert engine.get("late").id > max(engine.get(r).id for r in second)
    assert_finds_exactly(engine, second, ["d2", "d5"])
    assert [s.ref for s in engine.check(src(97, 120)[:60]).sources] == ["late"]
