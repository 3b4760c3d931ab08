from __future__ import annotations

import random
import sqlite3

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from textreuse.store_sql import context_condition
from textreuse.winnow import (
    DEFAULT_PARAMS,
    Params,
    context_agrees,
    fingerprint,
    kgram_hashes,
    winnow,
)

from .helpers import CJK, random_text


def test_default_parameters_give_the_cnki_threshold() -> None:
    assert DEFAULT_PARAMS.k + DEFAULT_PARAMS.w - 1 == 13
    assert DEFAULT_PARAMS.guaranteed_run == 13


def test_kgram_hash_depends_only_on_the_kgram() -> None:
    h1 = kgram_hashes("甲乙丙丁戊己庚辛壬癸", 8)
    h2 = kgram_hashes("子甲乙丙丁戊己庚辛", 8)
    assert h1.dtype == np.uint64 and len(h1) == 3 and len(h2) == 2
    assert h1[0] == h2[1]
    assert len(set(h1.tolist())) == 3


@given(st.lists(st.integers(0, 20), min_size=0, max_size=80), st.integers(1, 8))
def test_winnow_picks_rightmost_minimum_of_every_window(values: list[int], w: int) -> None:
    h = np.asarray(values, dtype=np.uint64)
    picked = winnow(h, w).tolist()
    if len(values) == 0:
        assert picked == []
        return
    if len(values) <= w:
        m = min(values)
        assert picked == [max(i for i, v in enumerate(values) if v == m)]
        return
    expected = set()
    for i in range(len(values) - w + 1):
        window = values[i : i + w]
        m = min(window)
        expected.add(i + max(j for j, v in enumerate(window) if v == m))
    assert picked == sorted(expected)


@settings(max_examples=300)
@given(
    seed=st.integers(0, 2**32 - 1),
    run=st.integers(13, 40),
    alphabet=st.sampled_from([4, 30, 3000]),
)
def test_every_shared_run_of_13_shares_a_fingerprint_at_the_same_offset(
    seed: int, run: int, alphabet: int
) -> None:
    rnd = random.Random(seed)
    chars = CJK[:alphabet]
    common = random_text(rnd, run, chars)
    a = random_text(rnd, rnd.randint(0, 60), chars) + common + random_text(rnd, 30, chars)
    b = random_text(rnd, rnd.randint(0, 60), chars) + common + random_text(rnd, 30, chars)
    fa, fb = fingerprint(a), fingerprint(b)
    oa, ob = a.index(common), b.index(common)
    k = DEFAULT_PARAMS.k
    pairs_a = {
        (h, p - oa)
        for h, p in zip(fa.hashes.tolist(), fa.positions.tolist(), strict=True)
        if oa <= p and p + k <= oa + run
    }
    pairs_b = {
        (h, p - ob)
        for h, p in zip(fb.hashes.tolist(), fb.positions.tolist(), strict=True)
        if ob <= p and p + k <= ob + run
    }
    shared = pairs_a & pairs_b
    assert shared
    # ... and their contexts agree, so the store filter keeps them.
    for _h, rel in shared:
        ia = int(np.flatnonzero(fa.positions == oa + rel)[0])
        ib = int(np.flatnonzero(fb.positions == ob + rel)[0])
        assert context_agrees(fa.contexts[ia : ia + 1], fb.contexts[ib : ib + 1], 6)[0]


def test_fingerprint_density_and_short_texts() -> None:
    rnd = random.Random(7)
    text = random_text(rnd, 20000)
    fp = fingerprint(text)
    assert 0.25 < len(fp) / len(text) < 0.32  # about 2 / (w + 1) for w = 6
    assert len(fingerprint("")) == 0
    assert len(fingerprint("甲乙丙丁戊己庚")) == 0  # shorter than k
    assert len(fingerprint("甲乙丙丁戊己庚辛")) == 1
    assert fingerprint(text[:100], Params(5, 9)).contexts.shape[1] == 16


@settings(max_examples=50)
@given(seed=st.integers(0, 2**32 - 1), w=st.integers(1, 8))
def test_sql_context_condition_equals_numpy_filter(seed: int, w: int) -> None:
    rnd = np.random.default_rng(seed)
    side = w - 1
    q = rnd.integers(0, 3, size=(200, 2 * side), dtype=np.uint8)
    p = rnd.integers(0, 3, size=(200, 2 * side), dtype=np.uint8)
    expected = context_agrees(q, p, w).tolist()
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (i INTEGER, a BLOB, b BLOB)")
    conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?)", [(i, q[i].tobytes(), p[i].tobytes()) for i in range(200)]
    )
    cond = context_condition(w, posting="b", query="a")
    got = [bool(r[0]) for r in conn.execute(f"SELECT {cond} FROM t ORDER BY i")]
    assert got == expected


def test_context_agrees_counts_outward_from_the_kgram() -> None:
    # w = 4: three context characters on each side; left columns are far -> near.
    q = np.array([[1, 2, 3, 4, 5, 6]], dtype=np.uint8)
    assert context_agrees(q, np.array([[0, 2, 3, 4, 0, 0]], np.uint8), 4)[0]  # 2 left + 1 right
    assert not context_agrees(q, np.array([[1, 2, 0, 0, 5, 6]], np.uint8), 4)[0]  # gaps
    assert context_agrees(q, np.array([[0, 0, 0, 4, 5, 6]], np.uint8), 4)[0]
    assert not context_agrees(q, np.array([[0, 0, 3, 4, 0, 0]], np.uint8), 4)[0]  # 1 + 1
