"""Hand-built cases with exact ratios, on every store kind."""

from __future__ import annotations

import json
import random

import pytest

from textreuse import Engine, MemoryStore, Params
from textreuse.normalize import normalize

from .helpers import CJK

SOURCE_ALPHABET = CJK[:1000]
FILLER_ALPHABET = CJK[2000:3000]  # disjoint: filler never extends a copied run


def src(seed: int, n: int) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(SOURCE_ALPHABET) for _ in range(n))


def filler(seed: int, n: int) -> str:
    rnd = random.Random(10_000 + seed)
    return "".join(rnd.choice(FILLER_ALPHABET) for _ in range(n))


def spans_of(report):
    return [(s.start, s.end, s.ref, s.source_start, s.source_end, s.quoted) for s in report.spans]


def test_single_source_ratios_and_spans(make_engine) -> None:
    engine = make_engine()
    a = src(1, 100)
    engine.add("A", a, title="Title A", site="example.org")
    query = filler(1, 50) + a[10:40] + filler(2, 20)
    r = engine.check(query)
    assert (r.total_chars, r.copied_chars) == (100, 30)
    assert r.total_ratio == r.ratio_excluding_quotes == r.ratio_excluding_own == 0.3
    assert r.max_single_source_ratio == 0.3
    assert (r.max_single_source_ref, r.max_single_source_title) == ("A", "Title A")
    assert spans_of(r) == [(50, 80, "A", 10, 40, False)]
    [s] = r.sources
    assert (s.ref, s.title, s.site, s.copied_chars, s.attributed_chars) == (
        "A",
        "Title A",
        "example.org",
        30,
        30,
    )
    assert (s.ratio, s.share, s.own) == (0.3, 1.0, False)
    [p] = r.paragraphs
    assert (p.start, p.end, p.total_chars, p.copied_chars, p.ratio) == (0, 100, 100, 30, 0.3)
    [passage] = r.passages
    assert (passage.start, passage.end, passage.ref, passage.refs) == (50, 80, "A", ["A"])
    assert passage.text == a[10:40]
    assert r.stats["matched_documents"] == 1
    json.dumps(r.to_dict())  # JSON-serialisable


def test_no_match_gives_zero_report(make_engine) -> None:
    engine = make_engine()
    engine.add("A", src(1, 100))
    r = engine.check(filler(3, 60))
    assert (r.total_chars, r.copied_chars, r.total_ratio) == (60, 0, 0.0)
    assert r.sources == r.spans == r.passages == []
    assert r.max_single_source_ref is None
    empty = engine.check("，。 ")
    assert (empty.total_chars, empty.total_ratio) == (0, 0.0)


def test_passage_from_several_sources_is_credited_once_to_the_longest(make_engine) -> None:
    engine = make_engine()
    seg1, seg2 = src(2, 20), src(3, 15)
    engine.add("A", src(4, 30) + seg1 + src(5, 30))
    engine.add("B", src(6, 10) + seg1 + seg2 + src(7, 10))
    query = filler(1, 40) + seg1 + seg2 + filler(2, 25)
    r = engine.check(query)
    assert (r.total_chars, r.copied_chars) == (100, 35)
    assert r.total_ratio == 0.35
    assert [(s.ref, s.copied_chars, s.attributed_chars, s.ratio, s.share) for s in r.sources] == [
        ("B", 35, 35, 0.35, 1.0),
        ("A", 20, 0, 0.2, 0.0),
    ]
    assert (r.max_single_source_ratio, r.max_single_source_ref) == (0.35, "B")
    assert spans_of(r) == [(40, 60, "A", 30, 50, False), (40, 75, "B", 10, 45, False)]
    [p] = r.passages
    assert (p.start, p.end, p.ref, p.refs, p.chars) == (40, 75, "B", ["B", "A"], 35)


def test_overlapping_passages_split_by_longest_match(make_engine) -> None:
    engine = make_engine()
    x, y, z = src(8, 14), src(9, 14), src(10, 14)
    engine.add("A", x + y)  # 28 shared
    engine.add("B", y + z + src(11, 20))  # 28 shared, but A is older: tie goes to A
    engine.add("C", src(12, 5) + z + src(13, 5))  # 14 shared
    query = filler(1, 10) + x + y + z + filler(2, 8)
    r = engine.check(query)
    assert r.total_chars == 60 and r.copied_chars == 42
    credited = {s.ref: s.attributed_chars for s in r.sources}
    assert credited == {"A": 28, "B": 14, "C": 0}
    assert sum(credited.values()) == r.copied_chars
    assert [(p.ref, p.chars, p.refs) for p in r.passages] == [
        ("A", 28, ["A", "B"]),
        ("B", 14, ["B", "C"]),
    ]


