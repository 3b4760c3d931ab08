"""疑似改写 — edited copies: passages copied with characters changed, synonyms swapped
or short pieces inserted, deleted or moved, so that no 13-character run survives.

Method (per candidate source, both texts normalized as for exact matching):

1. **Synonyms count as equal**: every word of a synonym group (``data/synonyms.txt``,
   equal lengths within a group) is replaced by the group's first word in both texts,
   which keeps every character offset.
2. **Anchors**: every shared 4-gram of the two texts is an anchor (query position,
   source position). With one change in 8 characters, 59 % of 4-grams survive, so an
   edited passage is dense with anchors along one diagonal (query − source offset);
   4-grams repeated more than ``MAX_OCCURRENCES`` times in the source are ignored.
3. **Chains**: anchors taken in query order are chained when the next one is at most
   ``MAX_GAP`` characters further in the query and its diagonal moves by at most
   ``MAX_SHIFT`` (an insertion or deletion of up to that many characters). Clauses moved
   elsewhere start a new chain, found on its own diagonal.
4. **Similarity** of a chain's region (first to last anchor): characters covered by
   anchors plus, between anchors, characters equal to the source on the diagonal of
   the anchor before them (a substituted character leaves its neighbours aligned),
   divided by the longer of the two regions — insertions and deletions lower it.
   This is a banded alignment restricted to substitutions between anchors, which is
   what an edited copy mostly is, at numpy cost instead of a dynamic program.
5. A region of at least ``min_chars`` (default 50) query characters with similarity at
   least ``min_similarity`` (default 0.8) is an edited passage.

Stock phrases of the genre do not make unrelated essays edited copies: a shared stock
phrase is a short stretch of anchors, and the similarity of any 50-character region
around it stays far below 0.8 unless the surrounding text agrees as well.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .normalize import Normalized, code_points, normalize
from .store import StoredDocument

GRAM = 4
MAX_GAP = 20
MAX_SHIFT = 4
MAX_OCCURRENCES = 8
MIN_CHARS = 50
MIN_SIMILARITY = 0.8
EDGE = 2
_BASE = np.uint64(0x100000001B3)


@dataclass(frozen=True)
class EditedRegion:
    """query[qs:qe] looks like an edited copy of source[ss:se] (normalized offsets)."""

    qs: int
    qe: int
    ss: int
    se: int
    matched: int  # characters aligned with an equal (or synonym) character
    similarity: float


@dataclass(frozen=True)
class EditedMatch:
    """Edited passages (疑似改写) of one stored document found in the query."""

    doc: StoredDocument
    normalized: Normalized
    regions: list[EditedRegion]


@functools.cache
def _synonyms() -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per word length: sorted codes of the words to replace, their replacements, and
    which code points begin one of the words (a table over all code points)."""
    text = resources.files("textreuse").joinpath("data/synonyms.txt").read_text("utf-8")
    canon: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words = [normalize(w).text for w in line.split()]
        if len({len(w) for w in words}) != 1:
            raise ValueError(f"synonyms.txt: words of a group differ in length: {line!r}")
        for w in words[1:]:
            canon.setdefault(w, words[0])
    out = {}
    for n in sorted({len(w) for w in canon}, reverse=True):
        words = sorted(w for w in canon if len(w) == n)
        codes = np.array([_word_code(w) for w in words], dtype=np.uint64)
        order = np.argsort(codes)
        repl = np.array([code_points(canon[w]) for w in words], dtype=np.uint32)
        first = np.zeros(0x110000, dtype=bool)
        first[[ord(w[0]) for w in words]] = True
        out[n] = (codes[order], repl[order], first)
    return out


def _word_code(word: str) -> int:
    return int(_ngrams(code_points(word), len(word))[0])


def canonical(normalized_text: str) -> str:
    """``normalized_text`` with each synonym replaced by its group's first word (same
    length, so offsets are unchanged); longer words first, left to right."""
    codes = code_points(normalized_text).copy()
    taken = np.zeros(codes.size, dtype=bool)
    for n, (words, repl, first) in _synonyms().items():
        if codes.size < n:
            continue
        # Only positions whose character begins some word are looked up (a few in ten):
        # their n-gram codes, computed as _ngrams does.
        starts = np.flatnonzero(first[codes[: codes.size - n + 1]])
        if starts.size == 0:
            continue
        grams = codes[starts].astype(np.uint64)
        for j in range(1, n):
            grams = grams * _BASE + codes[starts + j]
        at = np.searchsorted(words, grams)
        at[at >= words.size] = 0
        hits = np.flatnonzero(words[at] == grams)
        for pos, word in zip(starts[hits].tolist(), at[hits].tolist(), strict=True):
            if not taken[pos : pos + n].any():
                taken[pos : pos + n] = True
                codes[pos : pos + n] = repl[word]
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def _ngrams(codes: np.ndarray, size: int) -> np.ndarray:
    n = codes.size - size + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    acc = c[:n].copy()
    for j in range(1, size):
        acc = acc * _BASE + c[j : j + n]
    return acc


