"""The originality report: ratios, sources, paragraphs, passages and span pairs.

All character counts are counts of *matching characters* (letters and digits after
normalization, see normalize.py); every ratio is such a count divided by total_chars.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field

import numpy as np

from .edited import EditedMatch
from .match import Piece
from .normalize import Normalized
from .paragraphs import paragraph_spans
from .report_sources import (
    EditedSource,
    EditedSpan,
    SourceGroup,
    SourceResult,
    edited_results,
    group_mirrors,
)
from .store import StoredDocument


@dataclass(frozen=True)
class SourceMatch:
    """What one stored document shares with the query."""

    doc: StoredDocument
    normalized: Normalized  # of doc.text, for mapping source offsets back
    pieces: list[Piece]  # non-overlapping in the query, sorted by query start


@dataclass(frozen=True)
class SpanPair:
    start: int  # query, original offsets (end exclusive)
    end: int
    ref: str
    source_start: int  # source, offsets in its stored clean text
    source_end: int
    quoted: bool
    chars: int  # matching characters in the span (same on both sides)
    norm_start: int
    norm_end: int
    source_norm_start: int
    source_norm_end: int
    run_length: int  # length of the whole maximal common run this span belongs to
    kind: str = "exact"  # exact: a verbatim run (CNKI); edited spans are in edited_spans
    similarity: float = 1.0


@dataclass(frozen=True)
class ParagraphResult:
    index: int
    start: int
    end: int
    total_chars: int
    copied_chars: int
    quoted_chars: int
    ratio: float


@dataclass(frozen=True)
class Passage:
    """A stretch of the query credited to one source (for display)."""

    start: int
    end: int
    ref: str
    refs: list[str]  # every source sharing some of it, credited one first
    chars: int
    quoted: bool
    text: str


@dataclass
class Report:
    total_chars: int
    copied_chars: int
    quoted_chars: int  # copied characters inside quotations
    own_chars: int  # copied characters shared only with the author's own texts
    total_ratio: float
    ratio_excluding_quotes: float
    ratio_excluding_own: float
    max_single_source_ratio: float
    max_single_source_ref: str | None
    max_single_source_title: str | None
    sources: list[SourceResult] = field(default_factory=list)
    spans: list[SpanPair] = field(default_factory=list)
    paragraphs: list[ParagraphResult] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    params: dict = field(default_factory=dict)  # k, w, min_run
    stats: dict = field(default_factory=dict)  # seeds, candidate/matched documents
    # 疑似改写 (edited copies), beside and apart from the CNKI figures above:
    edited_chars: int = 0  # characters in edited passages and not in exact copies
    edited_ratio: float = 0.0  # edited_chars / total_chars (疑似改写比)
    edited_spans: list[EditedSpan] = field(default_factory=list)
    edited_sources: list[EditedSource] = field(default_factory=list)
    # Sources grouped by mirrors, ordered by credited characters, folded ones last:
    source_groups: list[SourceGroup] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-serialisable dict (ratios are fractions in [0, 1])."""
        return asdict(self)

    def render_text(self, width: int = 60) -> str:
        return render_text(self, width)


def _ratio(n: int, total: int) -> float:
    return n / total if total else 0.0


