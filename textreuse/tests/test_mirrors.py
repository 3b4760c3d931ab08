"""Mirrors: the same essay on several sites is one source group, listed once."""

from __future__ import annotations

import json

import numpy as np

from textreuse.mirrors import group, similarity, sketch_of

from .test_engine import filler, src


def test_sketch_similarity_estimates_jaccard() -> None:
    rng = np.random.default_rng(1)
    a = rng.integers(0, 2**63, 1000).astype(np.uint64)
    b = np.concatenate([a[:900], rng.integers(0, 2**63, 100).astype(np.uint64)])
    assert similarity(sketch_of(a), sketch_of(a)) == 1.0
    assert similarity(sketch_of(a), sketch_of(b)) >= 0.6
    assert similarity(sketch_of(a), sketch_of(rng.integers(0, 2**63, 1000).astype(np.uint64))) < 0.2
    assert similarity(b"", sketch_of(a)) == 0.0
    same = sketch_of(a)
    assert group([same, same, sketch_of(b[:100])], [1000, 1000, 100]) == [0, 0, 2]


def test_mirrors_are_grouped_and_uncredited_sources_folded(make_engine) -> None:
    engine = make_engine()
    essay = src(40, 1500)
    for k in range(6):  # the same essay on six sites, each with its own furniture
        engine.add(f"m{k}", filler(k, 20) + essay + filler(100 + k, 10), site=f"site{k}.cn")
    engine.add("other", src(41, 800) + essay[250:300] + src(42, 400), site="other.cn")
    engine.add("own", src(43, 600), owner="me")
    query = filler(7, 100) + essay[200:500] + filler(8, 100) + src(43, 600)[:80]
    report = engine.check(query, owner="me")
    first, second, third = report.source_groups
    assert first.refs[0] == first.ref and sorted(first.refs) == [f"m{k}" for k in range(6)]
    assert first.mirrors == 5 and len(first.sites) == 6 and first.site == first.sites[0]
    assert (first.attributed_chars, first.copied_chars, first.folded) == (300, 300, False)
    assert (second.ref, second.attributed_chars, second.own) == ("own", 80, True)
    assert (third.ref, third.mirrors, third.attributed_chars, third.folded) == ("other", 0, 0, True)
    by_ref = {s.ref: s for s in report.sources}
    primary = [s for s in report.sources if s.group == 0 and s.primary]
    assert [s.ref for s in primary] == [first.ref] and not primary[0].folded
    assert all(by_ref[r].folded and not by_ref[r].primary for r in first.refs[1:])
    assert by_ref["other"].folded and by_ref["other"].group == 2
    # The CNKI figures and the old keys are those of an ungrouped report.
    assert report.copied_chars == 380 and report.max_single_source_ratio == 300 / 580
    assert [s.copied_chars for s in report.sources][:6] == [300] * 6  # old order kept
    json.dumps(report.to_dict())
