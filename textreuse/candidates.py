"""Which stored documents the edited-copy search (疑似改写, edited.py) aligns.

Only ``limit`` candidates are aligned per check, to bound its cost. Ranking alone gave
those slots to the documents sharing most with the query — and when the note copies an
essay found on many sites, its mirrors share the same passage equally, so ten mirrors
took every slot and an edited copy of *another* source in the same note was never
aligned (26 mirrors: edited_ratio 0; the same note with 2 mirrors: the passage found
at 0.92 similarity). Candidates are therefore chosen for coverage of the query.
"""

from __future__ import annotations

import numpy as np

from .edited import BAND
from .store import Seeds

#: Seeds of one document are counted per diagonal band of ``BAND`` characters; one is
#: enough to be a candidate (a 50-character passage with one change in 8 characters
#: often shares a single fingerprint with its source), ranking does the rest.
MIN_BAND_SEEDS = 1

#: A candidate is passed over when at least this share of the query positions of its
#: seeds are seed positions of candidates already chosen. A mirror shares the query
#: through the very same fingerprints as the first copy chosen, so its positions are
#: all covered (share 1.0) whatever header or footer its site adds; a source holding a
#: passage the chosen ones do not — an edited copy elsewhere in the note, or a version
#: of the essay closer to the note (more shared fingerprints) — keeps positions of its
#: own above the remaining tenth. Aligning a passed-over mirror would find the query
#: text the first copy's alignment already covers, so edited_ratio cannot lose by it.
REDUNDANT_SHARE = 0.9


def rank_candidates(seeds: Seeds, limit: int) -> list[int]:
    """Up to ``limit`` documents most likely to hold an edited copy, best first.

    Ranked by the largest number of seeds (shared fingerprints, context rule off) in one
    diagonal band — an edited passage keeps its offset, hits of stock phrases scatter —
    then by all their seeds; documents whose seeds cover no query position of their own
    beyond the better-ranked chosen ones (mirrors, see REDUNDANT_SHARE) are skipped.
    """
    if len(seeds) == 0 or limit <= 0:
        return []
    band = (seeds.qpos - seeds.spos) // BAND
    # One int64 key per (document, band): ids stay below 2**31, bands within ±2**31.
    keys, counts = np.unique((seeds.doc_ids << 32) + band + (1 << 31), return_counts=True)
    docs = keys >> 32
    starts = np.flatnonzero(np.concatenate([[True], docs[1:] != docs[:-1]]))
    best = np.maximum.reduceat(counts, starts)
    total = np.add.reduceat(counts, starts)
    keep = best >= MIN_BAND_SEEDS
    ids, score, total = docs[starts][keep], best[keep], total[keep]
    ranked = ids[np.lexsort((ids, -total, -score))]
    if ranked.size <= 1:
        return ranked[:limit].tolist()
    return _for_coverage(seeds, ranked, limit)


def _for_coverage(seeds: Seeds, ranked: np.ndarray, limit: int) -> list[int]:
    # The distinct query positions of each ranked document's seeds, documents in rank
    # order, as one flat array with a start per document.
    qlen = int(seeds.qpos.max()) + 1
    pairs = np.unique(seeds.doc_ids * qlen + seeds.qpos)
    pdoc, pq = pairs // qlen, pairs % qlen
    rank_of = np.full(int(pdoc.max()) + 1, ranked.size, dtype=np.int64)
    rank_of[ranked] = np.arange(ranked.size)
    r = rank_of[pdoc]
    order = np.argsort(r, kind="stable")
    r, pq = r[order], pq[order]
    inside = r < ranked.size
    r, pq = r[inside], pq[inside]
    starts = np.searchsorted(r, np.arange(ranked.size))
    sizes = np.diff(np.append(starts, r.size))
    covered = np.zeros(qlen, dtype=bool)
    alive = np.ones(ranked.size, dtype=bool)
    chosen: list[int] = []
    # At most ``limit`` rounds, each one pass over the seeds in numpy: pick the best
    # ranked document still alive, then drop every document it makes redundant.
    while len(chosen) < limit:
        left = np.flatnonzero(alive)
        if left.size == 0:
            break
        i = int(left[0])
        chosen.append(int(ranked[i]))
        alive[i] = False
        covered[pq[starts[i] : starts[i] + sizes[i]]] = True
        hit = np.add.reduceat(covered[pq].astype(np.int64), starts)
        alive &= hit < REDUNDANT_SHARE * sizes
    return chosen
