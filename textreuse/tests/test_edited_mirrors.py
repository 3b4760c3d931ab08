"""Edited copies beside a mirrored essay: mirrors of one essay must not take every
candidate slot of the edited-copy search (the bug: 26 mirrors, edited_ratio 0)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textreuse import Engine
from textreuse.candidates import rank_candidates
from textreuse.edited import EDGE
from textreuse.store import Seeds

from .helpers import CJK, random_text
from .test_edited import edit

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def mirrored_note(
    mirrors: int, length: int, period: int, seed: int
) -> tuple[Engine, str, tuple[int, int]]:
    """An engine holding ``mirrors`` copies of one essay (each site with its own header
    and footer) and another source; a note copying 600 characters of the essay
    verbatim, then an edited copy of ``length`` characters of the other source.
    Returns the engine, the note and the planted passage's normalized span."""
    rnd = random.Random(seed)
    essay = random_text(rnd, 1500, CJK[:1000])
    other = random_text(rnd, 1200, CJK[:1000])
    engine = Engine()
    for k in range(mirrors):
        header = random_text(rnd, 30, CJK[2500:])
        engine.add(f"m{k}", header + essay + header[::-1], site=f"site{k}.cn")
    engine.add("other", other, site="other.cn")
    lead = random_text(rnd, 60, CJK[2000:2400])
    gap = random_text(rnd, 80, CJK[2000:2400])
    start = rnd.randrange(0, len(other) - length)
    passage = edit(other[start : start + length], period, rnd, CJK[2000:])
    note = lead + essay[300:900] + gap + passage + lead[::-1]
    p0 = len(lead) + 600 + len(gap)  # all ideographs: normalized offsets equal
    return engine, note, (p0, p0 + length)


def assert_edited_passage_found(engine: Engine, note: str, planted: tuple[int, int]) -> None:
    report = engine.check(note)
    found: set[int] = set()
    for s in report.edited_spans:
        if s.ref == "other":
            assert s.kind == "edited" and s.similarity >= 0.8
            found.update(range(s.norm_start, s.norm_end))
    want = set(range(*planted))
    assert len(found & want) >= 0.9 * len(want)
    assert len(found - want) <= 2 * EDGE
    assert report.edited_ratio > 0
    # The mirrored essay is still one source group, credited with its 600 characters.
    first = report.source_groups[0]
    assert first.mirrors == len([r for r in first.refs if r.startswith("m")]) - 1
    assert first.attributed_chars == 600


def test_edited_copy_is_found_beside_26_mirrors() -> None:
    """The reported case: 26 mirrors took all 10 slots and the edited passage of the
    other source (found at 0.92 similarity with 2 mirrors) was missed."""
    engine, note, planted = mirrored_note(26, 200, 10, seed=1)
    assert_edited_passage_found(engine, note, planted)


@SETTINGS
@given(
    mirrors=st.integers(10, 30),
    length=st.integers(80, 400),
    period=st.sampled_from([10, 12]),
    seed=st.integers(0, 2**32 - 1),
)
def test_mirrors_never_hide_an_edited_copy_of_another_source(
    mirrors: int, length: int, period: int, seed: int
) -> None:
    engine, note, planted = mirrored_note(mirrors, length, period, seed)
    assert_edited_passage_found(engine, note, planted)


def _seeds(rows: list[tuple[int, list[int], int]]) -> Seeds:
    """(doc id, query positions, diagonal) per document."""
    q = np.array([p for _, ps, _ in rows for p in ps], dtype=np.int64)
    d = np.array([doc for doc, ps, _ in rows for _ in ps], dtype=np.int64)
    s = np.array([p - diag for _, ps, diag in rows for p in ps], dtype=np.int64)
    return Seeds(q, d, s)


def test_candidates_pass_over_mirrors_only() -> None:
    essay = list(range(0, 400, 20))  # 20 seeds of the copied essay
    seeds = _seeds(
        [(7, essay, 0)]
        + [(100 + k, essay, -30) for k in range(12)]  # its mirrors (other furniture)
        + [(3, essay[:10] + list(range(500, 560, 10)), 0)]  # 6 of its 16 are its own
        + [(9, [700, 720, 740], 5)]  # a passage elsewhere in the note
    )
    assert rank_candidates(seeds, 10) == [7, 3, 9]
    assert rank_candidates(seeds, 2) == [7, 3]
    # Without mirrors the order is the ranking's (most seeds in one band first).
    assert rank_candidates(_seeds([(9, [700, 720, 740], 5), (7, essay, 0)]), 10) == [7, 9]