def test_quotations_count_in_total_but_not_excluding_quotes(make_engine) -> None:
    engine = make_engine()
    a = src(14, 100)
    engine.add("A", a)
    query = filler(1, 30) + "他说：“" + a[0:20] + "”" + filler(2, 10) + a[50:65] + filler(3, 10)
    r = engine.check(query)
    n = len(normalize(query).text)
    assert n == 87
    assert (r.copied_chars, r.quoted_chars) == (35, 20)
    assert r.total_ratio == 35 / 87
    assert r.ratio_excluding_quotes == 15 / 87
    assert [(s.quoted, s.chars) for s in r.spans] == [(True, 20), (False, 15)]
    assert [(p.quoted, p.chars) for p in r.passages] == [(True, 20), (False, 15)]


def test_quote_inside_a_longer_copy_splits_the_span(make_engine) -> None:
    engine = make_engine()
    a = src(15, 60)
    engine.add("A", a)
    # The copy keeps its quotation marks around a part of it; punctuation is not matched.
    query = filler(1, 20) + a[0:20] + "“" + a[20:35] + "”" + a[35:50] + filler(2, 20)
    r = engine.check(query)
    assert r.copied_chars == 50 and r.quoted_chars == 15
    assert [(s.source_start, s.source_end, s.quoted) for s in r.spans] == [
        (0, 20, False),
        (20, 35, True),
        (35, 50, False),
    ]
    assert all(s.run_length == 50 for s in r.spans)
    assert r.ratio_excluding_quotes == 35 / 90


def test_own_texts_are_excluded_from_ratio_excluding_own(make_engine) -> None:
    engine = make_engine()
    seg_a, seg_b = src(16, 20), src(17, 15)
    engine.add("mine", src(18, 10) + seg_a + src(19, 10), owner="alice")
    engine.add("theirs", src(20, 10) + seg_b + src(21, 10), owner="bob")
    engine.add("mine-too", seg_b + src(22, 10), owner="alice")
    query = filler(1, 40) + seg_a + seg_b + filler(2, 25)
    r = engine.check(query, owner="alice")
    assert r.total_ratio == 0.35
    assert r.ratio_excluding_own == 0.15  # seg_b still counts: "theirs" has it too
    assert r.own_chars == 20
    assert {s.ref: s.own for s in r.sources} == {"mine": True, "theirs": False, "mine-too": True}
    anonymous = engine.check(query)
    assert anonymous.ratio_excluding_own == anonymous.total_ratio == 0.35


def test_exclude_refs(make_engine) -> None:
    engine = make_engine()
    a = src(23, 50)
    engine.add("self", a)
    engine.add("other", a[:25] + src(24, 10))
    r = engine.check(a, exclude_refs=["self"])
    assert [s.ref for s in r.sources] == ["other"]
    assert r.copied_chars == 25


def test_paragraphs_have_their_own_ratios(make_engine) -> None:
    engine = make_engine()
    a = src(25, 40)
    engine.add("A", a)
    query = filler(1, 10) + "\n\n" + a[:20] + "。  " + filler(2, 20) + "\n" + filler(3, 5)
    r = engine.check(query)
    got = [(p.index, p.start, p.end, p.total_chars, p.copied_chars, p.ratio) for p in r.paragraphs]
    assert got == [
        (0, 0, 10, 10, 0, 0.0),
        (1, 12, 33, 20, 20, 1.0),  # a sentence end followed by blanks starts a paragraph
        (2, 35, 55, 20, 0, 0.0),
        (3, 56, 61, 5, 0, 0.0),
    ]


def test_remove_and_replace(make_engine) -> None:
    engine = make_engine()
    a, b = src(26, 60), src(27, 60)
    first = engine.add("doc", a)
    assert first.added and not first.replaced and "doc" in engine and len(engine) == 1
    assert engine.check(a).copied_chars == 60
    second = engine.add("doc", b)  # same ref: replaces
    assert second.replaced and len(engine) == 1
    assert engine.check(a).copied_chars == 0
    assert engine.check(b).copied_chars == 60
    assert engine.get("doc").text == b
    assert engine.remove("doc") is True
    assert engine.remove("doc") is False
    assert engine.check(b).copied_chars == 0 and len(engine) == 0


