"""Edited-copy detection (疑似改写) of the textreuse engine (issue 20, item 3).

    .venv/bin/python bench/textreuse_edited_bench.py                  # 10,000 documents
    .venv/bin/python bench/textreuse_edited_bench.py --docs 2000 --notes 100

1. **Planted edited passages**: the synthetic corpus of textreuse_bench.py (same
   generator), with words of the synonym list sprinkled into its sentences as the genre
   has them. A note is 1,500 characters of its own text around one passage of 50-400
   characters from one document, edited with one change in every 8, 10 or 12 characters
   — a synonym swap when the block holds a synonym word (half of the time), else a
   substituted character — and its punctuation changed. A passage counts as found when
   the report marks (edited or exact spans of the right source) at least half of it;
   character recall counts the marked characters of the passage.
2. **False positives**: characters reported as edited copies (not already exact copies)
   when unrelated essays of the genre are checked against each other: synthetic
   documents of which every one carries sentences of the sample essays (stock text),
   and pieces of the three sample essays (../shared/corpus-sample, read at run time;
   skipped with the reason when absent) checked against the pieces of the others.
3. **Cost**: check latency with edited detection on and off, on the same notes.
4. **difflib** on the same planted (note, source) pairs and the same unrelated pairs:
   characters inside matching blocks of 5 or more (SequenceMatcher, autojunk off).
5. **copydetect** (requirements/bench.txt; skipped with the reason when not installed) on
   the same pairs as difflib: ``CodeFingerprint`` of the normalized texts with noise and
   guarantee thresholds both k (window 1: every k-gram is a fingerprint, no winnowing
   loss), for k in ``--copydetect-k`` (default 5, 8, 13), ``compare_files`` of each pair;
   the characters of the note inside its copied slices are its marks. Both baselines
   compare one pair at a time (no index); their time per pair excludes nothing.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from textreuse_bench import SAMPLE_DIR, CorpusGenerator  # noqa: E402

from textreuse import DocumentInput, Engine, strip_boilerplate  # noqa: E402
from textreuse.edited import _synonyms  # noqa: E402
from textreuse.normalize import normalize  # noqa: E402

PERIODS = (8, 10, 12)


def synonym_groups() -> list[list[str]]:
    text = (ROOT / "textreuse" / "data" / "synonyms.txt").read_text("utf-8")
    return [ln.split() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class GenreGenerator(CorpusGenerator):
    """The benchmark corpus with synonym words in its sentences (one every ~30 chars)."""

    def __init__(self, seed: int, stock_docs: float) -> None:
        super().__init__(seed, stock_docs)
        self.groups = synonym_groups()

    def document(self, n: int = 3000) -> str:
        text = super().document(n)
        parts = re.split(r"(。)", text)
        for i in range(0, len(parts), 2):
            if len(parts[i]) > 12 and self.rng.random() < 0.8:
                group = self.groups[int(self.rng.integers(len(self.groups)))]
                word = group[int(self.rng.integers(len(group)))]
                at = int(self.rng.integers(0, len(parts[i])))
                parts[i] = parts[i][:at] + word + parts[i][at:]
        return "".join(parts)


def edit(gen: GenreGenerator, passage: str, period: int) -> str:
    """One change per ``period`` normalized characters; punctuation changed."""
    norm = normalize(passage).text
    words = {w: g for g in gen.groups for w in g}
    chars = list(norm)
    for block in range(0, len(chars), period):
        hi = min(block + period, len(chars))
        window = "".join(chars[block:hi])
        swaps = [(m.start(), w) for w in words for m in re.finditer(re.escape(w), window)]
        if swaps and gen.rng.random() < 0.5:
            at, word = swaps[int(gen.rng.integers(len(swaps)))]
            other = [w for w in words[word] if w != word]
            new = other[int(gen.rng.integers(len(other)))]
            chars[block + at : block + at + len(word)] = list(new)
        else:
            i = int(gen.rng.integers(block, hi))
            chars[i] = chr(int(gen.chars(1)[0]))
    text = "".join(chars)
    # Punctuation: a comma every 9-20 characters, full stop at the end.
    out, i = [], 0
    while i < len(text):
        step = int(gen.rng.integers(9, 21))
        out.append(text[i : i + step])
        i += step
    return "，".join(out) + "。"


def covered(report, ref: str) -> set[int]:
    marks: set[int] = set()
    for s in report.spans:
        if s.ref == ref:
            marks.update(range(s.norm_start, s.norm_end))
    for e in report.edited_spans:
        if e.ref == ref:
            marks.update(range(e.norm_start, e.norm_end))
    return marks


def difflib_marks(a: str, b: str, min_block: int = 5) -> set[int]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    marks: set[int] = set()
    for blk in sm.get_matching_blocks():
        if blk.size >= min_block:
            marks.update(range(blk.a, blk.a + blk.size))
    return marks


def copydetect_marks(a: str, b: str, k: int) -> set[int]:
    """Characters of ``a`` inside copydetect's copied slices against ``b`` (every k-gram)."""
    from copydetect import CodeFingerprint, compare_files

    fa = CodeFingerprint("a.txt", k, 1, filter=False, fp=io.StringIO(a))
    fb = CodeFingerprint("b.txt", k, 1, filter=False, fp=io.StringIO(b))
    overlap, _sims, (slices_a, _slices_b) = compare_files(fa, fb)
    marks: set[int] = set()
    if not overlap:
        return marks  # no slices: copydetect returns empty arrays
    for lo, hi in zip(slices_a[0], slices_a[1], strict=True):
        marks.update(range(int(lo), int(hi)))
    return marks


