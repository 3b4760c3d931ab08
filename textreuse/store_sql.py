"""SQL store: the same code on SQLite (stdlib sqlite3) and PostgreSQL (psycopg 3).

Everything that differs between the two lives in a small ``Dialect``: placeholders,
column types, bulk loading (executemany vs binary COPY), how the query's fingerprints
are shipped to the server (temp table vs unnest of arrays), and size accounting.
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

from .normalize import NORMALIZER_VERSION
from .store import NewDocument, Seeds, StoredDocument, StoreError
from .winnow import DEFAULT_PARAMS, HASH_SEED, Fingerprints, Params

SCHEMA_VERSION = 1
T = TypeVar("T")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
_DOC_COLUMNS = "id, ref, text, content_hash, chars, title, site, url, owner"


def context_condition(w: int, posting: str = "f.ctx", query: str = "q.ctx") -> str:
    """SQL form of winnow.context_agrees: some split r of the w - 1 context characters
    agrees on the r nearest to the left and the w - 1 - r nearest to the right."""
    side = w - 1
    if side == 0:
        return "1 = 1"
    terms = []

    def same(start: int, length: int) -> str:
        return f"substr({posting}, {start}, {length}) = substr({query}, {start}, {length})"

    for r in range(side + 1):
        parts = []
        if r:
            parts.append(same(side - r + 1, r))
        if side - r:
            parts.append(same(side + 1, side - r))
        terms.append("(" + " AND ".join(parts) + ")")
    return "(" + " OR ".join(terms) + ")"


def _ctx_rows(contexts: np.ndarray) -> list[bytes]:
    width = contexts.shape[1] if contexts.ndim == 2 else 0
    raw = np.ascontiguousarray(contexts).tobytes()
    return (
        [raw[i : i + width] for i in range(0, len(raw), width)]
        if width
        else [b"" for _ in range(contexts.shape[0])]
    )


class Dialect:
    name = "base"
    placeholder = "?"
    integer = "BIGINT"
    blob = "BLOB"

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def id_column(self) -> str:
        raise NotImplementedError

    def fingerprints_ddl(self, table: str) -> str:
        raise NotImplementedError

    def table_exists(self, conn: Any, schema: str | None, table: str) -> bool:
        raise NotImplementedError

    def insert_postings(
        self,
        conn: Any,
        table: str,
        hashes: np.ndarray,
        doc_ids: np.ndarray,
        positions: np.ndarray,
        contexts: np.ndarray,
    ) -> None:
        raise NotImplementedError

    def lookup(self, conn: Any, table: str, fp: Fingerprints, w: int) -> list[tuple]:
        raise NotImplementedError

    def insert_document(self, conn: Any, table: str, values: tuple) -> int:
        raise NotImplementedError

    def size_bytes(self, conn: Any, tables: list[str]) -> int:
        raise NotImplementedError


class SQLiteDialect(Dialect):
    name = "sqlite"
    placeholder = "?"
    integer = "INTEGER"
    blob = "BLOB"

    def id_column(self) -> str:
        # AUTOINCREMENT: ids are never reused, so a stale posting can't point at a
        # later document.
        return "id INTEGER PRIMARY KEY AUTOINCREMENT"

    def fingerprints_ddl(self, table: str) -> str:
        # WITHOUT ROWID clusters the postings by hash: a lookup reads adjacent pages.
        return (
            f"CREATE TABLE {table} (hash INTEGER NOT NULL, doc_id INTEGER NOT NULL, "
            "pos INTEGER NOT NULL, ctx BLOB NOT NULL, PRIMARY KEY (hash, doc_id, pos)) "
            "WITHOUT ROWID"
        )

    def table_exists(self, conn: Any, schema: str | None, table: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return row is not None

    def insert_postings(self, conn, table, hashes, doc_ids, positions, contexts) -> None:
        order = np.argsort(hashes, kind="stable")  # B-tree friendly insertion order
        rows = zip(
            hashes[order].view(np.int64).tolist(),
            doc_ids[order].tolist(),
            positions[order].tolist(),
            _ctx_rows(contexts[order]),
            strict=True,
        )
        conn.executemany(f"INSERT INTO {table} (hash, doc_id, pos, ctx) VALUES (?, ?, ?, ?)", rows)

    def lookup(self, conn, table, fp, w) -> list[tuple]:
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS tr_query "
            "(h INTEGER NOT NULL, qpos INTEGER NOT NULL, ctx BLOB NOT NULL)"
        )
        conn.execute("DELETE FROM temp.tr_query")
        conn.executemany(
            "INSERT INTO temp.tr_query (h, qpos, ctx) VALUES (?, ?, ?)",
            zip(
                fp.hashes.view(np.int64).tolist(),
                fp.positions.tolist(),
                _ctx_rows(fp.contexts),
                strict=True,
            ),
        )
        # CROSS JOIN fixes the loop order: the few query rows drive primary-key probes.
        rows = conn.execute(
            f"SELECT q.qpos, f.doc_id, f.pos FROM temp.tr_query AS q CROSS JOIN {table} AS f "
            f"WHERE f.hash = q.h AND {context_condition(w)}"
        ).fetchall()
        conn.execute("DELETE FROM temp.tr_query")
        return rows

    def insert_document(self, conn, table, values) -> int:
        cur = conn.execute(
            f"INSERT INTO {table} (ref, text, content_hash, chars, title, site, url, owner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        return int(cur.lastrowid)

    def size_bytes(self, conn, tables) -> int:
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        return int(page_count * page_size)


class PostgresDialect(Dialect):
    name = "postgresql"
    placeholder = "%s"
    integer = "BIGINT"
    blob = "BYTEA"

    def id_column(self) -> str:
        return "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def fingerprints_ddl(self, table: str) -> str:
        # The primary key starts with hash: it is the lookup index, and hash is the
        # column to distribute on (Citus requires the distribution column in the key).
        return (
            f"CREATE TABLE {table} (hash BIGINT NOT NULL, doc_id BIGINT NOT NULL, "
            "pos INTEGER NOT NULL, ctx BYTEA NOT NULL, PRIMARY KEY (hash, doc_id, pos))"
        )

    def table_exists(self, conn, schema, table) -> bool:
        row = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = %s "
            "AND table_schema = COALESCE(%s, current_schema())",
            (table, schema),
        ).fetchone()
        return row is not None

    def insert_postings(self, conn, table, hashes, doc_ids, positions, contexts) -> None:
        n = int(hashes.size)
        if n == 0:
            return
        width = contexts.shape[1]
        order = np.argsort(hashes, kind="stable")  # B-tree friendly insertion order
        hashes, doc_ids, positions, contexts = (
            hashes[order],
            doc_ids[order],
            positions[order],
            contexts[order],
        )
        # Binary COPY rows have a fixed layout here, so numpy writes them all at once.
        row = (
            np.dtype(
                [
                    ("nfields", ">i2"),
                    ("l_hash", ">i4"),
                    ("hash", ">i8"),
                    ("l_doc", ">i4"),
                    ("doc", ">i8"),
                    ("l_pos", ">i4"),
                    ("pos", ">i4"),
                    ("l_ctx", ">i4"),
                    ("ctx", "u1", (width,)),
                ]
            )
            if width
            else np.dtype(
                [
                    ("nfields", ">i2"),
                    ("l_hash", ">i4"),
                    ("hash", ">i8"),
                    ("l_doc", ">i4"),
                    ("doc", ">i8"),
                    ("l_pos", ">i4"),
                    ("pos", ">i4"),
                    ("l_ctx", ">i4"),
                ]
            )
        )
        buf = np.empty(n, dtype=row)
        buf["nfields"], buf["l_hash"], buf["l_doc"], buf["l_pos"], buf["l_ctx"] = 4, 8, 8, 4, width
        buf["hash"] = hashes.view(np.int64)
        buf["doc"] = doc_ids
        buf["pos"] = positions
        if width:
            buf["ctx"] = contexts
        payload = b"PGCOPY\n\xff\r\n\x00" + bytes(8) + buf.tobytes() + b"\xff\xff"
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY {table} (hash, doc_id, pos, ctx) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.write(payload)

    def lookup(self, conn, table, fp, w) -> list[tuple]:
        # LATERAL ... OFFSET 0 keeps the per-hash primary-key probe even when the table
        # has no statistics yet (right after a bulk load the planner would otherwise pick
        # a merge join over the whole table).
        return conn.execute(
            "SELECT q.qpos, f.doc_id, f.pos "
            "FROM unnest(%s::bigint[], %s::integer[], %s::bytea[]) AS q(h, qpos, ctx) "
            f"CROSS JOIN LATERAL (SELECT f.doc_id, f.pos FROM {table} AS f "
            f"WHERE f.hash = q.h AND {context_condition(w)} OFFSET 0) AS f",
            (fp.hashes.view(np.int64).tolist(), fp.positions.tolist(), _ctx_rows(fp.contexts)),
        ).fetchall()

    def insert_document(self, conn, table, values) -> int:
        row = conn.execute(
            f"INSERT INTO {table} (ref, text, content_hash, chars, title, site, url, owner) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            values,
        ).fetchone()
        return int(row[0])

    def size_bytes(self, conn, tables) -> int:
        total = 0
        for t in tables:
            total += conn.execute("SELECT pg_total_relation_size(%s::regclass)", (t,)).fetchone()[0]
        return int(total)


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


class SQLStore:
    """Index in three tables: ``<prefix>meta`` (parameters), ``<prefix>documents`` and
    ``<prefix>fingerprints`` (hash, doc_id, pos, ctx; primary key (hash, doc_id, pos))."""

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
    ) -> None:
        for ident in (prefix + "x", schema or "x"):
            if not _IDENT.match(ident):
                raise StoreError(f"bad SQL identifier: {ident!r}")
        self.conn = conn
        self.dialect = dialect
        self.schema = schema
        self._prefix = prefix
        q = f"{schema}." if schema else ""
        self.t_meta = f"{q}{prefix}meta"
        self.t_docs = f"{q}{prefix}documents"
        self.t_fp = f"{q}{prefix}fingerprints"
        self._owns = owns_connection
        self._lock = threading.RLock()
        self._depth = 0
        self._since_analyze = 0
        self._analyzed_rows = 0
        self.params = self._init_schema(params, create)

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

            try:
                conn = psycopg.connect(target, autocommit=True)
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
            )
        path = target[len("sqlite:///") :] if target.startswith("sqlite:///") else target
        if path != ":memory:" and not create and not os.path.isfile(path):
            raise StoreError(f"no index at {path}")
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not an SQLite database or cannot be opened ({exc})") from exc
        return cls(
            conn, SQLiteDialect(), params=params, create=create, prefix=prefix, owns_connection=True
        )

    def _init_schema(self, params: Params | None, create: bool) -> Params:
        d = self.dialect
        try:
            exists = d.table_exists(self.conn, self.schema, self._prefix + "meta")
        except Exception as exc:  # e.g. sqlite3.DatabaseError on a non-database file
            raise StoreError(f"not a textreuse index: {exc}") from exc
        if exists:
            meta = dict(self.conn.execute(f"SELECT key, value FROM {self.t_meta}").fetchall())
            try:
                stored = Params(int(meta["k"]), int(meta["w"]))
                checks = {
                    "schema_version": SCHEMA_VERSION,
                    "normalizer_version": NORMALIZER_VERSION,
                    "hash_seed": HASH_SEED,
                }
                for key, want in checks.items():
                    if int(meta[key]) != want:
                        raise StoreError(f"index has {key}={meta[key]}, this code needs {want}")
            except KeyError as exc:
                raise StoreError(f"not a textreuse index (meta lacks {exc})") from exc
            if params is not None and params != stored:
                raise StoreError(f"index was built with {stored}, not {params}")
            return stored
        if not create:
            raise StoreError("not a textreuse index (no textreuse tables)")
        if (
            d.name == "sqlite"
            and self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        ):
            # Never add index tables to somebody else's database file.
            raise StoreError("not a textreuse index (the database holds other tables)")
        params = params or DEFAULT_PARAMS
        with self.transaction():
            ex = self.conn.execute
            ex(f"CREATE TABLE {self.t_meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            ex(
                f"CREATE TABLE {self.t_docs} ({d.id_column()}, ref TEXT NOT NULL UNIQUE, "
                f"text TEXT NOT NULL, content_hash {d.integer} NOT NULL, chars INTEGER NOT NULL, "
                "title TEXT NOT NULL DEFAULT '', site TEXT NOT NULL DEFAULT '', "
                "url TEXT NOT NULL DEFAULT '', owner TEXT)"
            )
            ex(f"CREATE INDEX {self._prefix}documents_content_hash ON {self.t_docs} (content_hash)")
            ex(d.fingerprints_ddl(self.t_fp))
            values = {
                "schema_version": SCHEMA_VERSION,
                "k": params.k,
                "w": params.w,
                "hash_seed": HASH_SEED,
                "normalizer_version": NORMALIZER_VERSION,
            }
            for key, value in values.items():
                self._set_meta(key, str(value))
        return params

    def _set_meta(self, key: str, value: str) -> None:
        # Same upsert syntax in SQLite (>= 3.24) and PostgreSQL.
        self.conn.execute(
            self.dialect.sql(
                f"INSERT INTO {self.t_meta} (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            (key, value),
        )

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
                if self.dialect.name == "sqlite":
                    self.conn.execute("BEGIN")
                    try:
                        yield
                    except BaseException:
                        self.conn.execute("ROLLBACK")
                        raise
                    self.conn.execute("COMMIT")
                else:
                    with self.conn.transaction():
                        yield
            finally:
                self._depth = 0

    # -- documents -------------------------------------------------------------------
    @_locked
    def add_documents(self, docs: Sequence[NewDocument]) -> list[int]:
        if not docs:
            return []
        ids: list[int] = []
        with self.transaction():
            for doc in docs:
                try:
                    doc_id = self.dialect.insert_document(
                        self.conn,
                        self.t_docs,
                        (
                            doc.ref,
                            doc.text,
                            doc.content_hash,
                            doc.chars,
                            doc.title,
                            doc.site,
                            doc.url,
                            doc.owner,
                        ),
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
        # PostgreSQL plans from statistics that autovacuum refreshes only later; after a
        # bulk load, refresh them now (ANALYZE samples, so this stays cheap).
        if self.dialect.name != "postgresql":
            return
        self._since_analyze += added
        if self._since_analyze >= max(100_000, self._analyzed_rows // 5):
            self.conn.execute(f"ANALYZE {self.t_fp}")
            self._analyzed_rows += self._since_analyze
            self._since_analyze = 0

    @_locked
    def delete_document(self, doc_id: int, hashes: np.ndarray) -> None:
        unique = np.unique(hashes).view(np.int64).tolist()
        with self.transaction():
            if self.dialect.name == "postgresql":
                self.conn.execute(
                    f"DELETE FROM {self.t_fp} WHERE doc_id = %s AND hash = ANY(%s)",
                    (doc_id, unique),
                )
            else:
                self.conn.executemany(
                    f"DELETE FROM {self.t_fp} WHERE hash = ? AND doc_id = ?",
                    [(h, doc_id) for h in unique],
                )
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
        for row in self._select_in(_DOC_COLUMNS, "id", wanted):
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
    def lookup(self, fp: Fingerprints) -> Seeds:
        if len(fp) == 0:
            return Seeds.empty()
        with self.transaction():  # SQLite: one transaction for the temp-table rows too
            rows = self.dialect.lookup(self.conn, self.t_fp, fp, self.params.w)
        if not rows:
            return Seeds.empty()
        arr = np.asarray(rows, dtype=np.int64)
        return Seeds(arr[:, 0], arr[:, 1], arr[:, 2])

    # -- housekeeping ----------------------------------------------------------------
    @_locked
    def stats(self) -> dict:
        docs, chars = self.conn.execute(
            f"SELECT count(*), COALESCE(sum(chars), 0) FROM {self.t_docs}"
        ).fetchone()
        postings = self.conn.execute(f"SELECT count(*) FROM {self.t_fp}").fetchone()[0]
        return {
            "store": self.dialect.name,
            "documents": int(docs),
            "postings": int(postings),
            "chars": int(chars),
            "bytes": self.dialect.size_bytes(self.conn, [self.t_meta, self.t_docs, self.t_fp]),
            "k": self.params.k,
            "w": self.params.w,
        }

    @_locked
    def clear(self) -> None:
        with self.transaction():
            self.conn.execute(f"DELETE FROM {self.t_fp}")
            self.conn.execute(f"DELETE FROM {self.t_docs}")

    @_locked
    def drop(self) -> None:
        """Remove the index tables (tests and throw-away indexes)."""
        with self.transaction():
            for t in (self.t_fp, self.t_docs, self.t_meta):
                self.conn.execute(f"DROP TABLE IF EXISTS {t}")

    @_locked
    def close(self) -> None:
        if self._owns:
            self.conn.close()
