"""The interface every index store implements, and the records that cross it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from .winnow import Fingerprints, Params


class StoreError(Exception):
    """The store cannot be used (not an index, incompatible parameters, ...)."""


@dataclass(frozen=True)
class NewDocument:
    """A document ready to be stored: clean text plus its fingerprints."""

    ref: str
    text: str  # clean (boilerplate-free) text; spans on the source side index into it
    fingerprints: Fingerprints
    content_hash: int  # signed 64-bit digest of the normalized text
    chars: int  # normalized length
    title: str = ""
    site: str = ""
    url: str = ""
    owner: str | None = None
    sketch: bytes = b""  # bottom-k sketch of its fingerprints (mirrors.py)


@dataclass(frozen=True)
class StoredDocument:
    id: int
    ref: str
    text: str
    content_hash: int
    chars: int
    title: str = ""
    site: str = ""
    url: str = ""
    owner: str | None = None
    sketch: bytes = b""  # empty for documents indexed before sketches existed


@dataclass(frozen=True)
class Seeds:
    """Candidate alignments: query k-gram at qpos[i] ~ document doc_ids[i] at spos[i]."""

    qpos: np.ndarray  # int64
    doc_ids: np.ndarray  # int64
    spos: np.ndarray  # int64
    # lookup(context=False) returns every posting of the hashes and marks here those
    # whose context agrees (the seeds lookup(context=True) returns).
    agrees: np.ndarray | None = None

    @staticmethod
    def empty() -> Seeds:
        z = np.zeros(0, dtype=np.int64)
        return Seeds(z, z, z, np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return int(self.qpos.size)

    def select(self, keep: np.ndarray) -> Seeds:
        agrees = None if self.agrees is None else self.agrees[keep]
        return Seeds(self.qpos[keep], self.doc_ids[keep], self.spos[keep], agrees)

    def agreeing(self) -> Seeds:
        """Only the seeds whose context agrees."""
        return self if self.agrees is None else self.select(self.agrees)

    @staticmethod
    def concat(parts: list[Seeds]) -> Seeds:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Seeds.empty()
        agrees = None
        if all(p.agrees is not None for p in parts):
            agrees = np.concatenate([p.agrees for p in parts])  # type: ignore[misc]
        return Seeds(
            np.concatenate([p.qpos for p in parts]).astype(np.int64),
            np.concatenate([p.doc_ids for p in parts]).astype(np.int64),
            np.concatenate([p.spos for p in parts]).astype(np.int64),
            agrees,
        )


class Store(Protocol):
    """Postings (hash -> document, position, context) plus document records.

    ``lookup`` must return every posting whose hash equals a query fingerprint's and
    whose context agrees with the query's (see winnow.context_agrees); the engine's
    recall guarantee rests on it.
    """

    params: Params

    def transaction(self) -> AbstractContextManager[None]:
        """Group several calls; SQL stores commit or roll back them together."""

    def add_documents(self, docs: Sequence[NewDocument]) -> list[int]: ...

    def delete_document(self, doc_id: int, hashes: np.ndarray) -> None:
        """Drop a document and its postings; ``hashes`` are its fingerprint hashes
        (recomputed from its text), so SQL stores delete through the hash index."""

    def document_id(self, ref: str) -> int | None: ...

    def get_documents(self, ids: Iterable[int]) -> dict[int, StoredDocument]: ...

    def find_content(self, content_hashes: Sequence[int]) -> dict[int, str]:
        """content_hash -> ref of a stored document with that normalized text."""

    def lookup(self, fp: Fingerprints, *, context: bool = True) -> Seeds:
        """``context=False`` skips the context rule (edited-copy candidates, whose
        shared k-grams are not inside 13-character runs)."""

    def bulk_load(self, *, replace: bool) -> AbstractContextManager[Any]:
        """A bulk load: the object yielded has ``add(docs) -> ids`` and
        ``remove_loaded(ref) -> bool``; ``replace=True`` builds a new index swapped in
        when the block ends (Engine.rebuild), ``replace=False`` appends (add_many)."""

    def count(self) -> int: ...

    def refs(self) -> list[str]: ...

    def stats(self) -> dict: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
