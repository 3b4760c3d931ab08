"""The public entry point: add, remove and check documents against a store."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from . import edited as edited_mod
from .boilerplate import strip_boilerplate as _strip
from .candidates import rank_candidates
from .edited import EditedMatch
from .loading import load_documents
from .match import extend_seeds, resolve_overlaps
from .mirrors import sketch_of
from .normalize import Normalized, code_points, normalize
from .quotes import quoted_mask
from .report import Report, SourceMatch, build_report
from .store import NewDocument, Seeds, Store, StoredDocument
from .store_memory import MemoryStore
from .winnow import content_hash, fingerprint

#: CNKI's rule: 13 identical consecutive characters count as copied.
MIN_RUN = 13
#: add_many switches to the store's bulk path (packed postings, one rewrite) from this
#: many documents; fewer go row by row, which is cheaper for a handful.
BULK_MIN_DOCS = 1000


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

    superseded: bool = False  # a later document with the same ref replaced it

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
        self,
        store: Store | None = None,
        *,
        min_run: int = MIN_RUN,
        quote_min_chars: int = 1,
        edited: bool = True,
        edited_min_chars: int = edited_mod.MIN_CHARS,
        edited_similarity: float = edited_mod.MIN_SIMILARITY,
        edited_candidates: int = 10,
    ) -> None:
        """``edited`` turns on edited-copy detection (疑似改写, see edited.py): passages
        of at least ``edited_min_chars`` whose characters agree at least
        ``edited_similarity`` with one of the ``edited_candidates`` best candidates."""
        self.store: Store = store if store is not None else MemoryStore()
        if min_run < self.store.params.guaranteed_run:
            raise ValueError(
                f"min_run={min_run} is below the guaranteed run "
                f"{self.store.params.guaranteed_run} of k={self.store.params.k}, "
                f"w={self.store.params.w}"
            )
        self.min_run = min_run
        self.quote_min_chars = quote_min_chars
        self.edited = edited
        self.edited_min_chars = edited_min_chars
        self.edited_similarity = edited_similarity
        self.edited_candidates = edited_candidates

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
        workers: int = 2,
    ) -> list[AddResult]:
        """Index many documents. From BULK_MIN_DOCS documents on, the store's bulk path
        is used (fingerprinting in ``workers`` processes, postings merged into the
        packed table in one rewrite); below, batches of ``batch_size`` go row by row."""
        it = iter(docs)
        head = list(itertools.islice(it, BULK_MIN_DOCS))
        if len(head) >= BULK_MIN_DOCS and hasattr(self.store, "bulk_load"):
            return load_documents(
                self,
                itertools.chain(head, it),
                replace=False,
                strip=strip_boilerplate,
                skip_duplicates=skip_duplicates,
                workers=workers,
            )
        results: list[AddResult] = []
        for batch in _batches(head, batch_size):
            results.extend(self._add_batch(batch, strip_boilerplate, skip_duplicates))
        return results

    def rebuild(
        self,
        docs: Iterable[DocumentInput],
        progress: Callable[[int], None] | None = None,
        *,
        strip_boilerplate: bool = False,
        skip_duplicates: bool = False,
        workers: int = 2,
    ) -> int:
        """Build a complete new index from ``docs`` and swap it in atomically; returns
        the number of documents indexed. Checks keep being answered from the old index
        until the swap. ``progress(n)`` is called as input documents are consumed. A
        ref given twice keeps its later text; documents without matching characters are
        skipped. Documents added by others while a rebuild runs are not in the result."""
        results = load_documents(
            self,
            docs,
            replace=True,
            strip=strip_boilerplate,
            skip_duplicates=skip_duplicates,
            workers=workers,
            progress=progress,
        )
        return sum(1 for r in results if r.added and not r.superseded)

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
                fp = fingerprint(norm.text, self.store.params)
                new_docs.append(
                    NewDocument(
                        d.ref,
                        clean,
                        fp,
                        h,
                        len(norm),
                        d.title,
                        d.site,
                        d.url,
                        d.owner,
                        sketch_of(fp.hashes),
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
        seeds = self.store.lookup(fingerprint(query.text, self.store.params))
        return self._find(query, seeds, self._excluded(exclude_refs))[0]

    def _excluded(self, refs: Iterable[str]) -> list[int]:
        return [i for i in (self.store.document_id(r) for r in refs) if i is not None]

    def _find(
        self, query: Normalized, seeds: Seeds, excluded: list[int]
    ) -> tuple[list[SourceMatch], dict]:
        params = self.store.params
        stats = {"seeds": len(seeds), "candidate_documents": 0, "matched_documents": 0}
        if len(seeds) == 0:
            return [], stats
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
        fp = fingerprint(query.text, self.store.params)
        excluded = self._excluded(exclude_refs)
        # One lookup serves both: with edited-copy detection on, every posting of the
        # query's hashes comes back, those passing the context rule marked.
        seeds = self.store.lookup(fp, context=not self.edited)
        matches, stats = self._find(query, seeds.agreeing(), excluded)
        edited = self._find_edited(query, seeds, excluded, matches, stats) if self.edited else []
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
                "edited_min_chars": self.edited_min_chars,
                "edited_similarity": self.edited_similarity,
            },
            edited=edited,
        )

    def _find_edited(
        self,
        query: Normalized,
        seeds: Seeds,
        excluded: list[int],
        matches: list[SourceMatch],
        stats: dict,
    ) -> list[EditedMatch]:
        # Candidates: postings with the context rule off (an edited passage shares
        # k-grams but no 13-character run), ranked by seeds on one diagonal band and
        # chosen for coverage of the query (mirrors pass, see candidates.py); the best
        # few are aligned character by character.
        if excluded and len(seeds):
            seeds = seeds.select(~np.isin(seeds.doc_ids, excluded))
        order = np.argsort(seeds.doc_ids, kind="stable")
        ids = rank_candidates(seeds, self.edited_candidates, by_doc=order)
        known = {m.doc.id: m.normalized for m in matches}
        docs = {m.doc.id: m.doc for m in matches if m.doc.id in ids}
        docs.update(self.store.get_documents([i for i in ids if i not in docs]))
        canon = edited_mod.canonical(query.text)
        qcodes = code_points(query.text)
        sorted_ids = seeds.doc_ids[order]
        out = []
        aligned = 0
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            src = known.get(doc_id) or normalize(doc.text)
            lo, hi = np.searchsorted(sorted_ids, [doc_id, doc_id + 1])
            sel = order[lo:hi]
            qpos, spos = seeds.qpos[sel], seeds.spos[sel]
            # Seeds whose k-grams differ (a 32-bit hash collision of packed postings)
            # are dropped; a document left without any shares nothing with the query
            # and is not aligned.
            true = edited_mod.shared_kgrams(
                qcodes, code_points(src.text), qpos, spos, self.store.params.k
            )
            if not true.any():
                continue
            aligned += 1
            regions = edited_mod.edited_in_document(
                canon,
                src.text,
                qpos[true],
                spos[true],
                min_chars=self.edited_min_chars,
                min_similarity=self.edited_similarity,
            )
            if regions:
                out.append(EditedMatch(doc, src, regions))
        stats["edited_candidates"] = len(ids)
        stats["edited_aligned"] = aligned
        stats["edited_documents"] = len(out)
        return out


def _batches(items: Iterable, size: int) -> Iterator[list]:
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
