"""Packed postings: the compact layout bulk loads write (table ``<prefix>buckets``).

A row per posting costs PostgreSQL about 60 bytes of tuple header, alignment and B-tree
entry for 30 bytes of data, i.e. ~35 bytes per indexed character. Here the postings
are grouped by the top ``bits`` bits of their hash into *buckets* of a few dozen: one row
``(bucket INTEGER PRIMARY KEY, data BLOB)`` per bucket, ``data`` being the bucket's
postings as fixed-width little-endian records (hash u64, doc u32, pos u32, context), so
the per-row cost is shared by ~30 postings. A record keeps only the top 32 bits of its
hash (the bucket id is a prefix of them, so any later width up to 32 bits can be
recomputed when buckets are merged): two different hashes agreeing on 32 bits cost one
seed verified and dropped by the matcher, never a missed match. A lookup reads the
buckets of the query's hashes and filters them with numpy (32-bit hash equality, then
the context rule), which keeps recall exactly that of the row-per-posting table.

Bulk loads do not sort in memory: postings are spilled to one file per hash range
(the top bits of the hash) while documents load, and each file is then sorted and cut
into buckets, so memory stays bounded by one range whatever the corpus size.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .store import Seeds
from .winnow import Fingerprints, context_agrees

#: Average postings per bucket aimed at: small enough that a lookup reads little
#: (a bucket row is ~0.7 KB), large enough that row overhead is ~1 byte per posting.
TARGET_PER_BUCKET = 32
MIN_BITS, MAX_BITS = 8, 30  # bucket ids stay positive 32-bit integers
_PARTITION_BITS = 6  # spill files per load: 64 hash ranges


def record_dtype(context_width: int, full_hash: bool = False) -> np.dtype:
    """Stored record (top 32 hash bits); ``full_hash`` is the spill-file record."""
    fields: list = [("h", "<u8" if full_hash else "<u4"), ("doc", "<u4"), ("pos", "<u4")]
    if context_width:
        fields.append(("ctx", "u1", (context_width,)))
    return np.dtype(fields)


@dataclass
class Partition:
    """Consecutive buckets: ``records[bounds[i]:bounds[i + 1]]`` is bucket ``buckets[i]``."""

    buckets: np.ndarray  # int64, increasing
    bounds: np.ndarray  # int64, len(buckets) + 1
    records: np.ndarray  # record_dtype

    def rows(self) -> Iterator[tuple[int, bytes]]:
        raw = memoryview(self.records.tobytes())
        size = self.records.dtype.itemsize
        b = self.bounds.tolist()
        for i, bucket in enumerate(self.buckets.tolist()):
            yield bucket, bytes(raw[b[i] * size : b[i + 1] * size])


def bucket_bits(postings: int) -> int:
    if postings <= 0:
        return MIN_BITS
    return max(MIN_BITS, min(MAX_BITS, math.ceil(math.log2(postings / TARGET_PER_BUCKET))))


def bucket_of(hashes: np.ndarray, bits: int) -> np.ndarray:
    return (hashes >> np.uint64(64 - bits)).astype(np.int64)


class PackedBuilder:
    """Collects postings of a bulk load and yields them as (bucket, data) rows."""

    def __init__(self, context_width: int, workdir: str | None = None) -> None:
        self.dtype = record_dtype(context_width, full_hash=True)
        self.out_dtype = record_dtype(context_width)
        self.width = context_width
        self._dir = tempfile.TemporaryDirectory(prefix="textreuse-load-", dir=workdir)
        self._files = [
            open(Path(self._dir.name) / f"{i:02x}.bin", "wb")  # noqa: SIM115 - kept open
            for i in range(1 << _PARTITION_BITS)
        ]
        self.postings = 0

    def add(
        self, hashes: np.ndarray, doc_ids: np.ndarray, positions: np.ndarray, contexts: np.ndarray
    ) -> None:
        n = int(hashes.size)
        if n == 0:
            return
        # uint8 keys: numpy sorts them stably by radix sort, in linear time.
        part = (hashes >> np.uint64(64 - _PARTITION_BITS)).astype(np.uint8)
        order = np.argsort(part, kind="stable")
        part = part[order]
        rec = np.empty(n, dtype=self.dtype)
        rec["h"], rec["doc"], rec["pos"] = hashes[order], doc_ids[order], positions[order]
        if self.width:
            rec["ctx"] = contexts[order]
        cuts = np.flatnonzero(np.diff(part)) + 1
        for a, b in zip(
            np.concatenate([[0], cuts]).tolist(), np.concatenate([cuts, [n]]).tolist(), strict=True
        ):
            rec[a:b].tofile(self._files[int(part[a])])
        self.postings += n

    def add_records(self, rec: np.ndarray) -> None:
        """Stored records (of the buckets being merged) back into the load."""
        ctx = rec["ctx"] if self.width else np.zeros((rec.size, 0), np.uint8)
        self.add(rec["h"].astype(np.uint64) << np.uint64(32), rec["doc"], rec["pos"], ctx)

    def partitions(self, bits: int, live: np.ndarray | None = None) -> Iterator[Partition]:
        """The buckets in order, a hash range at a time; ``live`` (sorted doc ids) drops
        postings of documents removed or replaced during the load."""
        for fh in self._files:
            fh.close()
        shift = np.uint64(64 - bits)
        self.kept = 0
        for i in range(1 << _PARTITION_BITS):
            path = Path(self._dir.name) / f"{i:02x}.bin"
            rec = np.fromfile(path, dtype=self.dtype)
            os.unlink(path)
            if live is not None and rec.size:
                rec = rec[np.isin(rec["doc"], live, assume_unique=False)]
            if rec.size == 0:
                continue
            # Stable: within a hash, postings keep document then position order.
            rec = rec[np.argsort(rec["h"], kind="stable")]
            self.kept += int(rec.size)
            buckets = (rec["h"] >> shift).astype(np.int64)
            cuts = np.flatnonzero(np.diff(buckets)) + 1
            starts = np.concatenate([[0], cuts])
            out = np.empty(rec.size, dtype=self.out_dtype)
            out["h"] = rec["h"] >> np.uint64(32)
            out["doc"], out["pos"] = rec["doc"], rec["pos"]
            if self.width:
                out["ctx"] = rec["ctx"]
            yield Partition(buckets[starts], np.concatenate([starts, [rec.size]]), out)

    def close(self) -> None:
        for fh in self._files:
            fh.close()
        self._dir.cleanup()


def decode(rows: list[tuple], context_width: int) -> np.ndarray:
    dtype = record_dtype(context_width)
    if not rows:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=dtype)


def join(
    fp: Fingerprints,
    query_keys: np.ndarray,
    keys: np.ndarray,
    docs: np.ndarray,
    positions: np.ndarray,
    contexts: np.ndarray | None,
    w: int,
    context: bool,
) -> Seeds:
    """Seeds of the postings whose key equals a query fingerprint's key; with
    ``context`` only those whose context agrees (the rule of every store's lookup),
    else all of them with ``agrees`` marking those. ``keys`` need not be sorted."""
    if keys.size == 0 or len(fp) == 0:
        return Seeds.empty()
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    qorder = np.argsort(query_keys, kind="stable")  # sorted keys search faster
    lo = np.searchsorted(keys, query_keys[qorder], side="left")
    hi = np.searchsorted(keys, query_keys[qorder], side="right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return Seeds.empty()
    qi = qorder[np.repeat(np.arange(query_keys.size), counts)]
    idx = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)]
    if contexts is not None and contexts.shape[1]:
        agrees = context_agrees(fp.contexts[qi], contexts[idx], w)
    else:
        agrees = np.ones(total, dtype=bool)
    seeds = Seeds(
        fp.positions[qi].astype(np.int64),
        docs[idx].astype(np.int64),
        positions[idx].astype(np.int64),
        agrees,
    )
    return seeds.agreeing() if context else seeds


def match(fp: Fingerprints, rec: np.ndarray, w: int, context: bool = True) -> Seeds:
    """Seeds of packed records (32-bit hash keys), see join."""
    ctx = rec["ctx"] if "ctx" in rec.dtype.names else None
    top = (fp.hashes >> np.uint64(32)).astype(np.uint32)
    return join(fp, top, rec["h"], rec["doc"], rec["pos"], ctx, w, context)
