"""Property tests: planted copies are found exactly, short overlaps never reported.

They run on every store kind (memory, SQLite, PostgreSQL when DATABASE_URL says so).
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textreuse.normalize import normalize

from .helpers import CJK, as_tuples, expected_pieces, random_text, reported_pieces

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def planted_copy(draw: st.DrawFn, min_len: int, max_len: int) -> dict:
    """A corpus of random documents and a query holding one run copied from one of them."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    # Small alphabets make repeated k-grams (and chance runs) common; the oracle
    # accounts for chance runs, so the assertions stay exact.
    alphabet = CJK[: draw(st.sampled_from([6, 20, 200, 3000]))]
    length = draw(st.integers(min_len, max_len))
    docs = [random_text(rnd, draw(st.integers(length, 600)), alphabet) for _ in range(3)]
    which = draw(st.integers(0, 2))
    src = docs[which]
    start = draw(st.integers(0, len(src) - length))
    prefix = random_text(rnd, draw(st.integers(0, 200)), alphabet)
    suffix = random_text(rnd, draw(st.integers(0, 200)), alphabet)
    return {
        "docs": docs,
        "which": which,
        "start": start,
        "length": length,
        "query": prefix + src[start : start + length] + suffix,
        "prefix": len(prefix),
    }


@SETTINGS
@given(case=planted_copy(13, 120))
def test_planted_run_of_13_or_more_is_found_with_exact_spans(make_engine, case) -> None:
    engine = make_engine()
    for i, doc in enumerate(case["docs"]):
        engine.add(f"doc{i}", doc)
    report = engine.check(case["query"])
    for i, doc in enumerate(case["docs"]):
        assert reported_pieces(report, f"doc{i}") == as_tuples(expected_pieces(case["query"], doc))
    # And the planted run itself lies inside a reported span of its source.
    p, n = case["prefix"], case["length"]
    ref = f"doc{case['which']}"
    assert any(s.start <= p and p + n <= s.end for s in _merged(report, ref))


def _merged(report, ref):
    class S:
        def __init__(self, a, b):
            self.start, self.end = a, b

    spans = sorted((s.start, s.end) for s in report.spans if s.ref == ref)
    out: list[list[int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [S(a, b) for a, b in out]


@SETTINGS
@given(case=planted_copy(1, 12), data=st.data())
def test_overlap_of_12_or_fewer_is_never_reported(make_engine, case, data) -> None:
    # Force the characters around the planted run to differ from the source's, so the
    # overlap is exactly the planted length, and require no chance overlap elsewhere.
    docs, q = case["docs"], case["query"]
    src, start, n, p = docs[case["which"]], case["start"], case["length"], case["prefix"]
    q = list(q)
    if p > 0 and start > 0 and q[p - 1] == src[start - 1]:
        q[p - 1] = "\u3400" if src[start - 1] != "\u3400" else "\u3401"
    if p + n < len(q) and start + n < len(src) and q[p + n] == src[start + n]:
        q[p + n] = "\u3402" if src[start + n] != "\u3402" else "\u3403"
    query = "".join(q)
    assume(all(not expected_pieces(query, d) for d in docs))
    engine = make_engine()
    for i, doc in enumerate(docs):
        engine.add(f"doc{i}", doc)
    report = engine.check(query)
    assert report.spans == []
    assert report.copied_chars == 0
    assert report.total_ratio == 0.0
    assert report.sources == []


SEPARATORS = ["", "", "", "", "，", ",", "。", " ", "　", "、", "\n", "；", "!", "…", "-", "\t"]
LATIN = list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _fullwidth(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch


@st.composite
def disguised_copy(draw: st.DrawFn) -> dict:
    """Source and query share L >= 13 matching characters, but the copy differs in
    punctuation, whitespace, letter case and full/half width."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    alphabet = CJK[:300] + LATIN
    src_chars = [rnd.choice(alphabet) for _ in range(draw(st.integers(20, 400)))]
    length = draw(st.integers(13, len(src_chars)))
    a = draw(st.integers(0, len(src_chars) - length))
    # Source original text, remembering where each matching character sits.
    src_text, src_pos = [], []
    for ch in src_chars:
        src_pos.append(sum(len(x) for x in src_text))
        src_text.append(ch + rnd.choice(SEPARATORS))
    source = "".join(src_text)

    def other(not_this: str | None) -> str:
        ch = rnd.choice(CJK[300:600])  # never in the source alphabet
        return ch if ch != not_this else CJK[601]

    prefix = "".join(other(None) + rnd.choice(SEPARATORS) for _ in range(rnd.randint(0, 30)))
    query, q_first, q_last = [prefix], None, None
    for i, ch in enumerate(src_chars[a : a + length]):
        if rnd.random() < 0.5:
            ch = _fullwidth(ch)
        if rnd.random() < 0.5:
            ch = ch.swapcase()
        pos = sum(len(x) for x in query)
        if i == 0:
            q_first = pos
        q_last = pos
        query.append(ch + (rnd.choice(SEPARATORS) if i < length - 1 else ""))
    query.append(rnd.choice(SEPARATORS))
    query.append("".join(other(None) + rnd.choice(SEPARATORS) for _ in range(rnd.randint(0, 30))))
    return {
        "source": source,
        "query": "".join(query),
        "q_span": (q_first, q_last + 1),
        "s_span": (src_pos[a], src_pos[a + length - 1] + 1),
    }


@SETTINGS
@given(case=disguised_copy())
def test_copy_disguised_by_punctuation_width_and_case_is_found(make_engine, case) -> None:
    engine = make_engine()
    engine.add("src", case["source"])
    report = engine.check(case["query"])
    spans = [(s.start, s.end, s.source_start, s.source_end) for s in report.spans]
    assert spans == [case["q_span"] + case["s_span"]]
    assert report.copied_chars == len(
        normalize(case["query"][case["q_span"][0] : case["q_span"][1]]).text
    )


@SETTINGS
@given(case=planted_copy(1, 12))
def test_disguised_short_overlap_is_not_reported(make_engine, case) -> None:
    # Twelve shared characters split by punctuation and width changes stay below 13.
    docs = case["docs"]
    query = "，".join(_fullwidth(c) for c in case["query"])
    assume(all(not expected_pieces(query, d) for d in docs))
    engine = make_engine()
    for i, doc in enumerate(docs):
        engine.add(f"doc{i}", doc)
    assert engine.check(query).spans == []