def copydetect_version() -> str | None:
    try:
        import copydetect  # noqa: F401
    except ImportError:
        return None
    from importlib.metadata import version

    return version("copydetect")


def band_of(length: int) -> str:
    return "50-99" if length < 100 else "100-199" if length < 200 else "200-400"


def recall_table(rows: dict[str, list]) -> tuple[dict, int, int, int]:
    table = {}
    allf = allc = allt = 0
    for key, vals in sorted(rows.items()):
        found = sum(1 for m, t in vals if m >= 0.5 * t)
        chars, total = sum(m for m, _ in vals), sum(t for _, t in vals)
        table[key] = {
            "passages": len(vals),
            "passage_recall": round(found / len(vals), 3),
            "char_recall": round(chars / total, 3),
        }
        allf, allc, allt = allf + found, allc + chars, allt + total
    return table, allf, allc, allt


def copydetect_planted(pairs: list[tuple], ks: list[int]) -> dict:
    """copydetect on the planted (note, source) pairs: (note, source, p0, p1, key)."""
    out = {}
    for k in ks:
        rows: dict[str, list] = {}
        t0 = time.perf_counter()
        for note_norm, src_norm, p0, p1, key in pairs:
            marks = copydetect_marks(note_norm, src_norm, k) & set(range(p0, p1))
            rows.setdefault(key, []).append((len(marks), p1 - p0))
        seconds = time.perf_counter() - t0
        table, allf, allc, allt = recall_table(rows)
        out[f"k{k}"] = {
            "pairs": len(pairs),
            "passage_recall": round(allf / len(pairs), 3),
            "char_recall": round(allc / allt, 3),
            "ms_per_pair": round(1000 * seconds / len(pairs), 1),
            "by_period_and_length": table,
        }
    return out


def planted(
    engine: Engine, gen: GenreGenerator, corpus: list[str], n: int, difflib_pairs: int
) -> tuple[dict, list[tuple]]:
    rows: dict[str, list] = {}
    on, off, dl_time = [], [], 0.0
    dl_found = dl_chars = dl_total = 0
    baseline_pairs: list[tuple] = []
    for k in range(n):
        d = int(gen.rng.integers(len(corpus)))
        length = int(gen.rng.integers(50, 401))
        period = PERIODS[k % len(PERIODS)]
        src_norm = normalize(corpus[d]).text
        start = int(gen.rng.integers(0, max(1, len(src_norm) - length)))
        passage = edit(gen, src_norm[start : start + length], period)
        own_a, own_b = gen.text(750), gen.text(750)
        note = own_a + passage + own_b
        p0 = len(normalize(own_a).text)
        p1 = p0 + len(normalize(passage).text)
        t0 = time.perf_counter()
        report = engine.check(note)
        on.append(time.perf_counter() - t0)
        engine.edited = False
        t0 = time.perf_counter()
        engine.check(note)
        off.append(time.perf_counter() - t0)
        engine.edited = True
        marks = covered(report, f"doc{d}") & set(range(p0, p1))
        key = f"{period}/{band_of(length)}"
        rows.setdefault(key, []).append((len(marks), p1 - p0))
        if k < difflib_pairs:
            note_norm = normalize(note).text
            baseline_pairs.append((note_norm, src_norm, p0, p1, key))
            t0 = time.perf_counter()
            dm = difflib_marks(note_norm, src_norm) & set(range(p0, p1))
            dl_time += time.perf_counter() - t0
            dl_found += len(dm) >= 0.5 * (p1 - p0)
            dl_chars += len(dm)
            dl_total += p1 - p0
    table, allf, allc, allt = recall_table(rows)
    return {
        "notes": n,
        "passage_recall": round(allf / n, 3),
        "char_recall": round(allc / allt, 3),
        "by_period_and_length": table,
        "check_ms_edited_on": _lat(on),
        "check_ms_edited_off": _lat(off),
        "difflib_same_pairs": {
            "pairs": min(n, difflib_pairs),
            "passage_recall": round(dl_found / min(n, difflib_pairs), 3),
            "char_recall": round(dl_chars / dl_total, 3),
            "ms_per_pair": round(1000 * dl_time / min(n, difflib_pairs), 1),
        },
    }, baseline_pairs


