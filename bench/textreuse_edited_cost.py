"""What edited-copy detection adds to a check (issue 20: "< 50 % of the check time").

    .venv/bin/python bench/textreuse_edited_cost.py --store sqlite
    .venv/bin/python bench/textreuse_edited_cost.py --store postgres     # DATABASE_URL
    .venv/bin/python bench/textreuse_edited_cost.py --root /path/to/other/checkout

The corpus and 5,000-character notes of textreuse_bulk_bench.py (same generator and
seed), ``--docs`` documents indexed by ``Engine.rebuild``; after ``--warmup`` checks, the
same ``--notes`` notes are checked with edited detection on, then off, ``--rounds`` times
over (alternating, so that caches favour neither). Reported per mode: wall-clock p50/p95
and the process's CPU time per check (``time.process_time``: on a machine shared with
other work it moves far less than wall-clock; it leaves out the PostgreSQL server's
time, which edited detection does not add to). ``--root`` imports textreuse from another
checkout (e.g. ``git archive`` of an earlier commit), to compare code before and after a
change on the same machine, alternately.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=["memory", "sqlite", "postgres"], default="sqlite")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", default=str(ROOT), help="checkout whose textreuse is used")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    from textreuse import DocumentInput, Engine, SQLStore
    from textreuse.edited import _synonyms

    # The corpus generator of this checkout; it imports textreuse, already loaded above
    # from ``--root`` (textreuse_bench puts this checkout first on sys.path).
    sys.path.insert(0, str(ROOT / "bench"))
    corpus_generator = importlib.import_module("textreuse_bench").CorpusGenerator

    gen = corpus_generator(1, 0.1)
    corpus = [gen.document() for _ in range(args.docs)]
    notes = [gen.note(corpus)[0] for _ in range(args.notes)]
    warm = [gen.note(corpus)[0] for _ in range(args.warmup)]
    if args.store == "memory":
        engine = Engine()
    elif args.store == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix="textreuse-cost-")
        engine = Engine(SQLStore.open(str(Path(tmp.name) / "cost.db")))
    else:
        url = os.environ["DATABASE_URL"]
        engine = Engine(SQLStore.open(url, schema=f"tr_editedcost_{os.getpid()}"))
    try:
        engine.rebuild((DocumentInput(f"doc{i}", t) for i, t in enumerate(corpus)), workers=0)
        _synonyms()
        for note in warm:
            engine.check(note)
        load = [round(x, 2) for x in os.getloadavg()]
        cpu: dict[str, list[float]] = {"on": [], "off": []}
        wall: dict[str, list[float]] = {"on": [], "off": []}
        for _ in range(args.rounds):
            for mode in ("on", "off"):
                engine.edited = mode == "on"
                for note in notes:
                    c0, w0 = time.process_time(), time.perf_counter()
                    engine.check(note)
                    cpu[mode].append(time.process_time() - c0)
                    wall[mode].append(time.perf_counter() - w0)
    finally:
        if args.store == "postgres":
            engine.store.conn.execute(f"DROP SCHEMA {engine.store.schema} CASCADE")
    out: dict = {
        "command": " ".join(["python", *sys.argv]),
        "root": args.root,
        "textreuse": str(Path(sys.modules["textreuse"].__file__).parent),
        "store": args.store,
        "documents": args.docs,
        "checks_per_mode": len(cpu["on"]),
        "loadavg": load,
    }
    for kind, data in (("cpu", cpu), ("wall", wall)):
        on, off = np.array(data["on"]) * 1000, np.array(data["off"]) * 1000
        for p in (50, 95):
            a, b = float(np.percentile(on, p)), float(np.percentile(off, p))
            out[f"{kind}_p{p}_ms"] = {"on": round(a, 2), "off": round(b, 2)}
            out[f"{kind}_p{p}_added"] = f"{100 * (a / b - 1):+.0f} %"
        out[f"{kind}_mean_added_ms"] = round(float(on.mean() - off.mean()), 2)
    print(json.dumps(out))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