def _grams(codes: np.ndarray) -> np.ndarray:
    return _ngrams(codes, GRAM)


def anchors(query: str, source: str) -> tuple[np.ndarray, np.ndarray]:
    """(query positions, source positions) of shared 4-grams, in query order."""
    qg, sg = _grams(code_points(query)), _grams(code_points(source))
    if qg.size == 0 or sg.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(sg, kind="stable")
    sorted_sg = sg[order]
    # Searching sorted keys is several times faster (the binary searches share paths).
    qorder = np.argsort(qg, kind="stable")
    keys = qg[qorder]
    lo = np.searchsorted(sorted_sg, keys, side="left")
    hi = np.searchsorted(sorted_sg, keys, side="right")
    counts = hi - lo
    counts[counts > MAX_OCCURRENCES] = 0
    total = int(counts.sum())
    qi = qorder[np.repeat(np.arange(keys.size), counts)]
    si = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)]
    pairs = np.lexsort((si, qi))
    return qi[pairs].astype(np.int64), si[pairs].astype(np.int64)


def _chains(qpos: np.ndarray, spos: np.ndarray) -> list[list[tuple[int, int]]]:
    done: list[list[tuple[int, int]]] = []
    active: list[list[tuple[int, int]]] = []
    for q, s in zip(qpos.tolist(), spos.tolist(), strict=True):
        d = q - s
        best, best_shift = None, MAX_SHIFT + 1
        still = []
        for chain in active:
            last_q, last_s = chain[-1]
            if q - last_q > MAX_GAP:
                done.append(chain)
                continue
            still.append(chain)
            shift = abs(d - (last_q - last_s))
            if shift < best_shift and s > last_s:
                best, best_shift = chain, shift
        active = still
        if best is None:
            active.append([(q, s)])
        elif best[-1][0] != q:
            best.append((q, s))
    return done + active


def _reach(query: np.ndarray, source: np.ndarray, q: int, s: int, step: int) -> int:
    """How far the region may grow from query q / source s (step -1: leftwards, the
    characters before q; +1: from q on): equal characters, single changed ones between
    them, stopping at the second change in a row."""
    best = misses = 0
    i = 0
    while misses < 2:
        qi, si = (q - 1 - i, s - 1 - i) if step < 0 else (q + i, s + i)
        if not (0 <= qi < query.size and 0 <= si < source.size):
            break
        i += 1
        if query[qi] == source[si]:
            misses = 0
            best = i
        else:
            misses += 1
    return best


def _region(query: np.ndarray, source: np.ndarray, chain: list[tuple[int, int]]) -> EditedRegion:
    # An edited passage may begin or end with a changed character or two before its
    # first anchor; grow the region over them while the texts still agree around.
    (q0, s0), (q1, s1) = chain[0], chain[-1]
    left = _reach(query, source, q0, s0, -1)
    right = _reach(query, source, q1 + GRAM, s1 + GRAM, 1)
    qs, qe = q0 - left, q1 + GRAM + right
    anchor = np.array(chain, dtype=np.int64).reshape(-1, 2)
    ss = int(anchor[:, 1].min()) - left
    se = int(anchor[:, 1].max()) + GRAM + right
    n = qe - qs
    # Anchors' query offsets in the region, strictly increasing (_chains appends an
    # anchor only past the chain's last query position).
    at = anchor[:, 0] - qs
    # Covered: the GRAM characters of each anchor (a +1/-1 difference array).
    edges = np.zeros(n + 1, dtype=np.int32)
    edges[at] += 1
    edges[at + GRAM] -= 1
    covered = np.cumsum(edges[:n]) > 0
    # The diagonal of an anchor holds until the next anchor starts (the first one's
    # also before it, over the characters grown leftwards).
    owner = np.searchsorted(at, np.arange(n), side="right") - 1
    diag = (anchor[:, 0] - anchor[:, 1])[np.maximum(owner, 0)]
    pos = np.arange(qs, qe)
    src = pos - diag
    inside = (src >= 0) & (src < source.size)
    equal = np.zeros(n, dtype=bool)
    equal[inside] = query[pos[inside]] == source[src[inside]]
    matched = int((covered | equal).sum())
    return EditedRegion(qs, qe, ss, se, matched, matched / max(n, se - ss))


