"""In-memory store: postings in sorted numpy segments, documents in dicts."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .store import NewDocument, Seeds, StoredDocument, StoreError
from .winnow import DEFAULT_PARAMS, Fingerprints, Params, context_agrees


@dataclass
class _Segment:
    hashes: np.ndarray  # uint64, sorted
    doc_ids: np.ndarray  # int32
    positions: np.ndarray  # int32
    contexts: np.ndarray  # uint8 (n, context_width)

    @property
    def size(self) -> int:
        return int(self.hashes.size)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.hashes, self.doc_ids, self.positions, self.contexts))


def _sorted_segment(parts: list[_Segment], alive: np.ndarray | None) -> _Segment:
    hashes = np.concatenate([p.hashes for p in parts])
    doc_ids = np.concatenate([p.doc_ids for p in parts])
    positions = np.concatenate([p.positions for p in parts])
    contexts = np.concatenate([p.contexts for p in parts])
    if alive is not None:
        keep = alive[doc_ids]
        hashes, doc_ids, positions, contexts = (
            hashes[keep],
            doc_ids[keep],
            positions[keep],
            contexts[keep],
        )
    # Stable sort of concatenated sorted runs is a linear merge (timsort).
    order = np.argsort(hashes, kind="stable")
    return _Segment(hashes[order], doc_ids[order], positions[order], contexts[order])


class MemoryStore:
    """Postings live in a few hash-sorted segments (LSM style): additions go to a
    pending buffer that is sorted into a segment on the next lookup, and segments of
    similar size are merged, so adding stays cheap and a lookup is a handful of
    binary searches. Deletions are tombstones, compacted away once they pile up."""

    FLUSH_AT = 4_000_000  # pending postings sorted into a segment beyond this

    def __init__(self, params: Params = DEFAULT_PARAMS) -> None:
        self.params = params
        self._lock = threading.RLock()
        self.clear()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Holds the lock; there is nothing to roll back in memory."""
        with self._lock:
            yield

    # -- documents -------------------------------------------------------------------
    def add_documents(self, docs: Sequence[NewDocument]) -> list[int]:
        with self._lock:
            ids = []
            for doc in docs:
                if doc.ref in self._by_ref:
                    raise StoreError(f"ref already stored: {doc.ref!r}")
                doc_id = self._next_id
                self._next_id += 1
                self._docs[doc_id] = StoredDocument(
                    doc_id,
                    doc.ref,
                    doc.text,
                    doc.content_hash,
                    doc.chars,
                    doc.title,
                    doc.site,
                    doc.url,
                    doc.owner,
                    doc.sketch,
                )
                self._by_ref[doc.ref] = doc_id
                self._by_content.setdefault(doc.content_hash, []).append(doc_id)
                fp = doc.fingerprints
                n = len(fp)
                self._postings_of[doc_id] = n
                self._grow_alive(doc_id)
                self._alive[doc_id] = True
                if n:
                    self._pending.append(
                        _Segment(
                            fp.hashes,
                            np.full(n, doc_id, dtype=np.int32),
                            fp.positions.astype(np.int32),
                            fp.contexts,
                        )
                    )
                    self._pending_n += n
                ids.append(doc_id)
            if self._pending_n >= self.FLUSH_AT:
                self._flush()
            return ids

    def _grow_alive(self, doc_id: int) -> None:
        if doc_id >= self._alive.size:
            grown = np.zeros(max(doc_id + 1, 2 * self._alive.size), dtype=bool)
            grown[: self._alive.size] = self._alive
            self._alive = grown

    def delete_document(self, doc_id: int, hashes: np.ndarray | None = None) -> None:
        with self._lock:
            doc = self._docs.pop(doc_id, None)
            if doc is None:
                return
            del self._by_ref[doc.ref]
            same = self._by_content.get(doc.content_hash, [])
            if doc_id in same:
                same.remove(doc_id)
            if not same:
                self._by_content.pop(doc.content_hash, None)
            self._alive[doc_id] = False
            self._dead += self._postings_of.pop(doc_id, 0)
            if self._dead > 0.3 * max(1, self._total()):
                self._compact()

    def document_id(self, ref: str) -> int | None:
        return self._by_ref.get(ref)

    def get_documents(self, ids: Iterable[int]) -> dict[int, StoredDocument]:
        docs = self._docs
        return {i: docs[i] for i in ids if i in docs}

    def find_content(self, content_hashes: Sequence[int]) -> dict[int, str]:
        out = {}
        for h in content_hashes:
            ids = self._by_content.get(h)
            if ids:
                out[h] = self._docs[ids[0]].ref
        return out

    def count(self) -> int:
        return len(self._docs)

    def refs(self) -> list[str]:
        return list(self._by_ref)

    # -- postings --------------------------------------------------------------------
    def _total(self) -> int:
        return self._pending_n + sum(s.size for s in self._segments)

    def _flush(self) -> None:
        if self._pending:
            self._segments.append(_sorted_segment(self._pending, None))
            self._pending, self._pending_n = [], 0
        # Keep segment sizes geometric: merge while the newer one is at least half
        # the size of the one before it.
        while len(self._segments) >= 2 and 2 * self._segments[-1].size >= self._segments[-2].size:
            last = self._segments.pop()
            prev = self._segments.pop()
            merged = _sorted_segment([prev, last], self._alive)
            self._dead = max(0, self._dead - (prev.size + last.size - merged.size))
            self._segments.append(merged)

    def _compact(self) -> None:
        parts = self._segments + self._pending
        self._pending, self._pending_n = [], 0
        self._segments = [_sorted_segment(parts, self._alive)] if parts else []
        self._dead = 0

    def lookup(self, fp: Fingerprints, *, context: bool = True) -> Seeds:
        if len(fp) == 0:
            return Seeds.empty()
        with self._lock:
            if self._pending:
                self._flush()
            segments = list(self._segments)
            alive = self._alive
        parts = []
        for seg in segments:
            lo = np.searchsorted(seg.hashes, fp.hashes, side="left")
            hi = np.searchsorted(seg.hashes, fp.hashes, side="right")
            counts = hi - lo
            total = int(counts.sum())
            if total == 0:
                continue
            qi = np.repeat(np.arange(fp.hashes.size), counts)
            firsts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
            idx = firsts + np.arange(total)
            doc_ids = seg.doc_ids[idx]
            agrees = context_agrees(fp.contexts[qi], seg.contexts[idx], self.params.w)
            seeds = Seeds(fp.positions[qi], doc_ids, seg.positions[idx], agrees)
            seeds = seeds.select(alive[doc_ids])
            parts.append(seeds.agreeing() if context else seeds)
        return Seeds.concat(parts)

    # -- bulk loading ----------------------------------------------------------------
    @contextlib.contextmanager
    def bulk_load(self, *, replace: bool) -> Iterator[_MemoryLoad]:
        """Same interface as SQLStore.bulk_load: ``replace`` fills a new store and
        swaps its state in at the end (lookups meanwhile see the old one)."""
        if not replace:
            with self._lock:
                yield _MemoryLoad(self, self)
            return
        fresh = MemoryStore(self.params)
        with self._lock:
            fresh._next_id = self._next_id  # ids are never reused
        load = _MemoryLoad(fresh, self)
        yield load
        fresh._compact()
        with self._lock:
            self.__dict__.update(
                {k: v for k, v in fresh.__dict__.items() if k not in ("_lock", "params")}
            )

    # -- housekeeping ----------------------------------------------------------------
    def stats(self) -> dict:
        with self._lock:
            text_bytes = sum(sys.getsizeof(d.text) for d in self._docs.values())
            posting_bytes = sum(s.nbytes for s in self._segments + self._pending)
            return {
                "store": "memory",
                "documents": len(self._docs),
                "postings": self._total() - self._dead,
                "chars": sum(d.chars for d in self._docs.values()),
                "posting_bytes": posting_bytes,
                "text_bytes": text_bytes,
                "bytes": posting_bytes + text_bytes,
                "k": self.params.k,
                "w": self.params.w,
            }

    def clear(self) -> None:
        with self._lock:
            self._docs: dict[int, StoredDocument] = {}
            self._by_ref: dict[str, int] = {}
            self._by_content: dict[int, list[int]] = {}
            self._postings_of: dict[int, int] = {}
            self._next_id = 1
            self._segments: list[_Segment] = []
            self._pending: list[_Segment] = []
            self._pending_n = 0
            self._alive = np.zeros(1024, dtype=bool)
            self._dead = 0

    def close(self) -> None:
        pass


class _MemoryLoad:
    def __init__(self, target: MemoryStore, live: MemoryStore) -> None:
        self.target, self.live = target, live
        self.documents = 0

    def add(self, docs: Sequence[NewDocument]) -> list[int]:
        self.documents += len(docs)
        return self.target.add_documents(docs)

    def remove_loaded(self, ref: str) -> bool:
        doc_id = self.target.document_id(ref)
        if doc_id is None:
            return False
        self.target.delete_document(doc_id)
        self.documents -= 1
        return True
