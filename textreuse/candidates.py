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
#: own above the remaining tenth. A mirror holds the same text around the same query
#: positions, so aligning it would report again the passages the first copy's alignment
#: reports (only a mirror that differs from the first copy exactly there could add one).
#: Seeds are counted with repeats (a query position matching twice counts twice).
REDUNDANT_SHARE = 0.9

#: At most this many ranked documents are looked at to choose the candidates (each look
#: costs a few microseconds); far more than the mirrors of one essay anyone has seen.
MAX_SCAN = 2000


def rank_candidates(seeds: Seeds, limit: int, by_doc: np.ndarray | None = None) -> list[int]:
    """Up to ``limit`` documents most likely to hold an edited copy, best first.

    Ranked by the largest number of seeds (shared fingerprints, context rule off) in one
    diagonal band — an edited passage keeps its offset, hits of stock phrases scatter —
    then by all their seeds; documents whose seeds cover no query position of their own
    beyond the better-ranked chosen ones (mirrors, see REDUNDANT_SHARE) are skipped.
    ``by_doc``: ``np.argsort(seeds.doc_ids, kind="stable")`` when the caller has it.
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
    if ranked.size <= limit:
        return ranked.tolist()
    if by_doc is None:
        by_doc = np.argsort(seeds.doc_ids, kind="stable")
    return _for_coverage(seeds, by_doc, ranked, limit)


def _for_coverage(seeds: Seeds, by_doc: np.ndarray, ranked: np.ndarray, limit: int) -> list[int]:
    # Documents are looked at in rank order; one whose seeds' query positions are mostly
    # covered already is passed over, the others cover theirs. Usually the loop ends
    # after about ``limit`` documents, a few more per mirrored essay in the note.
    sorted_ids = seeds.doc_ids[by_doc]
    qpos = seeds.qpos[by_doc]
    scan = ranked[:MAX_SCAN]
    lo = np.searchsorted(sorted_ids, scan, side="left").tolist()
    hi = np.searchsorted(sorted_ids, scan, side="right").tolist()
    covered = np.zeros(int(seeds.qpos.max()) + 1, dtype=bool)
    chosen: list[int] = []
    for doc, a, b in zip(scan.tolist(), lo, hi, strict=True):
        q = qpos[a:b]
        if chosen and np.count_nonzero(covered[q]) >= REDUNDANT_SHARE * q.size:
            continue
        covered[q] = True
        chosen.append(doc)
        if len(chosen) == limit:
            break
    return chosen
