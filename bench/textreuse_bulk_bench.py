"""Bulk indexing and index size of the textreuse SQL stores (issue 20, items 1 and 2).

    .venv/bin/python bench/textreuse_bulk_bench.py --sizes 10000 --stores sqlite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/textreuse_bulk_bench.py --sizes 10000,100000 --stores postgres

Same synthetic corpus as textreuse_bench.py (same generator and seed). Per store and
size: ``Engine.rebuild`` (documents by COPY / executemany, postings spilled and written
once as packed buckets, keys after the load, swap), its rate in normalized characters per
second, the index size and bytes per indexed character, and check latency p50/p95 of
5,000-character notes. ``--layout rows`` measures instead the row-per-posting path
(``add_many`` in batches of 1,000 through the incremental code), i.e. the layout of
schema version 1. ``--workers`` is the fingerprinting pool (0: in the main process).
``--keep`` leaves the PostgreSQL schema in place (its name is printed) to examine a check's
queries afterwards; drop it by hand (``DROP SCHEMA … CASCADE``). The load average
(``os.getloadavg``) is recorded before the load and before the timed checks.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from textreuse_bench import CorpusGenerator, latency  # noqa: E402

from textreuse import DocumentInput, Engine, SQLStore  # noqa: E402
from textreuse import engine as engine_module  # noqa: E402


def open_store(kind: str, workdir: Path, tag: str) -> SQLStore:
    if kind == "sqlite":
        return SQLStore.open(str(workdir / f"{tag}.db"))
    return SQLStore.open(os.environ["DATABASE_URL"], schema=f"tr_bulkbench_{os.getpid()}_{tag}")


def drop(kind: str, store: SQLStore, keep: bool = False) -> None:
    if kind == "postgres" and keep:
        print(f"kept schema {store.schema}", file=sys.stderr, flush=True)
    elif kind == "postgres":
        store.conn.execute(f"DROP SCHEMA {store.schema} CASCADE")
    store.close()


def run_one(
    kind: str, corpus: list[str], notes: list[str], warmup: list[str], args, workdir: Path
) -> dict:
    store = open_store(kind, workdir, f"{kind}{len(corpus)}")
    engine = Engine(store)
    docs = (DocumentInput(f"doc{i}", t) for i, t in enumerate(corpus))
    gc.collect()
    load_before = [round(x, 2) for x in os.getloadavg()]
    t0 = time.perf_counter()
    if args.layout == "rows":
        engine_module.BULK_MIN_DOCS = 10**12  # force the row-by-row path
        with store.transaction():
            n = sum(r.added for r in engine.add_many(docs, batch_size=1000))
    else:
        n = engine.rebuild(docs, workers=args.workers)
    seconds = time.perf_counter() - t0
    stats = store.stats()
    if kind == "postgres":
        store.conn.execute("VACUUM ANALYZE " + store.t_docs)  # fresh visibility map, stats
    out = {
        "documents": n,
        "chars": stats["chars"],
        "seconds": round(seconds, 1),
        "chars_per_second": round(stats["chars"] / seconds),
        "postings": stats["postings"],
        "index_bytes": stats["bytes"],
        "bytes_per_char": round(stats["bytes"] / stats["chars"], 2),
        "bucket_bits": stats["bucket_bits"],
        "loadavg_before_load": load_before,
    }
    # Warm the caches the way a serving index is warm, then time: edited detection on
    # (the default) and off (exact matching only, as before issue 20).
    latency(engine, warmup)
    out["loadavg_before_checks"] = [round(x, 2) for x in os.getloadavg()]
    out["latency"] = latency(engine, notes)
    engine.edited = False
    out["latency_exact_only"] = latency(engine, notes)
    if kind == "postgres":
        out["bytes_by_table"] = {
            t: store.conn.execute("SELECT pg_total_relation_size(%s::regclass)", (t,)).fetchone()[0]
            for t in (store.t_docs, store.t_buckets, store.t_fp)
        }
    if kind == "postgres":
        out["schema"] = store.schema
    drop(kind, store, args.keep)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--layout", choices=["packed", "rows"], default="packed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency-queries", type=int, default=50)
    parser.add_argument("--warmup-queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "textreuse_bulk.json"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")  # load phases
    stores = [
        s for s in args.stores.split(",") if s != "postgres" or os.environ.get("DATABASE_URL")
    ]
    gen = CorpusGenerator(args.seed, 0.1)
    results: dict = {"command": " ".join(["python", *sys.argv]), "sizes": {}}
    corpus: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="textreuse-bulk-") as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            t_gen = time.perf_counter()
            while len(corpus) < size:
                corpus.append(gen.document())
            print(
                f"[{time.perf_counter() - started:5.0f}s] corpus of {size} generated in "
                f"{time.perf_counter() - t_gen:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            notes = [gen.note(corpus[:size])[0] for _ in range(args.latency_queries)]
            warmup = [gen.note(corpus[:size])[0] for _ in range(args.warmup_queries)]
            entry = results["sizes"].setdefault(str(size), {})
            for kind in stores:
                print(
                    f"[{time.perf_counter() - started:5.0f}s] {size} -> {kind}",
                    file=sys.stderr,
                    flush=True,
                )
                entry[kind] = run_one(kind, corpus[:size], notes, warmup, args, Path(tmp))
                print(json.dumps(entry[kind]), file=sys.stderr, flush=True)
    results["total_s"] = round(time.perf_counter() - started, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(summary(results, args.layout))
    return 0


def summary(r: dict, layout: str) -> str:
    lines = [
        f"`{r['command']}` — total {r['total_s']} s",
        "",
        "| docs | store | layout | indexing | index size | bytes/char | check p50 / p95 "
        "| exact only p50 / p95 |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, entry in r["sizes"].items():
        for kind, e in entry.items():
            lat, ex = e["latency"], e["latency_exact_only"]
            lines.append(
                f"| {int(size):,} | {kind} | {layout} | {e['chars_per_second']:,} chars/s "
                f"({e['seconds']} s) | {e['index_bytes'] / 2**20:,.0f} MiB | "
                f"{e['bytes_per_char']} | {lat['p50_s'] * 1000:.1f} / "
                f"{lat['p95_s'] * 1000:.1f} ms | {ex['p50_s'] * 1000:.1f} / "
                f"{ex['p95_s'] * 1000:.1f} ms |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
