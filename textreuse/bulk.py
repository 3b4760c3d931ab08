"""Preparing documents for the index — strip, normalize, fingerprint, sketch — in a pool
of worker processes, so that fingerprinting runs on one core while the database loads
on the other.

Workers are forked when the process has a single thread: fork is fast, needs no
importable ``__main__`` and is safe for the parent's open database connections (a pool
worker leaves through ``os._exit``, which runs no finalizer that could close them).
With other threads alive (a web server), fork could copy a lock held by one of them, so
``spawn`` is used instead.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .boilerplate import strip_boilerplate
from .mirrors import sketch_of
from .normalize import normalize
from .store import NewDocument
from .winnow import Fingerprints, Params, content_hash, fingerprint

CHUNK = 64  # documents per task: amortizes pickling, keeps both workers busy
#: Documents prepared ahead of the consumer: more than one bulk insert group, so the
#: workers keep fingerprinting while the main process is busy writing a group.
AHEAD = 2048
POOL_MIN_DOCS = 512  # below this, starting processes costs more than it saves


def prepare_one(doc: Any, params: Params, strip: bool) -> NewDocument:
    """``doc`` is a DocumentInput; chars == 0 means nothing to index."""
    clean = strip_boilerplate(doc.text).text if strip else doc.text
    norm = normalize(clean)
    fp = fingerprint(norm.text, params)
    return NewDocument(
        doc.ref,
        clean,
        fp,
        content_hash(norm.text),
        len(norm),
        doc.title,
        doc.site,
        doc.url,
        doc.owner,
        sketch_of(fp.hashes),
    )


def _prepare_texts(texts: list[str], params: Params, strip: bool) -> list[tuple]:
    # Runs in a worker: only what the parent lacks travels back (the clean text only
    # when stripping changed it).
    out = []
    for text in texts:
        clean = strip_boilerplate(text).text if strip else text
        norm = normalize(clean)
        fp = fingerprint(norm.text, params)
        out.append(
            (
                clean if clean != text else None,
                len(norm),
                content_hash(norm.text),
                fp.hashes,
                fp.positions,
                fp.contexts,
                sketch_of(fp.hashes),
            )
        )
    return out


def _assemble(doc: Any, part: tuple) -> NewDocument:
    clean, chars, chash, hashes, positions, contexts, sketch = part
    return NewDocument(
        doc.ref,
        doc.text if clean is None else clean,
        Fingerprints(hashes, positions, contexts),
        chash,
        chars,
        doc.title,
        doc.site,
        doc.url,
        doc.owner,
        sketch,
    )


def prepare(
    docs: Iterable[Any], params: Params, *, strip: bool = False, workers: int = 2
) -> Iterator[NewDocument]:
    """NewDocuments in input order; with ``workers`` > 1 and enough input, prepared in
    a process pool with a bounded number of chunks in flight (memory stays flat)."""
    it = iter(docs)
    head = list(itertools.islice(it, POOL_MIN_DOCS))
    if workers < 1 or len(head) < POOL_MIN_DOCS:
        for doc in itertools.chain(head, it):
            yield prepare_one(doc, params, strip)
        return
    chunks = _chunks(itertools.chain(head, it), CHUNK)
    ctx = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[tuple[list, Future]] = deque()
        for chunk in chunks:
            pending.append(
                (chunk, pool.submit(_prepare_texts, [d.text for d in chunk], params, strip))
            )
            if len(pending) * CHUNK >= AHEAD:
                done, fut = pending.popleft()
                yield from map(_assemble, done, fut.result())
        while pending:
            done, fut = pending.popleft()
            yield from map(_assemble, done, fut.result())


def _chunks(items: Iterable[Any], size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