def test_duplicates_and_empty_documents(make_engine) -> None:
    engine = make_engine()
    a = src(28, 40)
    results = engine.add_many(
        [
            _doc("one", a),
            _doc("two", "　".join(a)),  # same normalized text
            _doc("blank", "，。\n"),
            _doc("three", src(29, 40)),
        ],
        skip_duplicates=True,
    )
    assert [(r.ref, r.added, r.duplicate_of, r.empty) for r in results] == [
        ("one", True, None, False),
        ("two", False, "one", False),
        ("blank", False, None, True),
        ("three", True, None, False),
    ]
    again = engine.add("four", a, skip_duplicates=True)
    assert again.duplicate_of == "one" and len(engine) == 2
    assert engine.add("five", a).added  # duplicates are kept unless asked otherwise


def test_replacing_with_empty_text_removes(make_engine) -> None:
    engine = make_engine()
    a = src(41, 40)
    engine.add("x", a)
    result = engine.add("x", "。。 ")
    assert (result.added, result.empty, result.replaced) == (False, True, True)
    assert "x" not in engine
    assert engine.check(a).copied_chars == 0


def _doc(ref: str, text: str):
    from textreuse import DocumentInput

    return DocumentInput(ref, text)


def test_same_ref_twice_in_one_batch_keeps_the_later(make_engine) -> None:
    engine = make_engine()
    a, b = src(30, 30), src(31, 30)
    engine.add_many([_doc("x", a), _doc("x", b)])
    assert len(engine) == 1 and engine.get("x").text == b


def test_strip_boilerplate_on_add_and_source_offsets_in_clean_text(make_engine) -> None:
    engine = make_engine()
    body = src(32, 40)
    raw = "相关文章\n" + body[:20] + "\n查看更多\n" + body[20:]
    engine.add("page", raw, strip_boilerplate=True)
    stored = engine.get("page").text
    assert stored == body[:20] + "\n" + body[20:]
    r = engine.check(filler(1, 5) + body[5:35])
    [s] = r.spans
    assert stored[s.source_start : s.source_end] == body[5:20] + "\n" + body[20:35]


def test_stock_phrase_does_not_flood_candidates(make_engine) -> None:
    """A 9-character stock phrase in 300 documents: their postings are dropped by the
    context check before any text is read; the one real 14-character copy is found."""
    engine = make_engine()
    phrase = src(33, 9)
    docs = [(f"d{i}", src(100 + i, 40) + phrase + src(1000 + i, 40)) for i in range(300)]
    engine.add_many([_doc(ref, t) for ref, t in docs])
    left, right = src(34, 3), src(35, 2)
    engine.add("real", src(36, 30) + left + phrase + right + src(37, 30))
    query = filler(1, 30) + left + phrase + right + filler(2, 30)
    r = engine.check(query)
    assert [s.ref for s in r.sources] == ["real"]
    assert r.copied_chars == 14
    assert r.stats["candidate_documents"] == 1


def test_long_stock_phrase_is_a_real_copy_in_every_document(make_engine) -> None:
    """Recall is kept for runs of 13 or more even when they are everywhere."""
    engine = make_engine()
    phrase = src(38, 16)
    engine.add_many(
        [_doc(f"d{i}", src(200 + i, 30) + phrase + src(2000 + i, 30)) for i in range(120)]
    )
    r = engine.check(filler(1, 20) + phrase + filler(2, 20))
    assert len(r.sources) == 120
    assert r.copied_chars == 16
    assert sum(s.attributed_chars for s in r.sources) == 16
    assert all(s.copied_chars == 16 for s in r.sources)


def test_min_run_threshold(make_engine) -> None:
    engine = make_engine(min_run=20)
    a = src(39, 100)
    engine.add("A", a)
    assert engine.check(filler(1, 10) + a[:19] + filler(2, 10)).copied_chars == 0
    assert engine.check(filler(1, 10) + a[:20] + filler(2, 10)).copied_chars == 20
    with pytest.raises(ValueError, match="below the guaranteed run"):
        Engine(MemoryStore(), min_run=12)


def test_other_parameters_with_the_same_guarantee() -> None:
    engine = Engine(MemoryStore(Params(k=5, w=9)))
    a = src(40, 80)
    engine.add("A", a)
    assert engine.check(filler(1, 10) + a[3:16] + filler(2, 10)).copied_chars == 13
    assert engine.check(filler(1, 10) + a[3:15] + filler(2, 10)).copied_chars == 0
