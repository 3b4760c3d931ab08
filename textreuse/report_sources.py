"""The report's source-level parts: sources and their mirror groups (mirrors.py), and
edited passages (疑似改写, edited.py) with their sources."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import mirrors
from .edited import EditedMatch
from .normalize import Normalized


def _ratio(n: int, total: int) -> float:
    return n / total if total else 0.0


@dataclass(frozen=True)
class SourceResult:
    ref: str
    title: str
    site: str
    url: str
    own: bool  # marked as the author's own text
    copied_chars: int  # query characters shared with this source
    attributed_chars: int  # of those, credited to this source (longest match wins)
    ratio: float  # copied_chars / total_chars  (单篇文字复制比)
    share: float  # attributed_chars / report copied_chars
    group: int = 0  # index in Report.source_groups (mirrors of one text share a group)
    primary: bool = True  # the group's listed source (most credited characters)
    folded: bool = False  # no character credited to it: shown folded, not as a source


@dataclass(frozen=True)
class SourceGroup:
    """One text and its mirrors (the same essay on several sites), listed once."""

    ref: str  # the primary source: most credited characters in the group
    title: str
    site: str
    url: str
    own: bool
    refs: list[str]  # every source of the group, primary first
    sites: list[str]  # distinct sites of the group, primary's first
    mirrors: int  # len(refs) - 1: "also on N sites"
    copied_chars: int  # characters shared with the group's text (largest member)
    attributed_chars: int  # characters credited to any member
    ratio: float  # copied_chars / total_chars
    folded: bool  # nothing credited to the group


@dataclass(frozen=True)
class EditedSpan:
    start: int  # query, original offsets (end exclusive)
    end: int
    ref: str
    source_start: int  # source, offsets in its stored clean text
    source_end: int
    chars: int  # matching characters of the query passage
    new_chars: int  # of those, not inside an exact copy (what edited_ratio counts)
    similarity: float  # share of aligned equal (or synonym) characters
    norm_start: int
    norm_end: int
    source_norm_start: int
    source_norm_end: int
    own: bool
    kind: str = "edited"


@dataclass(frozen=True)
class EditedSource:
    ref: str
    title: str
    site: str
    url: str
    own: bool
    edited_chars: int  # query characters in its edited passages, not inside exact copies
    similarity: float  # best similarity of its passages


def group_mirrors(
    sources: list[SourceResult], matched: list, total: int
) -> tuple[list[SourceResult], list[SourceGroup]]:
    """Group mirrored sources (see mirrors.py); ``sources`` and ``matched`` are aligned."""
    roots = mirrors.group([m.doc.sketch for m in matched], [m.doc.chars for m in matched])
    members: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        members.setdefault(root, []).append(i)
    groups = []
    for idx in members.values():
        idx.sort(key=lambda i: (-sources[i].attributed_chars, i))
        credited = sum(sources[i].attributed_chars for i in idx)
        copied = max(sources[i].copied_chars for i in idx)
        head = sources[idx[0]]
        sites = list(dict.fromkeys(sources[i].site for i in idx if sources[i].site))
        groups.append((idx, head, credited, copied, sites))
    groups.sort(key=lambda g: (-g[2], -g[3], g[0][0]))
    out = list(sources)
    result = []
    for gi, (idx, head, credited, copied, sites) in enumerate(groups):
        for pos, i in enumerate(idx):
            s = sources[i]  # built positionally: dataclasses.replace is slow per source
            out[i] = SourceResult(
                s.ref, s.title, s.site, s.url, s.own, s.copied_chars, s.attributed_chars,
                s.ratio, s.share, gi, pos == 0, s.attributed_chars == 0,
            )  # fmt: skip
        result.append(
            SourceGroup(
                head.ref, head.title, head.site, head.url, head.own,
                [sources[i].ref for i in idx], sites, len(idx) - 1, copied, credited,
                _ratio(copied, total), credited == 0,
            )
        )  # fmt: skip
    return out, result


#: An edited passage adding fewer characters than this to the exact copies is left out:
#: the exact spans already describe it.
EDITED_MIN_NEW = 13


def edited_results(
    found: list[EditedMatch], query: Normalized, covered: np.ndarray, owner: str | None
) -> tuple[list[EditedSpan], list[EditedSource], np.ndarray]:
    mask = np.zeros(len(query), dtype=bool)
    spans: list[EditedSpan] = []
    per_source: dict[str, tuple[EditedMatch, np.ndarray, float]] = {}
    for m in found:
        own = owner is not None and m.doc.owner == owner
        for r in m.regions:
            new = ~covered[r.qs : r.qe]
            if int(new.sum()) < EDITED_MIN_NEW:
                continue
            mask[r.qs : r.qe] |= new
            o_s, o_e = query.original_span(r.qs, r.qe)
            s_s, s_e = m.normalized.original_span(r.ss, r.se)
            spans.append(
                EditedSpan(
                    o_s,
                    o_e,
                    m.doc.ref,
                    s_s,
                    s_e,
                    r.qe - r.qs,
                    int(new.sum()),
                    round(r.similarity, 4),
                    r.qs,
                    r.qe,
                    r.ss,
                    r.se,
                    own,
                )
            )
            _, cov, best = per_source.get(m.doc.ref, (m, np.zeros(len(query), bool), 0.0))
            cov[r.qs : r.qe] |= new
            per_source[m.doc.ref] = (m, cov, max(best, r.similarity))
    spans.sort(key=lambda s: (s.start, s.ref))
    sources = [
        EditedSource(
            m.doc.ref,
            m.doc.title,
            m.doc.site,
            m.doc.url,
            owner is not None and m.doc.owner == owner,
            int(cov.sum()),
            round(best, 4),
        )
        for m, cov, best in per_source.values()
    ]
    sources.sort(key=lambda s: (-s.edited_chars, s.ref))
    return spans, sources, mask
