"""Mirrors: the same essay on many sites, recognised by a sketch of its fingerprints.

Method: when a document is indexed, its winnowed fingerprint hashes (already computed for
the index) give a *bottom-k sketch* — the ``SKETCH_SIZE`` smallest distinct hashes, 128
bytes stored with the document. For two documents, the share of the k smallest hashes of
the union of their sketches that are in both sketches estimates the Jaccard similarity
of their fingerprint sets (Broder 1997). Winnowing picks the same fingerprints in equal
text, so two copies of one essay that differ only by site furniture or a few edits have
nearly equal sets; two essays sharing a few stock sentences do not.

A report groups the sources it lists: sources whose sketches agree at or above
``MIRROR_SIMILARITY`` and whose lengths are within ``MIRROR_LENGTH_RATIO`` of each other
join one group (transitively), shown once with its mirrors.
"""

from __future__ import annotations

import numpy as np

SKETCH_SIZE = 16
MIRROR_SIMILARITY = 0.75
MIRROR_LENGTH_RATIO = 0.8
BAND_VALUES = 4


def sketch_of(hashes: np.ndarray, size: int = SKETCH_SIZE) -> bytes:
    """The ``size`` smallest distinct hashes, little-endian uint64."""
    if hashes.size > 4 * size:
        # The smallest 4k values almost always hold k distinct ones: a partial sort of
        # those instead of sorting every hash of the document.
        small = np.unique(np.partition(hashes, 4 * size)[: 4 * size])
        if small.size >= size:
            return small[:size].astype("<u8").tobytes()
    return np.unique(hashes)[:size].astype("<u8").tobytes()


def _values(sketch: bytes) -> np.ndarray:
    return np.frombuffer(sketch, dtype="<u8")


def similarity(a: bytes, b: bytes, size: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of the fingerprint sets behind two sketches."""
    return _similarity(set(_values(a).tolist()), set(_values(b).tolist()), size)


def _similarity(a: set[int], b: set[int], size: int = SKETCH_SIZE) -> float:
    # Plain sets: 16 values each, far cheaper than numpy set routines per pair.
    if not a or not b:
        return 0.0
    union = sorted(a | b)[:size]
    both = a & b
    return sum(1 for v in union if v in both) / len(union)


def group(sketches: list[bytes], lengths: list[int]) -> list[int]:
    """Group index of each item (items in one group are mirrors of each other); the
    group index is the position of the group's first item."""
    parent = list(range(len(sketches)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Only pairs sharing one of their BAND_VALUES smallest hashes are compared: two
    # sketches at similarity >= 0.75 almost always do, and a report listing a stock
    # sentence's thousand sources must not compare every pair.
    values = [_values(s).tolist() for s in sketches]
    sets = [set(v) for v in values]
    by_value: dict[int, list[int]] = {}
    for i, vals in enumerate(values):
        for v in vals[:BAND_VALUES]:
            by_value.setdefault(v, []).append(i)
    pairs = {(i, j) for items in by_value.values() for i in items for j in items if i < j}
    for i, j in sorted(pairs):
        lo, hi = sorted((lengths[i], lengths[j]))
        if hi == 0 or lo / hi < MIRROR_LENGTH_RATIO:
            continue
        if _similarity(sets[i], sets[j]) >= MIRROR_SIMILARITY:
            ri, rj = root(i), root(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    return [root(i) for i in range(len(sketches))]
