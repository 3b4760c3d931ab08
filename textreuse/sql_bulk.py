"""Bulk loads into an SQL store: documents by COPY / one executemany per batch, postings
spilled to files and written once as packed buckets, indexes built after the load.

Two modes:

* **replace** (``Engine.rebuild``): a complete new set of tables ``<prefix>*_next`` is
  built on a second connection while checks keep reading the live tables; keys are
  created after the rows are in; one short transaction then drops the live tables and
  renames the new ones (readers see the old index or the new one, never a mix).
* **append** (``Engine.add_many`` of many documents into an existing index): inside the
  caller's transaction, documents are inserted into the live table and the packed
  postings are rewritten with the new ones merged in, then swapped in the same way.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from . import packed
from .sql_common import Tables, document_values
from .store import NewDocument

ALL_TABLES = ("documents", "buckets", "fingerprints")
log = logging.getLogger("textreuse.bulk")  # phase timings at INFO (the benchmark shows them)


class BulkLoad:
    def __init__(self, store: Any, conn: Any, *, replace: bool) -> None:
        self.store = store
        self.conn = conn
        self.d = store.dialect
        self.replace = replace
        self.live: Tables = store.tables
        self.next = Tables(store.schema, store._prefix, "_next")
        self.builder = packed.PackedBuilder(store.params.context_width)
        self.removed = False
        self.documents = 0
        self._next_id = 0
        self.seconds: dict[str, float] = {"documents": 0.0, "spill": 0.0}

    @contextlib.contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0

    @classmethod
    @contextlib.contextmanager
    def run(cls, store: Any, *, replace: bool) -> Iterator[BulkLoad]:
        if not replace:
            # Appending joins (or opens) the store's transaction on its own connection.
            with store._lock, store.transaction():
                load = cls(store, store.conn, replace=False)
                try:
                    yield load
                    load._finish_append()
                finally:
                    load.builder.close()
            return
        # A rebuild loads on a second connection so that checks keep being answered
        # from the live tables meanwhile (unless the caller holds a transaction open).
        own = store._connect is not None and not store.in_transaction
        conn = store._connect() if own else store.conn
        lock = contextlib.nullcontext() if own else store._lock
        with lock:
            load = cls(store, conn, replace=True)
            try:
                load._begin_replace()
                yield load
                load._finish_replace()
            except BaseException:
                with contextlib.suppress(Exception):
                    load.d.drop_tables(conn, load.next, ALL_TABLES)
                raise
            finally:
                load.builder.close()
                if own:
                    conn.close()

    # -- replace ---------------------------------------------------------------------
    def _begin_replace(self) -> None:
        with self._tx():
            self.d.drop_tables(self.conn, self.next, ALL_TABLES)  # left by a failed load
            self.d.create_documents(self.conn, self.next, keys=False)
            self.d.create_fingerprints(self.conn, self.next)
            self.d.create_buckets(self.conn, self.next)
            # Ids continue after every id the live index ever gave, so a seed read from
            # the old tables can never name a different document of the new ones.
            self._next_id = self.d.next_document_id(self.conn, self.live)

    def _finish_replace(self) -> None:
        live_ids = self._ids(self.next) if self.removed else None
        bits = packed.bucket_bits(self.builder.postings)
        with self._phase("buckets"), self._tx():
            self.d.copy_buckets(
                self.conn, self.next.buckets, self.builder.partitions(bits, live_ids)
            )
        with self._phase("keys"):
            self.d.add_document_keys(self.conn, self.next)
            self.d.add_bucket_keys(self.conn, self.next)
            for table in (self.next.buckets, self.next.docs):
                self.d.analyze(self.conn, table)
        with self._phase("swap"), self._tx():
            next_id = max(self._next_id, self.d.next_document_id(self.conn, self.live))
            self.d.swap(self.conn, self.live, self.next, ALL_TABLES)
            self.d.restart_ids(self.conn, self.live, next_id)
            self._set_meta(bits)
        log.info("rebuild: %d documents; seconds %s", self.documents, self._rounded())

    def _rounded(self) -> dict[str, float]:
        return {k: round(v, 2) for k, v in self.seconds.items()}

    # -- append ----------------------------------------------------------------------
    def _finish_append(self) -> None:
        # Merge the packed postings already there (dropping those of documents deleted
        # since) with the new ones: one sorted rewrite instead of random B-tree inserts.
        for (data,) in self.conn.execute(f"SELECT data FROM {self.live.buckets}"):
            self.builder.add_records(packed.decode([(0, data)], self.store.params.context_width))
        live_ids = self._ids(self.live)
        bits = packed.bucket_bits(self.builder.postings)
        self.d.drop_tables(self.conn, self.next, ["buckets"])
        self.d.create_buckets(self.conn, self.next)
        self.d.copy_buckets(self.conn, self.next.buckets, self.builder.partitions(bits, live_ids))
        self.d.add_bucket_keys(self.conn, self.next)
        self.d.swap(self.conn, self.live, self.next, ["buckets"])
        self.d.analyze(self.conn, self.live.buckets)
        self._set_meta(bits)
        log.info("append: %d documents; seconds %s", self.documents, self._rounded())

    # -- shared ----------------------------------------------------------------------
    def add(self, docs: Sequence[NewDocument]) -> list[int]:
        """Insert documents and spill their postings; returns their ids."""
        if not docs:
            return []
        if self.replace:
            ids = list(range(self._next_id, self._next_id + len(docs)))
            self._next_id += len(docs)
            table = self.next.docs
        else:
            ids = self.d.reserve_ids(self.conn, self.live, len(docs))
            table = self.live.docs
        tx = self._tx() if self.replace else contextlib.nullcontext()
        with self._phase("documents"), tx:
            self.d.copy_documents(
                self.conn, table, [document_values(d, i) for d, i in zip(docs, ids, strict=True)]
            )
        fps = [d.fingerprints for d in docs]
        with self._phase("spill"):
            self.builder.add(
                np.concatenate([f.hashes for f in fps]),
                np.repeat(np.asarray(ids, dtype=np.uint32), [len(f) for f in fps]),
                np.concatenate([f.positions for f in fps]),
                np.concatenate([f.contexts for f in fps]),
            )
        self.documents += len(docs)
        return ids

    def remove_loaded(self, ref: str) -> bool:
        """Drop a document added earlier in this replace load (its ref came again)."""
        cur = self.conn.execute(self.d.sql(f"DELETE FROM {self.next.docs} WHERE ref = ?"), (ref,))
        self.removed = True
        self.documents -= 1
        return bool(cur.rowcount)

    def _tx(self) -> contextlib.AbstractContextManager[None]:
        # On the store's own connection, join its transaction (nesting) if one is open.
        if self.conn is self.store.conn:
            return self.store.transaction()
        return self.d.transaction(self.conn)

    def _ids(self, t: Tables) -> np.ndarray:
        rows = self.conn.execute(f"SELECT id FROM {t.docs}").fetchall()
        return np.sort(np.asarray([r[0] for r in rows], dtype=np.uint32))

    def _set_meta(self, bits: int) -> None:
        self.store.set_meta("bucket_bits", str(bits), conn=self.conn)
        self.store.set_meta("packed_postings", str(self.builder.kept), conn=self.conn)


ProgressFn = Callable[[int], None]
