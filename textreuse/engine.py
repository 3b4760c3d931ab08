"""The public entry point: add, remove and check documents against a store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from .boilerplate import strip_boilerplate as _strip
from .match import extend_seeds, resolve_overlaps
from .normalize import Normalized, normalize
from .quotes import quoted_mask
from .report import Report, SourceMatch, build_report
from .store import NewDocument, Store, StoredDocument
from .store_memory import MemoryStore
from .winnow import content_hash, fingerprint

#: CNKI's rule: 13 identical consecutive characters count as copied.
MIN_RUN = 13


@dataclass(frozen=True)
class DocumentInput:
    ref: str
    text: str
    title: str = ""
    site: str = ""
    url: str = ""
    owner: str | None = None


@dataclass(frozen=True)
class AddResult:
    ref: str
    doc_id: int | None  # None when skipped
    chars: int  # matching characters of the stored (clean) text
    duplicate_of: str | None = None  # ref of the stored document with the same text
    replaced: bool = False  # an earlier document with this ref was replaced
    empty: bool = False  # nothing left to index (no matching characters)

    @property
    def added(self) -> bool:
        return self.doc_id is not None


class Engine:
    """Text-reuse engine over a store (in-memory by default).

    ``min_run`` is the reporting threshold; the store's winnowing parameters guarantee
    that every shared run of ``k + w - 1`` characters or more is found, so ``min_run``
    must not be below that.
    """

    def __init__(
        self, store: Store | None = None, *, min_run: int = MIN_RUN, quote_min_chars: int = 1
    ) -> None:
        self.store: Store = store if store is not None else MemoryStore()
        if min_run < self.store.params.guaranteed_run:
            raise ValueError(
                f"min_run={min_run} is below the guaranteed run "
                f"{self.store.params.guaranteed_run} of k={self.store.params.k}, "
                f"w={self.store.params.w}"
            )
        self.min_run = min_run
        self.quote_min_chars = quote_min_chars

    # -- indexing --------------------------------------------------------------------
    def add(
        self,
        ref: str,
        text: str,
        *,
        title: str = "",
        site: str = "",
        url: str = "",
        owner: str | None = None,
        strip_boilerplate: bool = False,
        skip_duplicates: bool = False,
    ) -> AddResult:
        """Index ``text`` under ``ref``, replacing any document with that ref."""
        return self.add_many(
            [DocumentInput(ref, text, title, site, url, owner)],
            strip_boilerplate=strip_boilerplate,
            skip_duplicates=skip_duplicates,
        )[0]

    def add_many(
        self,
        docs: Iterable[DocumentInput],
        *,
        strip_boilerplate: bool = False,
        skip_duplicates: bool = False,
        batch_size: int = 256,
    ) -> list[AddResult]:
        """Index many documents, in batches (one bulk insert per batch)."""
        results: list[AddResult] = []
        for batch in _batches(docs, batch_size):
            results.extend(self._add_batch(batch, strip_boilerplate, skip_duplicates))
        return results

    def _add_batch(
        self, batch: list[DocumentInput], strip: bool, skip_duplicates: bool
    ) -> list[AddResult]:
        # Refs are unique within a batch (see _batches).
        prepared = []
        for d in batch:
            clean = _strip(d.text).text if strip else d.text
            norm = normalize(clean)
            prepared.append((d, clean, norm, content_hash(norm.text)))
        with self.store.transaction():
            existing = self.store.find_content([h for *_, h in prepared]) if skip_duplicates else {}
            seen: dict[int, str] = {}
            results: list[AddResult | None] = []
            new_docs: list[NewDocument] = []
            replaced: set[str] = set()
            for d, clean, norm, h in prepared:
                if not norm.text:
                    # Nothing to index; an older text under this ref is still replaced
                    # (i.e. removed), as add() always replaces.
                    gone = self.remove(d.ref)
                    results.append(AddResult(d.ref, None, 0, empty=True, replaced=gone))
                    continue
                dup = (existing.get(h) or seen.get(h)) if skip_duplicates else None
                if dup is not None and dup != d.ref:
                    results.append(AddResult(d.ref, None, len(norm), duplicate_of=dup))
                    continue
                if self.remove(d.ref):
                    replaced.add(d.ref)
                seen.setdefault(h, d.ref)
                new_docs.append(
                    NewDocument(
                        d.ref,
                        clean,
                        fingerprint(norm.text, self.store.params),
                        h,
                        len(norm),
                        d.title,
                        d.site,
                        d.url,
                        d.owner,
                    )
                )
                results.append(None)
            ids = iter(self.store.add_documents(new_docs))
        by_ref = {nd.ref: (next(ids), nd.chars) for nd in new_docs}
        out: list[AddResult] = []
        for (d, *_), r in zip(prepared, results, strict=True):
            if r is None:
                doc_id, chars = by_ref[d.ref]
                r = AddResult(d.ref, doc_id, chars, replaced=d.ref in replaced)
            out.append(r)
        return out

    def remove(self, ref: str) -> bool:
        """Delete the document stored under ``ref``; False when there is none."""
        doc_id = self.store.document_id(ref)
        if doc_id is None:
            return False
        doc = self.store.get_documents([doc_id]).get(doc_id)
        hashes = (
            fingerprint(normalize(doc.text).text, self.store.params).hashes
            if doc is not None
            else np.zeros(0, dtype=np.uint64)
        )
        self.store.delete_document(doc_id, hashes)
        return True

    def get(self, ref: str) -> StoredDocument | None:
        doc_id = self.store.document_id(ref)
        return None if doc_id is None else self.store.get_documents([doc_id]).get(doc_id)

    def __len__(self) -> int:
        return self.store.count()

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self.store.document_id(ref) is not None

    # -- checking --------------------------------------------------------------------
    def matches(self, query: Normalized, *, exclude_refs: Iterable[str] = ()) -> list[SourceMatch]:
        """Every stored document sharing a run of at least ``min_run`` characters."""
        return self._find(query, exclude_refs)[0]

    def _find(
        self, query: Normalized, exclude_refs: Iterable[str]
    ) -> tuple[list[SourceMatch], dict]:
        params = self.store.params
        seeds = self.store.lookup(fingerprint(query.text, params))
        stats = {"seeds": len(seeds), "candidate_documents": 0, "matched_documents": 0}
        if len(seeds) == 0:
            return [], stats
        excluded = [i for i in (self.store.document_id(r) for r in exclude_refs) if i is not None]
        doc_ids = np.unique(seeds.doc_ids)
        if excluded:
            doc_ids = doc_ids[~np.isin(doc_ids, excluded)]
        stats["candidate_documents"] = int(doc_ids.size)
        docs = self.store.get_documents(doc_ids.tolist())
        order = np.argsort(seeds.doc_ids, kind="stable")
        sorted_ids = seeds.doc_ids[order]
        out = []
        for doc_id in doc_ids.tolist():
            doc = docs.get(doc_id)
            if doc is None:
                continue
            lo, hi = np.searchsorted(sorted_ids, [doc_id, doc_id + 1])
            sel = order[lo:hi]
            src = normalize(doc.text)
            runs = extend_seeds(
                query.text, src.text, seeds.qpos[sel], seeds.spos[sel], params.k, self.min_run
            )
            if runs:
                out.append(SourceMatch(doc, src, resolve_overlaps(runs, len(query))))
        stats["matched_documents"] = len(out)
        return out, stats

    def check(
        self, text: str, *, owner: str | None = None, exclude_refs: Iterable[str] = ()
    ) -> Report:
        """Compare ``text`` with the index; offsets in the report index into ``text``.

        ``owner`` marks sources stored with the same owner as the author's own texts
        (去除本人文献复制比); ``exclude_refs`` leaves documents out entirely (e.g. the
        checked document itself when it is already indexed).
        """
        query = normalize(text)
        matches, stats = self._find(query, exclude_refs)
        quoted = quoted_mask(text, query, min_chars=self.quote_min_chars)
        params = self.store.params
        return build_report(
            text,
            query,
            matches,
            quoted,
            owner=owner,
            stats=stats,
            params={
                "k": params.k,
                "w": params.w,
                "min_run": self.min_run,
            },
        )


def _batches(items: Iterable[DocumentInput], size: int) -> Iterator[list[DocumentInput]]:
    # A ref seen again closes the batch, so that the later text replaces the earlier one
    # exactly as it would across separate add() calls.
    batch: list[DocumentInput] = []
    refs: set[str] = set()
    for item in items:
        if item.ref in refs or len(batch) >= size:
            yield batch
            batch, refs = [], set()
        batch.append(item)
        refs.add(item.ref)
    if batch:
        yield batch
