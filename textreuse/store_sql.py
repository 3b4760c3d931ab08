"""SQL store: the same code on SQLite (stdlib sqlite3) and PostgreSQL (psycopg 3).

Everything that differs between the two lives in a ``Dialect`` (sql_sqlite.py,
sql_postgres.py): DDL, placeholders, bulk loading, how a query's fingerprints reach the
server, swapping a rebuilt index in, and size accounting.

Postings live in two tables: ``<prefix>buckets`` (packed, written by bulk loads — see
packed.py) and ``<prefix>fingerprints`` (one row per posting, written by incremental
additions such as one note). A lookup reads both.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from . import packed
from .sql_common import DOC_COLUMNS, Dialect, Tables, context_condition, document_values
from .sql_postgres import PostgresDialect
from .sql_schema import SCHEMA_VERSION
from .sql_sqlite import SQLiteDialect
from .store import NewDocument, Seeds, StoredDocument, StoreError
from .winnow import Fingerprints, Params

T = TypeVar("T")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")

__all__ = [
    "SCHEMA_VERSION",
    "PostgresDialect",
    "SQLStore",
    "SQLiteDialect",
    "context_condition",
    "is_postgres_url",
]


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    # One connection per store: calls from several threads take turns, so a lookup's
    # temp-table rows or a transaction are never interleaved with another thread's.
    @functools.wraps(method)
    def wrapper(self: SQLStore, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def _connect_sqlite(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if path != ":memory:":
        # WAL: checks keep reading while a bulk load writes and commits.
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


class SQLStore:
    """Index in four tables: ``<prefix>meta`` (parameters), ``<prefix>documents``,
    ``<prefix>buckets`` (packed postings) and ``<prefix>fingerprints`` (one row per
    posting of documents added one at a time)."""

    def __init__(
        self,
        conn: Any,
        dialect: Dialect,
        *,
        params: Params | None = None,
        create: bool = True,
        schema: str | None = None,
        prefix: str = "tr_",
        owns_connection: bool = False,
        connect: Callable[[], Any] | None = None,
    ) -> None:
        for ident in (prefix + "x", schema or "x"):
            if not _IDENT.match(ident):
                raise StoreError(f"bad SQL identifier: {ident!r}")
        self.conn = conn
        self.dialect = dialect
        self.schema = schema
        self._prefix = prefix
        self.tables = Tables(schema, prefix)
        self.t_meta, self.t_docs = self.tables.meta, self.tables.docs
        self.t_fp, self.t_buckets = self.tables.fp, self.tables.buckets
        self._owns = owns_connection
        self._connect = connect  # a second connection for loads that must not block checks
        self._lock = threading.RLock()
        self._depth = 0
        self._since_analyze = 0
        self._analyzed_rows = 0
        self.params = self._init_schema(params, create)
        self._bits = int(self.get_meta("bucket_bits", str(packed.MIN_BITS)))

    # -- opening ---------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        target: str,
        *,
        create: bool = True,
        params: Params | None = None,
        schema: str | None = None,
        prefix: str = "tr_",
    ) -> SQLStore:
        """Open an index at an SQLite path (or ``sqlite:///path``) or a PostgreSQL URL.

        With ``create=False`` a missing SQLite file or missing tables raise StoreError.
        """
        if is_postgres_url(target):
            import psycopg  # imported here so SQLite users don't need the driver loaded

            def connect() -> Any:
                return psycopg.connect(target, autocommit=True)

            try:
                conn = connect()
            except psycopg.Error as exc:
                raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
            if schema and create:
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            return cls(
                conn,
                PostgresDialect(),
                params=params,
                create=create,
                schema=schema,
                prefix=prefix,
                owns_connection=True,
                connect=connect,
            )
        path = target[len("sqlite:///") :] if target.startswith("sqlite:///") else target
        if path != ":memory:" and not create and not os.path.isfile(path):
            raise StoreError(f"no index at {path}")
        try:
            conn = _connect_sqlite(path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not an SQLite database or cannot be opened ({exc})") from exc
        return cls(
            conn,
            SQLiteDialect(),
            params=params,
            create=create,
            prefix=prefix,
            owns_connection=True,
            connect=None if path == ":memory:" else functools.partial(_connect_sqlite, path),
        )

    def _init_schema(self, params: Params | None, create: bool) -> Params:
        from .sql_schema import init_schema

        return init_schema(self, params, create)

    def set_meta(self, key: str, value: str, conn: Any = None) -> None:
        # Same upsert syntax in SQLite (>= 3.24) and PostgreSQL.
        (conn or self.conn).execute(
            self.dialect.sql(
                f"INSERT INTO {self.t_meta} (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            (key, value),
        )

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute(
            self.dialect.sql(f"SELECT value FROM {self.t_meta} WHERE key = ?"), (key,)
        ).fetchone()
        return default if row is None else row[0]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                with self.dialect.transaction(self.conn):
                    yield
            finally:
                self._depth = 0

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- documents -------------------------------------------------------------------
    @_locked
    def add_documents(self, docs: Sequence[NewDocument]) -> list[int]:
        """Row-by-row path for a few documents (one note): postings into the
        row-per-posting table, whose primary key keeps them findable at once."""
        if not docs:
            return []
        ids: list[int] = []
        with self.transaction():
            for doc in docs:
                try:
                    doc_id = self.dialect.insert_document(
                        self.conn, self.t_docs, document_values(doc)[1:]
                    )
                except Exception as exc:
                    if "unique" in str(exc).lower() or "duplicate" in str(exc).lower():
                        raise StoreError(f"ref already stored: {doc.ref!r}") from exc
                    raise
                ids.append(doc_id)
            fps = [d.fingerprints for d in docs]
            hashes = np.concatenate([f.hashes for f in fps])
            if hashes.size:
                self.dialect.insert_postings(
                    self.conn,
                    self.t_fp,
                    hashes,
                    np.repeat(np.asarray(ids, dtype=np.int64), [len(f) for f in fps]),
                    np.concatenate([f.positions for f in fps]).astype(np.int32),
                    np.concatenate([f.contexts for f in fps]),
                )
                self._maybe_analyze(int(hashes.size))
        return ids

    def _maybe_analyze(self, added: int) -> None:
        # After many row-by-row additions, refresh planner statistics (cheap: sampled).
        self._since_analyze += added
        if self._since_analyze >= max(100_000, self._analyzed_rows // 5):
            self.dialect.analyze(self.conn, self.t_fp)
            self._analyzed_rows += self._since_analyze
            self._since_analyze = 0

    @_locked
    def delete_document(self, doc_id: int, hashes: np.ndarray) -> None:
        # Packed postings of the document stay until the next bulk load rewrites the
        # buckets; they are harmless because ids are never reused and a seed whose
        # document is gone is dropped (get_documents does not return it).
        unique = np.unique(hashes).view(np.int64).tolist()
        with self.transaction():
            self.dialect.delete_postings(self.conn, self.t_fp, doc_id, unique)
            self.conn.execute(
                self.dialect.sql(f"DELETE FROM {self.t_docs} WHERE id = ?"), (doc_id,)
            )

    @_locked
    def document_id(self, ref: str) -> int | None:
        row = self.conn.execute(
            self.dialect.sql(f"SELECT id FROM {self.t_docs} WHERE ref = ?"), (ref,)
        ).fetchone()
        return None if row is None else int(row[0])

    def _select_in(self, columns: str, column: str, values: list) -> list[tuple]:
        rows: list[tuple] = []
        for i in range(0, len(values), 500):  # old SQLite builds allow 999 parameters
            chunk = values[i : i + 500]
            marks = ", ".join([self.dialect.placeholder] * len(chunk))
            rows.extend(
                self.conn.execute(
                    f"SELECT {columns} FROM {self.t_docs} WHERE {column} IN ({marks})", chunk
                ).fetchall()
            )
        return rows

    @_locked
    def get_documents(self, ids: Iterable[int]) -> dict[int, StoredDocument]:
        wanted = sorted({int(i) for i in ids})
        out = {}
        for row in self._select_in(DOC_COLUMNS, "id", wanted):
            out[int(row[0])] = StoredDocument(
                int(row[0]),
                row[1],
                row[2],
                int(row[3]),
                int(row[4]),
                row[5],
                row[6],
                row[7],
                row[8],
                bytes(row[9] or b""),
            )
        return out

    @_locked
    def find_content(self, content_hashes: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for h, ref in self._select_in(
            "content_hash, ref", "content_hash", sorted(set(content_hashes))
        ):
            out.setdefault(int(h), ref)
        return out

    @_locked
    def count(self) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {self.t_docs}").fetchone()[0])

    @_locked
    def refs(self) -> list[str]:
        return [r[0] for r in self.conn.execute(f"SELECT ref FROM {self.t_docs} ORDER BY id")]

    # -- postings --------------------------------------------------------------------
    @_locked
    def lookup(self, fp: Fingerprints, *, context: bool = True) -> Seeds:
        """Postings of both tables, joined with the query and filtered by the context
        rule in numpy (the server only finds rows by key)."""
        if len(fp) == 0:
            return Seeds.empty()
        hashes = np.unique(fp.hashes)
        with self.transaction():  # SQLite: one snapshot, and its temp rows
            rows = self.dialect.fetch_postings(self.conn, self.t_fp, hashes)
            got = self._fetch_buckets(hashes)
        w, width = self.params.w, self.params.context_width
        parts = [packed.match(fp, packed.decode([r[1:] for r in got], width), w, context)]
        if rows:
            ctx = np.frombuffer(b"".join(bytes(r[3]) for r in rows), np.uint8).reshape(-1, width)
            arr = np.asarray([r[:3] for r in rows], dtype=np.int64)
            keys = fp.hashes.view(np.int64)
            parts.append(packed.join(fp, keys, arr[:, 0], arr[:, 1], arr[:, 2], ctx, w, context))
        return Seeds.concat(parts)

    def _fetch_buckets(self, hashes: np.ndarray) -> list[tuple]:
        for _ in range(3):
            bits = self._bits
            rows = self.dialect.fetch_buckets(
                self.conn, self.tables, packed.bucket_of(hashes, bits).tolist()
            )
            self._bits = int(rows[-1][0])  # the width this statement saw
            if self._bits == bits:
                return [r for r in rows if r[1] is not None]
        raise StoreError("the index is being rebuilt with changing widths; try again")

    # -- bulk loading ----------------------------------------------------------------
    def bulk_load(self, *, replace: bool) -> contextlib.AbstractContextManager[Any]:
        """A bulk load (see sql_bulk.BulkLoad): ``replace=True`` builds a whole new index
        beside the live one and swaps it in; ``replace=False`` appends documents and
        rewrites the packed postings with the new ones merged in."""
        from .sql_bulk import BulkLoad

        return BulkLoad.run(self, replace=replace)

    # -- housekeeping ----------------------------------------------------------------
    @_locked
    def stats(self) -> dict:
        docs, chars = self.conn.execute(
            f"SELECT count(*), COALESCE(sum(chars), 0) FROM {self.t_docs}"
        ).fetchone()
        rows = self.conn.execute(f"SELECT count(*) FROM {self.t_fp}").fetchone()[0]
        packed_postings = int(self.get_meta("packed_postings", "0"))
        tables = [self.t_meta, self.t_docs, self.t_fp, self.t_buckets]
        return {
            "store": self.dialect.name,
            "documents": int(docs),
            "postings": int(rows) + packed_postings,
            "packed_postings": packed_postings,
            "row_postings": int(rows),
            "bucket_bits": int(self.get_meta("bucket_bits", "0")),
            "chars": int(chars),
            "bytes": self.dialect.size_bytes(self.conn, tables),
            "k": self.params.k,
            "w": self.params.w,
        }

    @_locked
    def clear(self) -> None:
        with self.transaction():
            for table in (self.t_fp, self.t_buckets, self.t_docs):
                self.conn.execute(f"DELETE FROM {table}")
            self.set_meta("packed_postings", "0")

    @_locked
    def drop(self) -> None:
        """Remove the index tables (tests and throw-away indexes)."""
        with self.transaction():
            for t in (self.t_fp, self.t_buckets, self.t_docs, self.t_meta):
                self.conn.execute(f"DROP TABLE IF EXISTS {t}")

    @_locked
    def close(self) -> None:
        if self._owns:
            self.conn.close()
