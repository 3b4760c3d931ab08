"""Paragraph boundaries in original text, for the per-paragraph part of the report."""

from __future__ import annotations

import re

_WS = " \t\r\f\v\u3000\xa0"
# Scraped pages often lose their line breaks and keep only the indentation: a sentence
# end followed by two or more blanks starts a new paragraph.
_BREAK = re.compile(r"\r\n|\n|\r|\u2028|\u2029|(?<=[。！？!?”」』）)])[ \t\u3000\xa0]{2,}")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Original (start, end) of each non-blank paragraph, trimmed of surrounding blanks."""
    spans = []
    start = 0
    for m in _BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if s < e:
            out.append((s, e))
    return out
