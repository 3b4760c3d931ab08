"""Benchmark of the textreuse engine on a synthetic Chinese corpus.

    .venv/bin/python bench/textreuse_bench.py --small        # about 2 minutes
    .venv/bin/python bench/textreuse_bench.py                # 10,000 and 100,000 documents
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/textreuse_bench.py --small              # adds PostgreSQL

Measures, per corpus size: indexing throughput (normalized characters per second, one
process) into the memory store and SQL stores (SQLite always, PostgreSQL when DATABASE_URL
is a PostgreSQL URL; SQL stores only up to --sql-max-docs), index size (bytes in memory or
on disk), and check latency p50/p95 of 5,000-character notes holding copies planted from 5
sources. On the smallest corpus it also measures recall on --queries notes against an
exact brute-force finder of every common run of 13 or more normalized characters, and runs
a subset of the notes through copydetect and datasketch MinHash LSH when those packages are
installed. Results: a JSON file in bench/out/ and a Markdown summary on stdout.

The corpus: documents of about 3,000 characters in sentences and paragraphs, characters
drawn from a Zipf-Mandelbrot law over GB2312 level-1 characters (the most frequent ones
being those most frequent in the sample essays when ../shared/corpus-sample exists), and,
in --stock-docs of the documents, 1-3 sentences taken from the sample essays — shared
"stock" text such as real reference corpora have.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textreuse import DocumentInput, Engine, MemoryStore, SQLStore  # noqa: E402
from textreuse.normalize import normalize  # noqa: E402
from textreuse.store_sql import is_postgres_url  # noqa: E402

SAMPLE_DIR = ROOT.parent / "shared" / "corpus-sample"
MIN_RUN = 13


# -- corpus --------------------------------------------------------------------------------
def gb2312_level1() -> list[str]:
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([hi, lo]).decode("gb2312"))
    return chars


def sample_sentences_and_counts() -> tuple[list[str], dict[str, int]]:
    """Sentences of the sample essays (read at run time, never stored) and char counts."""
    if not SAMPLE_DIR.is_dir():
        return [], {}
    from textreuse import strip_boilerplate

    sentences, counts = [], {}
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        text = strip_boilerplate(path.read_text(encoding="utf-8")).text
        for ch in text:
            if "\u4e00" <= ch <= "\u9fff":
                counts[ch] = counts.get(ch, 0) + 1
        for s in re.split(r"(?<=[。！？；])", text.replace("\n", "")):
            s = s.strip()
            if len(normalize(s).text) >= 15:
                sentences.append(s)
    return sentences, counts


class CorpusGenerator:
    def __init__(self, seed: int, stock_docs: float) -> None:
        self.rng = np.random.default_rng(seed)
        self.sentences, counts = sample_sentences_and_counts()
        level1 = gb2312_level1()
        ranked = sorted(counts, key=lambda c: -counts[c])
        rest = [c for c in level1 if c not in counts]
        self.rng.shuffle(rest)
        alphabet = ranked + rest
        ranks = np.arange(1, len(alphabet) + 1)
        weights = 1.0 / (ranks + 4.0)  # Zipf-Mandelbrot: top character ~3 %, top 1,000 ~80 %
        self.cum = np.cumsum(weights / weights.sum())
        self.codes = np.array([ord(c) for c in alphabet], dtype="<u4")
        self.stock_docs = stock_docs if self.sentences else 0.0

    def chars(self, n: int) -> np.ndarray:
        idx = np.searchsorted(self.cum, self.rng.random(n))
        return self.codes[np.minimum(idx, self.codes.size - 1)]

    def text(self, n: int) -> str:
        """About n characters of sentences (8-40 chars, a comma inside the longer ones),
        one paragraph break after about one sentence in seven."""
        body = self.chars(n)
        ends = np.cumsum(self.rng.integers(8, 41, size=n // 8 + 2))
        ends = ends[ends < n]
        starts = np.concatenate([[0], ends])
        stops = np.concatenate([ends, [n]])
        long = (stops - starts) > 12
        commas = (
            starts[long]
            + 4
            + (self.rng.random(int(long.sum())) * (stops[long] - starts[long] - 8)).astype(np.int64)
        )
        breaks = stops[self.rng.random(stops.size) < 0.15]
        at = np.concatenate([commas, stops, breaks])
        what = np.concatenate(
            [
                np.full(commas.size, ord("，")),
                np.full(stops.size, ord("。")),
                np.full(breaks.size, ord("\n")),
            ]
        ).astype("<u4")
        order = np.argsort(
            at * 4 + np.repeat([0, 1, 2], [commas.size, stops.size, breaks.size]), kind="stable"
        )
        out = np.insert(body, at[order], what[order])
        return out.astype("<u4").tobytes().decode("utf-32-le")

    def document(self, n: int = 3000) -> str:
        text = self.text(int(self.rng.integers(n - 500, n + 501)))
        if self.stock_docs and self.rng.random() < self.stock_docs:
            parts = text.split("。")
            for _ in range(int(self.rng.integers(1, 4))):
                i = int(self.rng.integers(0, len(parts)))
                stock = self.sentences[int(self.rng.integers(0, len(self.sentences)))]
                parts[i] = stock.rstrip("。")
            text = "。".join(parts)
        return text

    def note(self, corpus: list[str], n: int = 5000, sources: int = 5) -> tuple[str, list[int]]:
        """A note of about n characters with one passage (100-500 chars) from each of
        ``sources`` random documents, placed between its own sentences."""
        picked = self.rng.choice(len(corpus), size=sources, replace=False).tolist()
        copies = []
        for d in picked:
            doc = corpus[d]
            length = int(self.rng.integers(100, 501))
            start = int(self.rng.integers(0, max(1, len(doc) - length)))
            copies.append(doc[start : start + length])
        own = n - sum(len(c) for c in copies)
        pieces = [self.text(max(50, own // (sources + 1))) for _ in range(sources + 1)]
        out = [pieces[0]]
        for c, p in zip(copies, pieces[1:], strict=True):
            out += [c, p]
        return "".join(out), picked


# -- brute force ----------------------------------------------------------------------------
class BruteForce:
    """Every common run of >= 13 normalized characters, from an index of ALL 13-grams
    (no winnowing), hashed with an unrelated polynomial and verified on the texts."""

    BASE = np.uint64(1_000_003)

    def __init__(self, norm_texts: list[str]) -> None:
        self.texts = norm_texts
        hashes, docs, poss = [], [], []
        for i, t in enumerate(norm_texts):
            h = self.grams(t)
            hashes.append(h)
            docs.append(np.full(h.size, i, dtype=np.int32))
            poss.append(np.arange(h.size, dtype=np.int32))
        h = np.concatenate(hashes)
        order = np.argsort(h, kind="stable")
        self.h, self.doc, self.pos = (
            h[order],
            np.concatenate(docs)[order],
            np.concatenate(poss)[order],
        )

    @classmethod
    def grams(cls, text: str) -> np.ndarray:
        n = len(text) - MIN_RUN + 1
        if n <= 0:
            return np.zeros(0, dtype=np.uint64)
        c = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        acc = c[:n].copy()
        for j in range(1, MIN_RUN):
            acc = acc * cls.BASE + c[j : j + n]
        return acc

    def coverage(self, query: str) -> dict[int, set[int]]:
        """doc index -> set of normalized query positions inside a shared run >= 13."""
        qh = self.grams(query)
        lo = np.searchsorted(self.h, qh, "left")
        hi = np.searchsorted(self.h, qh, "right")
        counts = hi - lo
        total = int(counts.sum())
        if not total:
            return {}
        qi = np.repeat(np.arange(qh.size), counts)
        idx = np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)
        out: dict[int, set[int]] = {}
        for q, d, p in zip(
            qi.tolist(), self.doc[idx].tolist(), self.pos[idx].tolist(), strict=True
        ):
            if query[q : q + MIN_RUN] == self.texts[d][p : p + MIN_RUN]:
                out.setdefault(d, set()).update(range(q, q + MIN_RUN))
        return out


# -- measurements ---------------------------------------------------------------------------
def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def make_store(kind: str, workdir: Path, tag: str):
    if kind == "memory":
        return MemoryStore()
    if kind == "sqlite":
        return SQLStore.open(str(workdir / f"{tag}.db"))
    schema = f"tr_bench_{os.getpid()}_{tag}"
    return SQLStore.open(os.environ["DATABASE_URL"], schema=schema)


def drop_store(kind: str, store) -> None:
    if kind == "postgres":
        store.conn.execute(f"DROP SCHEMA {store.schema} CASCADE")
    store.close()


def index_corpus(kind: str, store, corpus: list[str]) -> dict:
    engine = Engine(store)
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    docs = (DocumentInput(f"doc{i}", t) for i, t in enumerate(corpus))
    with store.transaction():
        results = engine.add_many(docs, batch_size=1000)
    if kind == "memory":
        engine.check("预热")  # sorts the pending postings, part of building the index
    seconds = time.perf_counter() - t0
    chars = sum(r.chars for r in results)
    stats = store.stats()
    out = {
        "documents": len(results),
        "chars": chars,
        "seconds": round(seconds, 2),
        "chars_per_second": round(chars / seconds),
        "postings": stats["postings"],
        "index_bytes": stats["bytes"],
    }
    if kind == "memory":
        out["rss_growth_bytes"] = rss_bytes() - rss0
    return out


def latency(engine: Engine, notes: list[str]) -> dict:
    times, candidates = [], []
    for note in notes:
        t0 = time.perf_counter()
        report = engine.check(note)
        times.append(time.perf_counter() - t0)
        candidates.append(report.stats["candidate_documents"])
    return {
        "queries": len(notes),
        "p50_s": round(float(np.percentile(times, 50)), 4),
        "p95_s": round(float(np.percentile(times, 95)), 4),
        "max_s": round(max(times), 4),
        "mean_candidate_documents": round(float(np.mean(candidates)), 1),
    }


def engine_coverage(report) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for s in report.spans:
        out.setdefault(s.ref, set()).update(range(s.norm_start, s.norm_end))
    return out


def recall(engine: Engine, brute: BruteForce, build: float, notes: list[str]) -> dict:
    pairs_truth = pairs_found = chars_truth = chars_found = chars_extra = exact = 0
    brute_time = engine_time = 0.0
    for note in notes:
        q = normalize(note).text
        t0 = time.perf_counter()
        truth = brute.coverage(q)
        brute_time += time.perf_counter() - t0
        t0 = time.perf_counter()
        got = engine_coverage(engine.check(note))
        engine_time += time.perf_counter() - t0
        got_by_doc = {int(ref[3:]): cov for ref, cov in got.items()}
        pairs_truth += len(truth)
        pairs_found += sum(1 for d in truth if d in got_by_doc)
        for d, cov in truth.items():
            found = got_by_doc.get(d, set())
            chars_truth += len(cov)
            chars_found += len(cov & found)
            exact += int(cov == found)
        for d, cov in got_by_doc.items():
            chars_extra += len(cov - truth.get(d, set()))
    return {
        "queries": len(notes),
        "pairs_with_runs": pairs_truth,
        "pair_recall": pairs_found / pairs_truth if pairs_truth else 1.0,
        "char_recall": chars_found / chars_truth if chars_truth else 1.0,
        "chars_reported_beyond_truth": chars_extra,
        "pairs_with_identical_coverage": exact,
        "brute_force_index_s": round(build, 1),
        "brute_force_query_mean_s": round(brute_time / len(notes), 4),
        "engine_query_mean_s": round(engine_time / len(notes), 4),
    }


def compare_copydetect(corpus_norm: list[str], notes: list[str], truth: list[dict]) -> dict:
    try:
        from copydetect import CodeFingerprint, compare_files
    except ImportError:
        return {"skipped": "copydetect is not installed"}
    # Guarantee and noise threshold both 13 (window 1): every 13-gram is a fingerprint.
    t0 = time.perf_counter()
    refs = [
        CodeFingerprint(f"doc{i}.txt", MIN_RUN, 1, filter=False, fp=io.StringIO(t))
        for i, t in enumerate(corpus_norm)
    ]
    build = time.perf_counter() - t0
    found_pairs = truth_pairs = chars_found = chars_truth = 0
    t0 = time.perf_counter()
    for note, tr in zip(notes, truth, strict=True):
        q = CodeFingerprint("q.txt", MIN_RUN, 1, filter=False, fp=io.StringIO(note))
        hits: dict[int, set[int]] = {}
        for i, ref in enumerate(refs):
            overlap, _sims, (slices_q, _slices_r) = compare_files(q, ref)
            if overlap:
                cov = set()
                for a, b in zip(slices_q[0], slices_q[1], strict=True):
                    cov.update(range(int(a), int(b)))
                hits[i] = cov
        truth_pairs += len(tr)
        found_pairs += sum(1 for d in tr if d in hits)
        for d, cov in tr.items():
            chars_truth += len(cov)
            chars_found += len(cov & hits.get(d, set()))
    seconds = time.perf_counter() - t0
    return {
        "queries": len(notes),
        "fingerprint_corpus_s": round(build, 1),
        "query_mean_s": round(seconds / len(notes), 3),
        "pair_recall": found_pairs / truth_pairs if truth_pairs else 1.0,
        "char_recall": chars_found / chars_truth if chars_truth else 1.0,
    }


def compare_minhash(corpus_norm: list[str], notes: list[str], truth: list[dict]) -> dict:
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        return {"skipped": "datasketch is not installed"}

    def sketch(text: str) -> MinHash:
        m = MinHash(num_perm=128)
        grams = {text[i : i + MIN_RUN].encode("utf-8") for i in range(len(text) - MIN_RUN + 1)}
        m.update_batch(list(grams))
        return m

    out = {}
    t0 = time.perf_counter()
    sketches = [sketch(t) for t in corpus_norm]
    out["sketch_corpus_s"] = round(time.perf_counter() - t0, 1)
    for threshold in (0.5, 0.1):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        t0 = time.perf_counter()
        for i, m in enumerate(sketches):
            lsh.insert(i, m)
        build = time.perf_counter() - t0
        found = truth_pairs = reported = 0
        t0 = time.perf_counter()
        for note, tr in zip(notes, truth, strict=True):
            hits = set(lsh.query(sketch(note)))
            reported += len(hits)
            truth_pairs += len(tr)
            found += sum(1 for d in tr if d in hits)
        out[f"threshold_{threshold}"] = {
            "index_s": round(build, 1),
            "query_mean_s": round((time.perf_counter() - t0) / len(notes), 4),
            "document_recall": found / truth_pairs if truth_pairs else 1.0,
            "documents_reported": reported,
            "spans": "none (document-level similarity only)",
        }
    return out


# -- main -----------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--small", action="store_true", help="2,000 and 10,000 documents, 200 recall queries"
    )
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 10000,100000)")
    parser.add_argument("--queries", type=int, help="recall queries (default 1000)")
    parser.add_argument("--latency-queries", type=int, default=50)
    parser.add_argument(
        "--compare-queries", type=int, default=50, help="notes run through copydetect / datasketch"
    )
    parser.add_argument(
        "--sql-max-docs",
        type=int,
        default=10_000,
        help="largest corpus indexed into the SQL stores",
    )
    parser.add_argument("--stores", help="comma-separated subset of memory,sqlite,postgres")
    parser.add_argument(
        "--stock-docs",
        type=float,
        default=0.1,
        help="share of documents holding sample-essay sentences",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "textreuse_bench.json"))
    args = parser.parse_args()

    sizes = [
        int(s) for s in (args.sizes or ("2000,10000" if args.small else "10000,100000")).split(",")
    ]
    n_recall = args.queries or (200 if args.small else 1000)
    stores = ["memory", "sqlite"]
    if is_postgres_url(os.environ.get("DATABASE_URL", "")):
        stores.append("postgres")
    if args.stores:
        wanted = args.stores.split(",")
        stores = [s for s in stores if s in wanted]

    started = time.perf_counter()
    gen = CorpusGenerator(args.seed, args.stock_docs)
    results: dict = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}",
        "sample_corpus": SAMPLE_DIR.is_dir(),
        "stock_docs": gen.stock_docs,
        "sizes": {},
    }
    workdir = Path(tempfile.mkdtemp(prefix="textreuse-bench-"))
    corpus: list[str] = []
    try:
        for size in sizes:
            t0 = time.perf_counter()
            while len(corpus) < size:
                corpus.append(gen.document())
            gen_s = time.perf_counter() - t0
            notes = [gen.note(corpus[:size])[0] for _ in range(args.latency_queries)]
            entry: dict = {"generate_s": round(gen_s, 1)}
            for kind in stores:
                if kind != "memory" and size > args.sql_max_docs:
                    continue
                print(
                    f"[{time.perf_counter() - started:6.0f}s] {size} docs -> {kind}",
                    file=sys.stderr,
                )
                store = make_store(kind, workdir, f"s{size}")
                engine = Engine(store)
                part = index_corpus(kind, store, corpus[:size])
                part["latency"] = latency(engine, notes)
                if size == sizes[0] and kind == "memory":
                    recall_notes = [gen.note(corpus[:size])[0] for _ in range(n_recall)]
                    corpus_norm = [normalize(t).text for t in corpus[:size]]
                    print(
                        f"[{time.perf_counter() - started:6.0f}s] recall on {n_recall} notes",
                        file=sys.stderr,
                    )
                    t0 = time.perf_counter()
                    brute = BruteForce(corpus_norm)
                    build = time.perf_counter() - t0
                    part["recall"] = recall(engine, brute, build, recall_notes)
                    cmp_notes = [normalize(n).text for n in recall_notes[: args.compare_queries]]
                    truth = [brute.coverage(n) for n in cmp_notes]
                    del brute
                    print(
                        f"[{time.perf_counter() - started:6.0f}s] copydetect / datasketch",
                        file=sys.stderr,
                    )
                    entry["copydetect"] = compare_copydetect(corpus_norm, cmp_notes, truth)
                    entry["datasketch_minhash_lsh"] = compare_minhash(corpus_norm, cmp_notes, truth)
                entry[kind] = part
                drop_store(kind, store)
                del store, engine
                gc.collect()
            results["sizes"][str(size)] = entry
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["total_s"] = round(time.perf_counter() - started, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(summary(results))
    return 0


def summary(r: dict) -> str:
    lines = [f"`{r['command']}` — {r['machine']}; total {r['total_s']} s", ""]
    lines.append(
        "| docs | store | index chars/s | index size | p50 check | p95 check | candidates/check |"
    )
    lines.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for size, entry in r["sizes"].items():
        for kind in ("memory", "sqlite", "postgres"):
            if kind not in entry:
                continue
            e = entry[kind]
            lat = e["latency"]
            lines.append(
                f"| {int(size):,} | {kind} | {e['chars_per_second']:,} | "
                f"{e['index_bytes'] / 2**20:,.0f} MiB | {lat['p50_s'] * 1000:.1f} ms | "
                f"{lat['p95_s'] * 1000:.1f} ms | {lat['mean_candidate_documents']} |"
            )
    for size, entry in r["sizes"].items():
        rec = entry.get("memory", {}).get("recall")
        if rec:
            lines += ["", f"Recall on {size} docs: " + json.dumps(rec)]
        for key in ("copydetect", "datasketch_minhash_lsh"):
            if key in entry:
                lines.append(f"{key}: " + json.dumps(entry[key]))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
