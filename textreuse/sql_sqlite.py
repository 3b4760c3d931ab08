"""SQLite (stdlib sqlite3) side of the SQL store."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from .sql_common import Dialect, Tables, ctx_rows


class SQLiteDialect(Dialect):
    name = "sqlite"
    placeholder = "?"
    integer = "INTEGER"
    blob = "BLOB"
    empty_blob = "X''"

    def table_exists(self, conn: Any, schema: str | None, table: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return row is not None

    def foreign_tables(self, conn: Any) -> int:
        return int(
            conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        )

    def create_documents(self, conn: Any, t: Tables, *, keys: bool) -> None:
        # SQLite cannot add a primary key later, and the unique ref index is cheap next
        # to the postings, so both are declared up front even for a bulk load.
        # AUTOINCREMENT: ids are never reused, so a stale posting can't point at a
        # later document.
        conn.execute(
            f"CREATE TABLE {t.docs} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "ref TEXT NOT NULL UNIQUE, text TEXT NOT NULL, content_hash INTEGER NOT NULL, "
            "chars INTEGER NOT NULL, title TEXT NOT NULL DEFAULT '', "
            "site TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', owner TEXT, "
            "sketch BLOB NOT NULL DEFAULT X'')"
        )
        if keys:
            self.add_document_keys(conn, t)

    def add_document_keys(self, conn: Any, t: Tables) -> None:
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {t.bare('documents')}_content_hash "
            f"ON {t.docs} (content_hash)"
        )

    def create_fingerprints(self, conn: Any, t: Tables) -> None:
        # WITHOUT ROWID clusters the postings by hash: a lookup reads adjacent pages.
        conn.execute(
            f"CREATE TABLE {t.fp} (hash INTEGER NOT NULL, doc_id INTEGER NOT NULL, "
            "pos INTEGER NOT NULL, ctx BLOB NOT NULL, PRIMARY KEY (hash, doc_id, pos)) "
            "WITHOUT ROWID"
        )

    def create_buckets(self, conn: Any, t: Tables) -> None:
        # INTEGER PRIMARY KEY is the rowid: rows arrive in bucket order, so the table
        # is its own index and appending is the cheapest insert SQLite has.
        conn.execute(f"CREATE TABLE {t.buckets} (bucket INTEGER PRIMARY KEY, data BLOB NOT NULL)")

    def add_bucket_keys(self, conn: Any, t: Tables) -> None:
        pass

    def swap(self, conn: Any, live: Tables, new: Tables, tables: Iterable[str]) -> None:
        tables = list(tables)
        self.drop_tables(conn, live, tables)
        for table in tables:
            conn.execute(f"ALTER TABLE {new.name(table)} RENAME TO {live.bare(table)}")
        if "documents" in tables:
            # Index names do not follow a renamed table; give it the live name.
            conn.execute(f"DROP INDEX IF EXISTS {new.bare('documents')}_content_hash")
            self.add_document_keys(conn, live)

    @contextlib.contextmanager
    def transaction(self, conn: Any) -> Iterator[None]:
        conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def insert_document(self, conn: Any, table: str, values: tuple) -> int:
        cur = conn.execute(
            f"INSERT INTO {table} (ref, text, content_hash, chars, title, site, url, owner, "
            "sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        return int(cur.lastrowid)

    def copy_documents(self, conn: Any, table: str, rows: list[tuple]) -> None:
        conn.executemany(
            f"INSERT INTO {table} (id, ref, text, content_hash, chars, title, site, url, "
            "owner, sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def next_document_id(self, conn: Any, t: Tables) -> int:
        row = conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (t.bare("documents"),)
        ).fetchone()
        top = conn.execute(f"SELECT COALESCE(max(id), 0) FROM {t.docs}").fetchone()[0]
        return max(int(row[0]) if row else 0, int(top)) + 1

    def reserve_ids(self, conn: Any, t: Tables, n: int) -> list[int]:
        # Called inside a write transaction: SQLite has one writer, so nobody else can
        # take these ids before the rows are in.
        first = self.next_document_id(conn, t)
        return list(range(first, first + n))

    def insert_postings(self, conn, table, hashes, doc_ids, positions, contexts) -> None:
        order = np.argsort(hashes, kind="stable")  # B-tree friendly insertion order
        rows = zip(
            hashes[order].view(np.int64).tolist(),
            doc_ids[order].tolist(),
            positions[order].tolist(),
            ctx_rows(contexts[order]),
            strict=True,
        )
        conn.executemany(f"INSERT INTO {table} (hash, doc_id, pos, ctx) VALUES (?, ?, ?, ?)", rows)

    def delete_postings(self, conn: Any, table: str, doc_id: int, hashes: list[int]) -> None:
        conn.executemany(
            f"DELETE FROM {table} WHERE hash = ? AND doc_id = ?", [(h, doc_id) for h in hashes]
        )

    def _temp_values(self, conn: Any, values: list[int]) -> None:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS tr_query (v INTEGER NOT NULL)")
        conn.execute("DELETE FROM temp.tr_query")
        conn.executemany("INSERT INTO temp.tr_query (v) VALUES (?)", [(v,) for v in values])

    def fetch_postings(self, conn: Any, table: str, hashes: np.ndarray) -> list[tuple]:
        self._temp_values(conn, hashes.view(np.int64).tolist())
        # CROSS JOIN fixes the loop order: the few query rows drive primary-key probes.
        return conn.execute(
            f"SELECT f.hash, f.doc_id, f.pos, f.ctx FROM temp.tr_query AS q "
            f"CROSS JOIN {table} AS f WHERE f.hash = q.v"
        ).fetchall()

    def copy_buckets(self, conn: Any, table: str, parts: Iterable[Any]) -> None:
        for part in parts:
            conn.executemany(f"INSERT INTO {table} (bucket, data) VALUES (?, ?)", part.rows())

    def fetch_buckets(self, conn: Any, t: Tables, buckets: list[int]) -> list[tuple]:
        self._temp_values(conn, buckets)
        bits = f"(SELECT CAST(value AS INTEGER) FROM {t.meta} WHERE key = 'bucket_bits')"
        return conn.execute(
            f"SELECT {bits}, b.bucket, b.data FROM temp.tr_query AS q "
            f"CROSS JOIN {t.buckets} AS b WHERE b.bucket = q.v "
            f"UNION ALL SELECT {bits}, NULL, NULL"
        ).fetchall()

    def size_bytes(self, conn: Any, tables: list[str]) -> int:
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        return int(page_count * page_size)
