"""Examine a PostgreSQL index kept by ``textreuse_bulk_bench.py --keep`` (issue 20: why a
check at 1,000,000 documents takes what it takes).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/textreuse_kept_index.py explain --schema tr_bulkbench_…
    … textreuse_kept_index.py breakdown --schema tr_bulkbench_…
    … textreuse_kept_index.py warm --schema tr_bulkbench_…

Notes are cut, with the generator of textreuse_bench.py, from 3,000 documents sampled
from the stored ones (``TABLESAMPLE``), so no corpus has to be generated again.

* ``explain``: ``EXPLAIN (ANALYZE, BUFFERS)`` of one note's bucket lookup and of its
  candidate documents' fetch; then 20 warm-up checks and 50 timed ones, edited detection
  on, then off, and a cProfile of 20 more.
* ``breakdown``: 20 warm-up checks, then 50 notes with edited detection on, then the same
  50 off; per check the time in the bucket fetch, in the document fetch and in all, and
  the candidate documents; the slowest checks; ``EXPLAIN`` of the largest document fetch.
* ``warm``: 50 notes checked once to warm the cache, then edited on / off / on / off.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from textreuse_bench import CorpusGenerator  # noqa: E402

from textreuse import Engine, SQLStore, packed  # noqa: E402
from textreuse.normalize import normalize  # noqa: E402
from textreuse.winnow import fingerprint  # noqa: E402


def sample_notes(store: SQLStore, seed: int, n: int, repeatable: int | None) -> list[str]:
    rep = f" REPEATABLE ({repeatable})" if repeatable is not None else ""
    rows = store.conn.execute(
        f"SELECT text FROM {store.t_docs} TABLESAMPLE SYSTEM (0.5){rep} LIMIT 3000"
    ).fetchall()
    if len(rows) < 100:  # a small index: a 0.5 % sample of its pages may hold nothing
        rows = store.conn.execute(
            f"SELECT text FROM {store.t_docs} ORDER BY id LIMIT 3000"
        ).fetchall()
    gen = CorpusGenerator(seed, 0.1)
    docs = [r[0] for r in rows]
    return [gen.note(docs)[0] for _ in range(n)]


def explain(store: SQLStore, sql: str, params) -> str:
    rows = store.conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
    return "\n".join(r[0] for r in rows if "Index Cond" not in r[0])


def run_explain(store: SQLStore, engine: Engine) -> None:
    notes = sample_notes(store, 77, 91, None)
    bits = int(store.get_meta("bucket_bits", "0"))
    print("loadavg", os.getloadavg(), "bucket_bits", bits)
    fp = fingerprint(normalize(notes[0]).text, store.params)
    hashes = np.unique(fp.hashes)
    buckets = sorted(set(packed.bucket_of(hashes, bits).tolist()))
    print("query fingerprints", len(fp), "unique hashes", hashes.size, "buckets", len(buckets))
    sql = f"SELECT b.bucket, b.data FROM {store.t_buckets} AS b WHERE b.bucket = ANY(%s::int[])"
    print(explain(store, sql, (buckets,)))
    seeds = store.lookup(fp, context=False)
    cand = np.unique(seeds.agreeing().doc_ids).tolist()
    print(
        "seeds (context off)", len(seeds), "agreeing", len(seeds.agreeing()),
        "candidate docs", len(cand), "documents of all seeds", np.unique(seeds.doc_ids).size,
    )  # fmt: skip
    marks = ", ".join(["%s"] * len(cand))
    print(explain(store, f"SELECT id, text FROM {store.t_docs} WHERE id IN ({marks})", cand))
    for note in notes[1:21]:
        engine.check(note)
    print("loadavg", os.getloadavg())
    for flag in (True, False):
        engine.edited = flag
        t, c = [], []
        for note in notes[21:71]:
            t0 = time.perf_counter()
            r = engine.check(note)
            t.append(time.perf_counter() - t0)
            c.append(r.stats["candidate_documents"])
        print(
            f"edited={flag}: p50 {np.percentile(t, 50) * 1e3:.1f} "
            f"p95 {np.percentile(t, 95) * 1e3:.1f} ms, candidates {np.mean(c):.1f}"
        )
    engine.edited = True
    prof = cProfile.Profile()
    prof.enable()
    for note in notes[71:91]:
        engine.check(note)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def run_breakdown(store: SQLStore, engine: Engine) -> None:
    notes = sample_notes(store, 99, 70, None)
    acc = {"buckets": 0.0, "docs": 0.0}
    fetch_buckets, get_documents = store.dialect.fetch_buckets, store.get_documents

    def timed_buckets(*a, **k):
        t0 = time.perf_counter()
        r = fetch_buckets(*a, **k)
        acc["buckets"] += time.perf_counter() - t0
        return r

    def timed_documents(ids):
        t0 = time.perf_counter()
        r = get_documents(ids)
        acc["docs"] += time.perf_counter() - t0
        return r

    store.dialect.fetch_buckets = timed_buckets
    store.get_documents = timed_documents
    for note in notes[:20]:
        engine.check(note)
    print("loadavg", os.getloadavg())
    out = []
    for flag in (True, False):
        engine.edited = flag
        for note in notes[20:]:
            acc.update(buckets=0.0, docs=0.0)
            t0 = time.perf_counter()
            r = engine.check(note)
            t = time.perf_counter() - t0
            out.append((flag, t, acc["buckets"], acc["docs"], r.stats["candidate_documents"], note))
    print("loadavg", os.getloadavg())

    def pct(a, p):
        return np.percentile(a, p) * 1e3

    for flag in (True, False):
        o = [x for x in out if x[0] == flag]
        t, b, d, c = (np.array([x[i] for x in o]) for i in (1, 2, 3, 4))
        print(
            f"edited={flag}: total p50 {pct(t, 50):.1f} p95 {pct(t, 95):.1f} max "
            f"{t.max() * 1e3:.0f} ms | buckets p50 {pct(b, 50):.1f} p95 {pct(b, 95):.1f} | "
            f"documents p50 {pct(d, 50):.1f} p95 {pct(d, 95):.1f} | candidates p50 "
            f"{np.percentile(c, 50):.0f} mean {c.mean():.1f} max {c.max()}"
        )
        for x in sorted(o, key=lambda x: -x[1])[:4]:
            print(
                f"   slow: {x[1] * 1e3:.0f} ms, buckets {x[2] * 1e3:.0f} ms, "
                f"documents {x[3] * 1e3:.0f} ms, candidates {x[4]}"
            )
    heavy = max(out, key=lambda x: x[4])[5]
    seeds = store.lookup(fingerprint(normalize(heavy).text, store.params)).agreeing()
    ids = sorted(set(seeds.doc_ids.tolist()))[:500]
    marks = ", ".join(["%s"] * len(ids))
    print(explain(store, f"SELECT id, ref, text FROM {store.t_docs} WHERE id IN ({marks})", ids))


def run_warm(store: SQLStore, engine: Engine) -> None:
    notes = sample_notes(store, 123, 50, 7)
    engine.edited = False
    for note in notes:
        engine.check(note)
    print("loadavg", os.getloadavg())
    for flag in (True, False, True, False):
        engine.edited = flag
        t = []
        for note in notes:
            t0 = time.perf_counter()
            engine.check(note)
            t.append(time.perf_counter() - t0)
        print(
            f"edited={flag}: p50 {np.percentile(t, 50) * 1e3:.1f} p95 "
            f"{np.percentile(t, 95) * 1e3:.1f} ms  load {os.getloadavg()[0]:.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["explain", "breakdown", "warm"])
    parser.add_argument("--schema", required=True)
    args = parser.parse_args()
    store = SQLStore.open(os.environ["DATABASE_URL"], schema=args.schema)
    engine = Engine(store)
    {"explain": run_explain, "breakdown": run_breakdown, "warm": run_warm}[args.what](store, engine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
