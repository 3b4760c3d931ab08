"""What the SQL dialects share: the table layout, the context condition in SQL, and the
``Dialect`` interface each database implements (see sql_sqlite.py, sql_postgres.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from .store import NewDocument

DOC_COLUMNS = "id, ref, text, content_hash, chars, title, site, url, owner, sketch"


@dataclass(frozen=True)
class Tables:
    """Qualified names of one set of index tables (the live set, or one being built)."""

    schema: str | None
    prefix: str
    suffix: str = ""

    def name(self, table: str) -> str:
        q = f"{self.schema}." if self.schema else ""
        return f"{q}{self.bare(table)}"

    def bare(self, table: str) -> str:
        return f"{self.prefix}{table}{self.suffix}"

    @property
    def meta(self) -> str:
        return self.name("meta")

    @property
    def docs(self) -> str:
        return self.name("documents")

    @property
    def fp(self) -> str:
        """Row-per-posting table: incremental additions (one note at a time)."""
        return self.name("fingerprints")

    @property
    def buckets(self) -> str:
        """Packed postings written by bulk loads (see packed.py)."""
        return self.name("buckets")


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


def ctx_rows(contexts: np.ndarray) -> list[bytes]:
    width = contexts.shape[1] if contexts.ndim == 2 else 0
    raw = np.ascontiguousarray(contexts).tobytes()
    return (
        [raw[i : i + width] for i in range(0, len(raw), width)]
        if width
        else [b"" for _ in range(contexts.shape[0])]
    )


class Dialect:
    """Everything that differs between SQLite and PostgreSQL; the store's own code is
    the same for both and calls these methods instead of testing a dialect's name."""

    name = "base"
    placeholder = "?"
    integer = "BIGINT"
    blob = "BLOB"
    empty_blob = "X''"

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    # -- schema ----------------------------------------------------------------------
    def table_exists(self, conn: Any, schema: str | None, table: str) -> bool:
        raise NotImplementedError

    def foreign_tables(self, conn: Any) -> int:
        """Tables in the database that are not ours (refuse to write into them)."""
        return 0

    def create_documents(self, conn: Any, t: Tables, *, keys: bool) -> None:
        """The documents table; ``keys=False`` leaves what can be added after a bulk
        load (add_document_keys) for later."""
        raise NotImplementedError

    def add_document_keys(self, conn: Any, t: Tables) -> None:
        raise NotImplementedError

    def create_fingerprints(self, conn: Any, t: Tables) -> None:
        raise NotImplementedError

    def create_buckets(self, conn: Any, t: Tables) -> None:
        raise NotImplementedError

    def add_bucket_keys(self, conn: Any, t: Tables) -> None:
        raise NotImplementedError

    def add_sketch_column(self, conn: Any, t: Tables) -> None:
        conn.execute(
            f"ALTER TABLE {t.docs} ADD COLUMN sketch {self.blob} NOT NULL DEFAULT {self.empty_blob}"
        )

    def swap(self, conn: Any, live: Tables, new: Tables, tables: Iterable[str]) -> None:
        """Drop the live ``tables`` and give the new ones their names (inside the
        caller's transaction, so readers see either the old set or the new one)."""
        raise NotImplementedError

    def drop_tables(self, conn: Any, t: Tables, tables: Iterable[str]) -> None:
        for table in tables:
            conn.execute(f"DROP TABLE IF EXISTS {t.name(table)}")

    @contextlib.contextmanager
    def transaction(self, conn: Any) -> Iterator[None]:
        raise NotImplementedError
        yield

    # -- documents -------------------------------------------------------------------
    def insert_document(self, conn: Any, table: str, values: tuple) -> int:
        raise NotImplementedError

    def copy_documents(self, conn: Any, table: str, rows: list[tuple]) -> None:
        """Bulk insert of full rows (id first, DOC_COLUMNS order)."""
        raise NotImplementedError

    def next_document_id(self, conn: Any, t: Tables) -> int:
        """An id above every id ever given, so a rebuilt index never reuses one."""
        raise NotImplementedError

    def reserve_ids(self, conn: Any, t: Tables, n: int) -> list[int]:
        """``n`` fresh document ids for rows inserted with explicit ids."""
        raise NotImplementedError

    def restart_ids(self, conn: Any, t: Tables, next_id: int) -> None:
        pass

    # -- postings --------------------------------------------------------------------
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

    def delete_postings(self, conn: Any, table: str, doc_id: int, hashes: list[int]) -> None:
        raise NotImplementedError

    def fetch_postings(self, conn: Any, table: str, hashes: np.ndarray) -> list[tuple]:
        """(hash, doc_id, pos, ctx) of the row-per-posting table for ``hashes``
        (distinct uint64); the context rule is applied by the caller, in numpy."""
        raise NotImplementedError

    def copy_buckets(self, conn: Any, table: str, parts: Iterable[Any]) -> None:
        """Write packed.Partition objects (buckets in order) into ``table``."""
        raise NotImplementedError

    def fetch_buckets(self, conn: Any, t: Tables, buckets: list[int]) -> list[tuple]:
        """(bits, bucket, data) of the given buckets, plus one row (bits, None, None):
        ``bits`` is the bucket width in meta read *in the same statement*, so the
        caller can tell that a rebuild with another width was swapped in meanwhile."""
        raise NotImplementedError

    def analyze(self, conn: Any, table: str) -> None:
        """Refresh planner statistics after a bulk load (where the database needs it)."""

    def size_bytes(self, conn: Any, tables: list[str]) -> int:
        raise NotImplementedError


def document_values(doc: NewDocument, doc_id: int | None = None) -> tuple:
    """A document row in DOC_COLUMNS order (id first)."""
    return (
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
