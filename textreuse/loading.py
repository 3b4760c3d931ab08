"""Engine-level bulk loads (Engine.rebuild, add_many of many documents): the same
decisions as adding one document at a time — empty texts, exact duplicates, a ref given
again replaces the earlier text — taken against the index being loaded, with documents
prepared in worker processes (bulk.py) and written by the store's bulk path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import bulk
from .store import NewDocument

if TYPE_CHECKING:
    from .engine import AddResult, DocumentInput, Engine

GROUP = 1000  # documents per bulk insert


@dataclass
class _LoadState:
    results: list[AddResult] = field(default_factory=list)
    loaded: dict[str, int] = field(default_factory=dict)  # ref -> index in results
    content: dict[int, str] = field(default_factory=dict)  # content hash -> first ref


def load_documents(
    engine: Engine,
    docs: Iterable[DocumentInput],
    *,
    replace: bool,
    strip: bool,
    skip_duplicates: bool,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> list[AddResult]:
    """One AddResult per input document, in input order."""
    from .engine import _batches

    state = _LoadState()
    with engine.store.bulk_load(replace=replace) as load:  # type: ignore[attr-defined]
        prepared = bulk.prepare(docs, engine.store.params, strip=strip, workers=workers)
        for group in _batches(prepared, GROUP):
            _load_group(engine, group, load, state, replace, skip_duplicates)
            if progress:
                progress(len(group))
    return state.results


def _load_group(
    engine: Engine,
    group: list[NewDocument],
    load: Any,
    state: _LoadState,
    replace: bool,
    skip: bool,
) -> None:
    from .engine import AddResult

    existing = (
        {} if replace or not skip else engine.store.find_content([d.content_hash for d in group])
    )
    accepted: list[tuple[int, NewDocument]] = []
    for nd in group:
        if nd.chars == 0:
            gone = _forget(engine, nd.ref, load, state, replace)
            state.results.append(AddResult(nd.ref, None, 0, empty=True, replaced=gone))
            continue
        h = nd.content_hash
        dup = (existing.get(h) or state.content.get(h)) if skip else None
        if dup is not None and dup != nd.ref:
            state.results.append(AddResult(nd.ref, None, nd.chars, duplicate_of=dup))
            continue
        replaced = _forget(engine, nd.ref, load, state, replace)
        state.content.setdefault(h, nd.ref)
        accepted.append((len(state.results), nd))
        state.results.append(AddResult(nd.ref, None, nd.chars, replaced=replaced))
    ids = load.add([nd for _, nd in accepted])
    for (i, nd), doc_id in zip(accepted, ids, strict=True):
        was = state.results[i]
        state.results[i] = AddResult(nd.ref, doc_id, nd.chars, replaced=was.replaced)
        state.loaded[nd.ref] = i


def _forget(engine: Engine, ref: str, load: Any, state: _LoadState, replace: bool) -> bool:
    """Drop an earlier version of ``ref``: loaded earlier in this load, or (when
    appending) in the index."""
    from .engine import AddResult

    i = state.loaded.pop(ref, None)
    if i is not None:
        r = state.results[i]
        state.results[i] = AddResult(
            r.ref, r.doc_id, r.chars, r.duplicate_of, r.replaced, r.empty, superseded=True
        )
        if replace:
            return load.remove_loaded(ref)
    if replace:
        return False
    return engine.remove(ref)