def _runs_of(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.flatnonzero(np.diff(np.concatenate([[False], mask, [False]]).astype(np.int8)))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def _constant_runs(values: np.ndarray) -> list[tuple[int, int]]:
    if values.size == 0:
        return []
    cuts = np.flatnonzero(values[1:] != values[:-1]) + 1
    bounds = np.concatenate([[0], cuts, [values.size]]).tolist()
    return list(itertools.pairwise(bounds))


def build_report(
    text: str,
    query: Normalized,
    matches: list[SourceMatch],
    quoted: np.ndarray,
    owner: str | None = None,
    params: dict | None = None,
    stats: dict | None = None,
    edited: list[EditedMatch] | None = None,
) -> Report:
    n = len(query)
    coverage = []
    for m in matches:
        cov = np.zeros(n, dtype=bool)
        for p in m.pieces:
            cov[p.qs : p.qe] = True
        coverage.append(cov)
    copied_each = [int(c.sum()) for c in coverage]
    # Tie-break for equal run lengths: the source sharing more, then the older one.
    rank = sorted(range(len(matches)), key=lambda i: (-copied_each[i], matches[i].doc.id))
    rank_of = {i: r for r, i in enumerate(rank)}

    credited = np.full(n, -1, dtype=np.int64)
    order = sorted(
        ((i, p) for i, m in enumerate(matches) for p in m.pieces),
        key=lambda ip: (-ip[1].run_length, rank_of[ip[0]], ip[1].qs),
    )
    for i, p in order:
        seg = credited[p.qs : p.qe]
        seg[seg < 0] = i
    covered = credited >= 0
    own = [owner is not None and m.doc.owner == owner for m in matches]
    not_own_cov = np.zeros(n, dtype=bool)
    for i, cov in enumerate(coverage):
        if not own[i]:
            not_own_cov |= cov

    copied = int(covered.sum())
    quoted_copied = int((covered & quoted).sum())
    sources = []
    for i in rank:
        m = matches[i]
        attributed = int((credited == i).sum())
        sources.append(
            SourceResult(
                m.doc.ref,
                m.doc.title,
                m.doc.site,
                m.doc.url,
                own[i],
                copied_each[i],
                attributed,
                _ratio(copied_each[i], n),
                _ratio(attributed, copied),
            )
        )
    best = max(sources, key=lambda s: s.copied_chars, default=None)
    sources, groups = group_mirrors(sources, [matches[i] for i in rank], n)

    spans = []
    for m in matches:
        for p in m.pieces:
            for a, b in _constant_runs(quoted[p.qs : p.qe]):
                qs, qe = p.qs + a, p.qs + b
                ss, se = p.ss + a, p.ss + b
                o_s, o_e = query.original_span(qs, qe)
                s_s, s_e = m.normalized.original_span(ss, se)
                spans.append(
                    SpanPair(
                        o_s,
                        o_e,
                        m.doc.ref,
                        s_s,
                        s_e,
                        bool(quoted[qs]),
                        qe - qs,
                        qs,
                        qe,
                        ss,
                        se,
                        p.run_length,
                    )
                )
    spans.sort(key=lambda s: (s.start, s.ref, s.source_start))

    passages = []
    for a, b in _runs_of(covered):
        keyed = credited[a:b] * 2 + quoted[a:b]
        for c, d in _constant_runs(keyed):
            qs, qe = a + c, a + d
            i = int(credited[qs])
            refs = [matches[i].doc.ref] + [
                matches[j].doc.ref for j in rank if j != i and coverage[j][qs:qe].any()
            ]
            o_s, o_e = query.original_span(qs, qe)
            passages.append(
                Passage(
                    o_s, o_e, matches[i].doc.ref, refs, qe - qs, bool(quoted[qs]), text[o_s:o_e]
                )
            )

    paragraphs = []
    for idx, (ps, pe) in enumerate(paragraph_spans(text)):
        a, b = query.normalized_index(ps), query.normalized_index(pe)
        if a >= b:
            continue
        c = int(covered[a:b].sum())
        paragraphs.append(
            ParagraphResult(
                idx, ps, pe, b - a, c, int((covered[a:b] & quoted[a:b]).sum()), _ratio(c, b - a)
            )
        )

    edited_spans, edited_sources, edited_mask = edited_results(edited or [], query, covered, owner)
    return Report(
        total_chars=n,
        copied_chars=copied,
        quoted_chars=quoted_copied,
        own_chars=copied - int((covered & not_own_cov).sum()),
        total_ratio=_ratio(copied, n),
        ratio_excluding_quotes=_ratio(copied - quoted_copied, n),
        ratio_excluding_own=_ratio(int(not_own_cov.sum()), n),
        max_single_source_ratio=best.ratio if best else 0.0,
        max_single_source_ref=best.ref if best else None,
        max_single_source_title=best.title if best else None,
        sources=sources,
        spans=spans,
        paragraphs=paragraphs,
        passages=passages,
        params=dict(params or {}),
        stats=dict(stats or {}),
        edited_chars=int(edited_mask.sum()),
        edited_ratio=_ratio(int(edited_mask.sum()), n),
        edited_spans=edited_spans,
        edited_sources=edited_sources,
        source_groups=groups,
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _clip(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def render_text(report: Report, width: int = 60) -> str:
    """Readable report: ratios, per-source table, copied passages with their source."""
    r = report
    lines = [
        f"总字数 total_chars            {r.total_chars}",
        f"重复字数 copied_chars         {r.copied_chars}",
        f"总文字复制比 total_ratio       {_pct(r.total_ratio)}",
        f"去除引用文献复制比             {_pct(r.ratio_excluding_quotes)}",
        f"去除本人文献复制比             {_pct(r.ratio_excluding_own)}",
        f"单篇最大文字复制比             {_pct(r.max_single_source_ratio)}"
        + (f"  ({r.max_single_source_ref})" if r.max_single_source_ref else ""),
        f"疑似改写比 edited_ratio        {_pct(r.edited_ratio)}",
    ]
    if r.sources:
        lines += ["", "Sources:", f"  {'ratio':>6}  {'copied':>7}  {'credited':>8}  ref / title"]
        for s in r.sources:
            own = " [本人]" if s.own else ""
            title = f" — {_clip(s.title, 40)}" if s.title else ""
            lines.append(
                f"  {_pct(s.ratio):>6}  {s.copied_chars:>7}  {s.attributed_chars:>8}  "
                f"{s.ref}{title}{own}"
            )
    if r.passages:
        lines += ["", "Copied passages:"]
        for p in r.passages:
            tag = " (引用)" if p.quoted else ""
            also = f" (also: {', '.join(p.refs[1:])})" if len(p.refs) > 1 else ""
            lines.append(f"  [{p.start}:{p.end}] {p.chars} chars from {p.ref}{tag}{also}")
            lines.append(f"    {_clip(p.text, width)}")
    if r.edited_spans:
        lines += ["", "Edited passages (疑似改写):"]
        for e in r.edited_spans:
            lines.append(
                f"  [{e.start}:{e.end}] {e.chars} chars, similarity {_pct(e.similarity)}, "
                f"from {e.ref} [{e.source_start}:{e.source_end}]"
            )
    if not r.sources and not r.edited_spans:
        lines += ["", "No copied passages found."]
    return "\n".join(lines) + "\n"