def _lat(times: list[float]) -> dict:
    return {
        "p50": round(1000 * float(np.percentile(times, 50)), 1),
        "p95": round(1000 * float(np.percentile(times, 95)), 1),
        "mean": round(1000 * float(np.mean(times)), 1),
    }


def false_positives(
    pairs: list[tuple[str, str]], label: str, difflib_pairs: int, cd_ks: list[int]
) -> dict:
    """Each (query, other) pair: the other indexed alone, the query checked."""
    edited = total = exact = dl = dl_total = 0
    cd = dict.fromkeys(cd_ks, 0)
    cd_time = dict.fromkeys(cd_ks, 0.0)
    for k, (query, other) in enumerate(pairs):
        engine = Engine()
        engine.add("other", other)
        r = engine.check(query)
        edited += r.edited_chars
        exact += r.copied_chars
        total += r.total_chars
        if k < difflib_pairs:
            qn, other_n = normalize(query).text, normalize(other).text
            dl += len(difflib_marks(qn, other_n))
            dl_total += r.total_chars
            for ck in cd_ks:
                t0 = time.perf_counter()
                cd[ck] += len(copydetect_marks(qn, other_n, ck))
                cd_time[ck] += time.perf_counter() - t0
    cd_out = {
        f"k{ck}": {
            "marked_share": round(cd[ck] / dl_total, 5) if dl_total else None,
            "ms_per_pair": round(1000 * cd_time[ck] / min(len(pairs), difflib_pairs), 1),
        }
        for ck in cd_ks
    }
    return {
        "pairs": len(pairs),
        "characters": total,
        "edited_share": round(edited / total, 5),
        "exact_share": round(exact / total, 5),
        "difflib_pairs": min(len(pairs), difflib_pairs),
        "difflib_blocks_ge5_share": round(dl / dl_total, 5) if dl_total else None,
        **({"copydetect": cd_out} if cd_ks else {}),
        "what": label,
    }


def sample_pieces() -> list[tuple[int, str]]:
    if not SAMPLE_DIR.is_dir():
        return []
    pieces = []
    for i, path in enumerate(sorted(SAMPLE_DIR.glob("*.txt"))):
        text = strip_boilerplate(path.read_text(encoding="utf-8")).text
        paras = [p for p in text.split("\n") if p.strip()]
        chunk = ""
        for p in paras:
            chunk += p + "\n"
            if len(chunk) >= 600:
                pieces.append((i, chunk))
                chunk = ""
        if len(chunk) >= 200:
            pieces.append((i, chunk))
    return pieces


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--fp-pairs", type=int, default=1000)
    parser.add_argument(
        "--difflib-pairs",
        type=int,
        default=50,
        help="pairs (planted and unrelated) also run through difflib and copydetect",
    )
    parser.add_argument(
        "--copydetect-k", default="5,8,13", help="copydetect noise = guarantee thresholds"
    )
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "textreuse_edited.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    cd_version = copydetect_version()
    cd_ks = [int(k) for k in args.copydetect_k.split(",") if k] if cd_version else []
    _synonyms()  # load once, outside the timings
    gen = GenreGenerator(args.seed, 0.1)
    corpus = [gen.document() for _ in range(args.docs)]
    engine = Engine()
    engine.rebuild(DocumentInput(f"doc{i}", t) for i, t in enumerate(corpus))
    result: dict = {"command": " ".join(["python", *sys.argv]), "documents": args.docs}
    print(f"[{time.perf_counter() - started:5.0f}s] planted", file=sys.stderr)
    result["planted"], baseline_pairs = planted(engine, gen, corpus, args.notes, args.difflib_pairs)
    print(f"[{time.perf_counter() - started:5.0f}s] false positives", file=sys.stderr)
    stock = CorpusGenerator(args.seed + 1, 1.0)  # every document carries stock sentences
    docs = [stock.document() for _ in range(2 * args.fp_pairs)]
    result["false_positives_synthetic"] = false_positives(
        list(zip(docs[0::2], docs[1::2], strict=True)),
        "synthetic essays, each with 1-3 sample-essay sentences (stock text)",
        args.difflib_pairs,
        cd_ks,
    )
    pieces = sample_pieces()
    if pieces:
        pairs = [(a, b) for i, a in pieces for j, b in pieces if i != j]
        result["false_positives_sample_essays"] = false_positives(
            pairs, "pieces (~600 chars) of the three sample essays, each against each piece "
            "of the other essays", args.difflib_pairs, cd_ks,
        )  # fmt: skip
    else:
        result["false_positives_sample_essays"] = {"skipped": f"{SAMPLE_DIR} is absent"}
    if cd_version:
        print(f"[{time.perf_counter() - started:5.0f}s] copydetect", file=sys.stderr)
        result["copydetect"] = {
            "version": cd_version,
            "planted_same_pairs": copydetect_planted(baseline_pairs, cd_ks),
        }
    else:
        result["copydetect"] = {"skipped": "copydetect is not installed in this environment"}
    result["total_s"] = round(time.perf_counter() - started, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
