"""Edited copies (疑似改写): planted edited passages are found with their spans, the CNKI
figures do not move, unrelated text of the genre stays below the false-positive bar."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textreuse import Engine, cli, strip_boilerplate
from textreuse.edited import EDGE, canonical, edited_regions, shared_kgrams
from textreuse.normalize import code_points, normalize
from textreuse.store import Seeds
from textreuse.winnow import fingerprint

from .helpers import CJK, random_text

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SYNONYM_PAIRS = [("提高", "提升"), ("加强", "强化"), ("推进", "推动"), ("认真", "切实")]

# Stock phrases of the genre, written for this test (not taken from any essay).
STOCK = [
    "全面从严治党",
    "不忘初心牢记使命",
    "全心全意为人民服务",
    "中国特色社会主义",
    "基层党组织建设",
    "理想信念教育",
    "担当作为",
    "学习教育",
    "党员先锋模范作用",
    "密切联系群众",
    "提高政治站位",
    "加强作风建设",
    "推进高质量发展",
    "两学一做",
]


def edit(passage: str, period: int, rnd: random.Random, alphabet: list[str]) -> str:
    """One change in every ``period`` characters, none in the EDGE characters at the ends
    (a change there cannot be told from the text around the passage)."""
    chars = list(passage)
    for block in range(0, len(chars), period):
        lo, hi = max(block, EDGE), min(block + period, len(chars) - EDGE)
        if lo < hi:
            i = rnd.randrange(lo, hi)
            chars[i] = rnd.choice([c for c in alphabet[:50] if c != chars[i]])
    return "".join(chars)


@st.composite
def planted_edit(draw: st.DrawFn) -> dict:
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    alphabet = CJK[: draw(st.sampled_from([300, 3000]))]
    length = draw(st.integers(50, 400))
    period = draw(st.sampled_from([8, 10, 12]))
    source = random_text(rnd, length + draw(st.integers(0, 600)), alphabet)
    start = draw(st.integers(0, len(source) - length))
    passage = edit(source[start : start + length], period, rnd, CJK[2000:])
    prefix = random_text(rnd, draw(st.integers(0, 300)), CJK[2000:])
    suffix = random_text(rnd, draw(st.integers(0, 300)), CJK[2000:])
    # Punctuation between the characters changes nothing (normalization drops it).
    punctuated = "，".join(passage[i : i + 7] for i in range(0, len(passage), 7))
    return {
        "source": source,
        "query": prefix + punctuated + "。" + suffix,
        "start": start,
        "length": length,
        "prefix": len(prefix),
    }


@SETTINGS
@given(case=planted_edit())
def test_planted_edited_passage_is_found_with_its_spans(case) -> None:
    """The rule: a passage of 50+ characters, at least 80 % equal to its source, whose
    source shares at least one fingerprint with the query (how candidates are found;
    the benchmark measures how often that holds)."""
    engine = Engine()
    engine.add("src", case["source"])
    engine.add("other", random_text(random.Random(1), 800, CJK[:300]))
    seeds = engine.store.lookup(fingerprint(normalize(case["query"]).text), context=False)
    assume((seeds.doc_ids == engine.get("src").id).any())
    report = engine.check(case["query"])
    p0 = case["prefix"]  # the prefix is all ideographs: normalized offsets equal
    p1 = p0 + case["length"]
    spans = [s for s in report.edited_spans if s.ref == "src"]
    found = set()
    for s in spans:
        assert s.kind == "edited" and s.similarity >= 0.8
        found.update(range(s.norm_start, s.norm_end))
        # Its source side lies on the planted passage.
        assert case["start"] - EDGE <= s.source_norm_start < s.source_norm_end
        assert s.source_norm_end <= case["start"] + case["length"] + EDGE
    planted = set(range(p0, p1))
    assert len(found & planted) >= 0.9 * len(planted)
    assert len(found - planted) <= 2 * EDGE
    assert report.edited_ratio == report.edited_chars / report.total_chars > 0


@st.composite
def genre_text(draw: st.DrawFn) -> str:
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    parts = []
    for _ in range(draw(st.integers(20, 80))):
        parts.append(rnd.choice(STOCK))
        parts.append(random_text(rnd, rnd.randint(6, 40), CJK[:1500]))
    return "，".join(parts) + "。"


@SETTINGS
@given(a=genre_text(), b=genre_text())
def test_unrelated_genre_text_is_not_an_edited_copy(a: str, b: str) -> None:
    engine = Engine()
    engine.add("a", a)
    report = engine.check(b)
    assert report.edited_chars <= 0.005 * report.total_chars


def test_synonym_swaps_count_as_equal() -> None:
    assert canonical("我们要提升能力强化学习") == "我们要提高能力加强学习"
    rnd = random.Random(3)
    base = random_text(rnd, 200, CJK[:500])
    src, query = base, base
    for i, (a, b) in zip(range(10, 190, 12), SYNONYM_PAIRS * 5, strict=False):
        src = src[:i] + a + src[i + 2 :]
        query = query[:i] + b + query[i + 2 :]
    [region] = edited_regions(canonical(query), canonical(src))
    assert region.similarity == 1.0 and (region.qs, region.qe) == (0, 200)


def test_cnki_figures_do_not_move_and_exact_spans_say_so() -> None:
    rnd = random.Random(5)
    source = random_text(rnd, 600, CJK[:1000])
    query = (
        random_text(rnd, 100, CJK[2000:])
        + source[:100]  # verbatim: exact
        + random_text(rnd, 50, CJK[2000:])
        + edit(source[200:400], 10, rnd, CJK[2000:])  # edited
    )
    on, off = Engine(), Engine(edited=False)
    for e in (on, off):
        e.add("s", source, title="S")
    a, b = on.check(query).to_dict(), off.check(query).to_dict()
    for key in ("total_ratio", "copied_chars", "sources", "spans", "passages", "paragraphs"):
        assert a[key] == b[key]
    assert all(s["kind"] == "exact" and s["similarity"] == 1.0 for s in a["spans"])
    assert b["edited_ratio"] == 0.0 and b["edited_spans"] == []
    [span] = a["edited_spans"]
    assert span["kind"] == "edited" and span["ref"] == "s" and span["norm_start"] >= 250
    assert a["edited_sources"][0]["ref"] == "s"
    assert a["edited_ratio"] == pytest.approx(a["edited_chars"] / a["total_chars"])
    json.dumps(a)


def test_cli_json_has_the_edited_keys(tmp_path, capsys) -> None:
    rnd = random.Random(6)
    source = random_text(rnd, 500, CJK[:1000])
    (tmp_path / "s.txt").write_text(source, encoding="utf-8")
    (tmp_path / "q.txt").write_text(edit(source[50:300], 9, rnd, CJK[2000:]), encoding="utf-8")
    db = str(tmp_path / "i.db")
    assert cli.main(["index", db, str(tmp_path / "s.txt")]) == 0
    capsys.readouterr()
    assert cli.main(["check", db, str(tmp_path / "q.txt"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["edited_ratio"] > 0.5 and out["edited_ratio"] + out["total_ratio"] > 0.95
    assert out["edited_spans"][0]["kind"] == "edited"
    assert cli.main(["check", db, str(tmp_path / "q.txt"), "--fail-above", "0.5", "--metric",
                     "edited_ratio"]) == 1  # fmt: skip


def test_sample_essays_are_not_edited_copies_of_each_other(sample_texts) -> None:
    texts = [strip_boilerplate(t).text for t in sample_texts]
    for i, a in enumerate(texts):
        engine = Engine()
        for j, b in enumerate(texts):
            if j != i:
                engine.add(f"t{j}", b)
        report = engine.check(a)
        assert report.edited_chars <= 0.005 * report.total_chars


def test_shared_kgrams_keeps_the_seeds_whose_kgrams_are_equal() -> None:
    q = code_points("甲乙丙丁戊己庚辛壬癸子丑")
    s = code_points("子丑寅卯甲乙丙丁戊己")
    qpos = np.array([0, 2, 1, 10, 9], dtype=np.int64)
    spos = np.array([4, 6, 4, 0, 9], dtype=np.int64)  # true, true, shifted, true, past the end
    assert shared_kgrams(q, s, qpos, spos, 2).tolist() == [True, True, False, True, False]


def test_a_stray_posting_does_not_make_an_unrelated_document_a_candidate(monkeypatch) -> None:
    # Packed postings keep 32 bits of the hash: a lookup can return a posting of another
    # k-gram. The document it names shares nothing with the query and is not aligned.
    rnd = random.Random(11)
    source = random_text(rnd, 600, CJK[:300])
    unrelated = random_text(rnd, 600, CJK[2000:])
    query = random_text(rnd, 200, CJK[1000:1500]) + edit(source[100:300], 10, rnd, CJK[2000:])
    engine = Engine()
    engine.add("src", source)
    engine.add("other", unrelated)
    expected = engine.check(query)
    other_id = engine.get("other").id
    lookup = engine.store.lookup

    def with_stray(fp, *, context=True):
        seeds = lookup(fp, context=context)
        stray = Seeds(
            np.array([5], np.int64), np.array([other_id], np.int64), np.array([7], np.int64),
            np.array([False]),
        )  # fmt: skip
        return Seeds.concat([seeds, stray])

    monkeypatch.setattr(engine.store, "lookup", with_stray)
    report = engine.check(query)
    assert report.stats["edited_candidates"] == expected.stats["edited_candidates"] + 1
    assert report.stats["edited_aligned"] == expected.stats["edited_aligned"] == 1
    assert report.edited_chars == expected.edited_chars > 0