def edited_regions(
    query: str,
    source: str,
    *,
    min_chars: int = MIN_CHARS,
    min_similarity: float = MIN_SIMILARITY,
) -> list[EditedRegion]:
    """Edited passages of ``source`` in ``query`` (both canonical normalized texts),
    non-overlapping in the query, in query order."""
    qpos, spos = anchors(query, source)
    if qpos.size == 0:
        return []
    qc, sc = code_points(query), code_points(source)
    found = []
    for chain in _chains(qpos, spos):
        if chain[-1][0] + GRAM - chain[0][0] < min_chars - 2 * MAX_GAP:
            continue
        region = _region(qc, sc, chain)
        # A changed character at either end of a copied passage cannot be told from
        # the text around it, hence a tolerance of EDGE characters at each end.
        if region.qe - region.qs >= min_chars - 2 * EDGE and region.similarity >= min_similarity:
            found.append(region)
    found.sort(key=lambda r: (-r.matched, r.qs))
    taken = np.zeros(len(query), dtype=bool)
    out = []
    for r in found:  # best first; a weaker chain over the same query text is dropped
        if not taken[r.qs : r.qe].any():
            taken[r.qs : r.qe] = True
            out.append(r)
    return sorted(out, key=lambda r: r.qs)


#: Width of the diagonal bands in which seeds are counted (candidates.py) and around
#: which windows are aligned.
BAND = 32


#: Characters of query and source around a candidate's seeds that are aligned: an edited
#: passage holds a seed, so it lies within this reach of one (longer passages have seeds
#: all along, and the window spans them).
WINDOW = 450


def seed_windows(
    qpos: np.ndarray, spos: np.ndarray, qlen: int, slen: int
) -> list[tuple[int, int, int, int]]:
    """(query start, end, source start, end) windows around one document's seeds, one
    per diagonal band, merged where they overlap."""
    band = (qpos - spos) // BAND
    wins = []
    for b in np.unique(band).tolist():
        sel = band == b
        q, s = qpos[sel], spos[sel]
        wins.append(
            [
                max(0, int(q.min()) - WINDOW),
                min(qlen, int(q.max()) + WINDOW),
                max(0, int(s.min()) - WINDOW),
                min(slen, int(s.max()) + WINDOW),
            ]
        )
    wins.sort()
    merged: list[list[int]] = []
    for w in wins:
        last = merged[-1] if merged else None
        if last and w[0] <= last[1] and w[2] <= last[3] and w[3] >= last[2]:
            last[1], last[2], last[3] = max(last[1], w[1]), min(last[2], w[2]), max(last[3], w[3])
        else:
            merged.append(w)
    return [(a, b, c, d) for a, b, c, d in merged]


def shared_kgrams(
    query: np.ndarray, source: np.ndarray, qpos: np.ndarray, spos: np.ndarray, k: int
) -> np.ndarray:
    """Which seeds really share their k-gram: ``query[qpos:qpos + k]`` equals
    ``source[spos:spos + k]`` (code points of the normalized texts). Packed postings keep
    32 bits of their hash, so on an SQL store a few postings of every lookup belong to
    other k-grams; with the context rule off (edited copies) such a stray posting makes
    a document that shares nothing with the query a candidate."""
    inside = (qpos >= 0) & (spos >= 0) & (qpos + k <= query.size) & (spos + k <= source.size)
    out = np.zeros(qpos.size, dtype=bool)
    off = np.arange(k)
    out[inside] = (query[qpos[inside, None] + off] == source[spos[inside, None] + off]).all(axis=1)
    return out


def edited_in_document(
    query_canon: str,
    source: str,
    qpos: np.ndarray,
    spos: np.ndarray,
    *,
    min_chars: int = MIN_CHARS,
    min_similarity: float = MIN_SIMILARITY,
) -> list[EditedRegion]:
    """Edited passages of one candidate (``source``: its normalized text) found in the
    windows around its seeds, non-overlapping in the query, in query order."""
    found = []
    for qlo, qhi, slo, shi in seed_windows(qpos, spos, len(query_canon), len(source)):
        for r in edited_regions(
            query_canon[qlo:qhi],
            canonical(source[slo:shi]),
            min_chars=min_chars,
            min_similarity=min_similarity,
        ):
            found.append(
                EditedRegion(
                    r.qs + qlo, r.qe + qlo, r.ss + slo, r.se + slo, r.matched, r.similarity
                )
            )
    found.sort(key=lambda r: (-r.matched, r.qs))
    taken = np.zeros(len(query_canon), dtype=bool)
    out = []
    for r in found:
        if not taken[r.qs : r.qe].any():
            taken[r.qs : r.qe] = True
            out.append(r)
    return sorted(out, key=lambda r: r.qs)
