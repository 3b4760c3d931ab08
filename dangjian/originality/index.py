"""The textreuse index behind the originality check: one Engine per process, opened on
the store named by settings.DANGJIAN_ORIGINALITY_INDEX (an SQLite path, or a PostgreSQL
URL whose tables live in schema DANGJIAN_ORIGINALITY_SCHEMA)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from dangjian.originality import rules
from textreuse import Engine, SQLStore

_lock = threading.Lock()
_engine: Engine | None = None
_opened_for: tuple[str, str] | None = None


def _target() -> tuple[str, str]:
    return settings.DANGJIAN_ORIGINALITY_INDEX, settings.DANGJIAN_ORIGINALITY_SCHEMA


def engine() -> Engine:
    global _engine, _opened_for
    with _lock:
        target = _target()
        if _engine is None or _opened_for != target:
            close()
            url, schema = target
            is_pg = url.startswith(("postgres://", "postgresql://"))
            store = SQLStore.open(url, schema=schema if is_pg else None)
            _engine = Engine(store, min_run=rules.MIN_COPIED_RUN)
            _opened_for = target
        return _engine


def close() -> None:
    global _engine, _opened_for
    if _engine is not None:
        _engine.store.close()
    _engine, _opened_for = None, None


@receiver(setting_changed)
def _reopen_on_change(setting: str, **kwargs) -> None:
    if setting in ("DANGJIAN_ORIGINALITY_INDEX", "DANGJIAN_ORIGINALITY_SCHEMA"):
        with _lock:
            close()
