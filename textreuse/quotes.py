"""Quotations (引用): text inside quotation marks, cited sentences, reference lists.

Copied characters that fall inside a quotation still count in 总文字复制比 but not in
去除引用文献复制比, as in CNKI reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .normalize import Normalized

_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", "〝": "〞", "«": "»", "﹁": "﹂", "﹃": "﹄"}
_CLOSERS = {c: o for o, c in _PAIRS.items()}
_CLOSERS["〟"] = "〝"
_TOGGLES = {'"', "＂"}  # straight quotes open and close with the same mark

# [1], ［2］, 〔3〕, 【4】, [1-3], [1,2] and superscript numbers right after a sentence.
_CITATION = re.compile(
    r"(?:[\[［〔【]\s*\d{1,3}(?:\s*[-–—,，、]\s*\d{1,3})*\s*[\]］〕】]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
)
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
_REFERENCES_HEADING = re.compile(
    r"^\s*(?:参考文献|参考资料|引用文献|注释|references|bibliography)\s*[:：]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuotedRegion:
    start: int  # original offsets of the quoted content, end exclusive
    end: int
    kind: str  # quote | citation | references


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _quote_regions(text: str, start: int, end: int) -> list[QuotedRegion]:
    # Quotes never run across a line break: an unclosed mark is a typo, not a quotation
    # of the rest of the document.
    regions: list[QuotedRegion] = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        ch = text[i]
        if ch in _TOGGLES:
            if stack and stack[-1][0] == ch:
                _opener, pos = stack.pop()
                if not stack:
                    regions.append(QuotedRegion(pos + 1, i, "quote"))
            else:
                stack.append((ch, i))
        elif ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            want = _CLOSERS[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == want:
                    pos = stack[depth][1]
                    del stack[depth:]
                    if not stack:
                        regions.append(QuotedRegion(pos + 1, i, "quote"))
                    break
    return regions


def find_quotations(text: str) -> list[QuotedRegion]:
    """Quoted and cited regions of ``text`` (original offsets), sorted by start."""
    regions: list[QuotedRegion] = []
    in_references = False
    for ls, le in _lines(text):
        line = text[ls:le]
        if in_references:
            if line.strip():
                regions.append(QuotedRegion(ls, le, "references"))
            continue
        if _REFERENCES_HEADING.match(line):
            in_references = True
            continue
        stripped = line.lstrip()
        head = _CITATION.match(stripped)
        if head and head.group(0)[0] not in "¹²³⁴⁵⁶⁷⁸⁹⁰":
            # A line opening with [n] is an entry of a reference list.
            regions.append(QuotedRegion(ls, le, "references"))
            continue
        regions.extend(_quote_regions(text, ls, le))
        for m in _CITATION.finditer(line):
            if m.start() == 0:
                continue
            before = line[: m.start()]
            breaks = list(_SENTENCE_BREAK.finditer(before.rstrip("。！？!?；; ")))
            sent_start = breaks[-1].end() if breaks else 0
            if sent_start < m.start():
                regions.append(QuotedRegion(ls + sent_start, ls + m.start(), "citation"))
    regions.sort(key=lambda r: (r.start, r.end))
    return regions


def quoted_mask(
    text: str,
    normalized: Normalized,
    regions: list[QuotedRegion] | None = None,
    min_chars: int = 1,
) -> np.ndarray:
    """Boolean mask over the normalized characters that lie in a quotation.

    ``min_chars`` ignores quoted regions with fewer matching characters (set it above 1
    to treat short scare-quoted terms such as slogans as ordinary text).
    """
    if regions is None:
        regions = find_quotations(text)
    mark = np.zeros(len(text) + 1, dtype=np.int32)
    for r in regions:
        if min_chars > 1:
            a = normalized.normalized_index(r.start)
            b = normalized.normalized_index(r.end)
            if b - a < min_chars:
                continue
        mark[r.start] += 1
        mark[r.end] -= 1
    inside = np.cumsum(mark)[:-1] > 0
    return inside[normalized.offsets] if len(normalized) else np.zeros(0, dtype=bool)
