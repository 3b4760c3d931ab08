"""Creating an SQL index, checking an existing one's identity, upgrading version 1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import packed
from .normalize import NORMALIZER_VERSION
from .store import StoreError
from .winnow import DEFAULT_PARAMS, HASH_SEED, Params

if TYPE_CHECKING:
    from .store_sql import SQLStore

SCHEMA_VERSION = 2  # 2: packed buckets table, documents.sketch (1 is upgraded on open)


def init_schema(self: SQLStore, params: Params | None, create: bool) -> Params:
    """Check an existing index's identity (upgrading version 1), or create one."""
    d = self.dialect
    try:
        exists = d.table_exists(self.conn, self.schema, self._prefix + "meta")
    except Exception as exc:  # e.g. sqlite3.DatabaseError on a non-database file
        raise StoreError(f"not a textreuse index: {exc}") from exc
    if exists:
        meta = dict(self.conn.execute(f"SELECT key, value FROM {self.t_meta}").fetchall())
        try:
            stored = Params(int(meta["k"]), int(meta["w"]))
            checks = {"normalizer_version": NORMALIZER_VERSION, "hash_seed": HASH_SEED}
            for key, want in checks.items():
                if int(meta[key]) != want:
                    raise StoreError(f"index has {key}={meta[key]}, this code needs {want}")
            version = int(meta["schema_version"])
        except KeyError as exc:
            raise StoreError(f"not a textreuse index (meta lacks {exc})") from exc
        if version == 1:
            upgrade_from_1(self)
        elif version != SCHEMA_VERSION:
            raise StoreError(f"index has schema_version={version}, this code needs 2")
        if params is not None and params != stored:
            raise StoreError(f"index was built with {stored}, not {params}")
        return stored
    if not create:
        raise StoreError("not a textreuse index (no textreuse tables)")
    if d.foreign_tables(self.conn):
        # Never add index tables to somebody else's database file.
        raise StoreError("not a textreuse index (the database holds other tables)")
    params = params or DEFAULT_PARAMS
    with self.transaction():
        self.conn.execute(f"CREATE TABLE {self.t_meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        d.create_documents(self.conn, self.tables, keys=True)
        d.create_fingerprints(self.conn, self.tables)
        d.create_buckets(self.conn, self.tables)
        d.add_bucket_keys(self.conn, self.tables)
        values = {
            "schema_version": SCHEMA_VERSION,
            "k": params.k,
            "w": params.w,
            "hash_seed": HASH_SEED,
            "normalizer_version": NORMALIZER_VERSION,
            "bucket_bits": packed.MIN_BITS,
            "packed_postings": 0,
        }
        for key, value in values.items():
            self.set_meta(key, str(value))
    return params


def upgrade_from_1(self: SQLStore) -> None:
    # Version 2 only adds things (the packed table, a sketch column), so a version-1
    # index keeps its rows and gains empty new structures.
    with self.transaction():
        self.dialect.add_sketch_column(self.conn, self.tables)
        self.dialect.create_buckets(self.conn, self.tables)
        self.dialect.add_bucket_keys(self.conn, self.tables)
        self.set_meta("bucket_bits", str(packed.MIN_BITS))
        self.set_meta("packed_postings", "0")
        self.set_meta("schema_version", str(SCHEMA_VERSION))
