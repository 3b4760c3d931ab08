"""Shared generators and the brute-force oracle for the engine tests."""

from __future__ import annotations

import random

from textreuse.match import Piece, brute_force_runs, resolve_overlaps
from textreuse.normalize import normalize
from textreuse.report import Report

# Chinese-like text: CJK unified ideographs, the first ones of the block.
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def random_text(rnd: random.Random, n: int, alphabet: list[str] = CJK) -> str:
    return "".join(rnd.choice(alphabet) for _ in range(n))


def expected_pieces(query: str, source: str, min_run: int = 13) -> list[Piece]:
    """What the engine must report for one source: every maximal common run of at
    least ``min_run`` normalized characters, found by comparing every diagonal."""
    q, s = normalize(query).text, normalize(source).text
    return resolve_overlaps(brute_force_runs(q, s, min_run), len(q))


def reported_pieces(report: Report, ref: str) -> list[tuple[int, int, int, int]]:
    """(norm start, norm end, source norm start, source norm end), quote splits merged."""
    out: list[list[int]] = []
    spans = sorted(
        (s for s in report.spans if s.ref == ref), key=lambda s: (s.norm_start, s.source_norm_start)
    )
    for s in spans:
        if out and out[-1][1] == s.norm_start and out[-1][3] == s.source_norm_start:
            out[-1][1], out[-1][3] = s.norm_end, s.source_norm_end
        else:
            out.append([s.norm_start, s.norm_end, s.source_norm_start, s.source_norm_end])
    return [tuple(x) for x in out]  # type: ignore[misc]


def as_tuples(pieces: list[Piece]) -> list[tuple[int, int, int, int]]:
    return [(p.qs, p.qe, p.ss, p.se) for p in pieces]
