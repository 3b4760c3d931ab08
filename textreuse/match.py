"""Seed-and-extend: from shared fingerprints to maximal common runs, then to spans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Run:
    """A maximal common run: query[qs:qe] == source[ss:se] (normalized offsets)."""

    qs: int
    qe: int
    ss: int
    se: int

    @property
    def length(self) -> int:
        return self.qe - self.qs


@dataclass(frozen=True)
class Piece:
    """Part of a run kept after overlap resolution; ``run_length`` is the whole run's."""

    qs: int
    qe: int
    ss: int
    se: int
    run_length: int

    @property
    def length(self) -> int:
        return self.qe - self.qs


def forward_match(a: str, i: int, b: str, j: int, limit: int) -> int:
    """Number of equal characters a[i+t] == b[j+t] from t = 0, at most ``limit``."""
    lo, step = 0, 8
    hi = 0
    while lo < limit:
        hi = min(lo + step, limit)
        if a[i + lo : i + hi] != b[j + lo : j + hi]:
            break
        lo = hi
        step *= 2
    else:
        return lo
    # Slice comparison runs in C; galloping then bisecting keeps the number of Python
    # steps logarithmic in the run length.
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[i + lo : i + mid] == b[j + lo : j + mid]:
            lo = mid
        else:
            hi = mid
    return lo


def backward_match(a: str, i: int, b: str, j: int, limit: int) -> int:
    """Number of equal characters a[i-1-t] == b[j-1-t] from t = 0, at most ``limit``."""
    lo, step = 0, 8
    hi = 0
    while lo < limit:
        hi = min(lo + step, limit)
        if a[i - hi : i - lo] != b[j - hi : j - lo]:
            break
        lo = hi
        step *= 2
    else:
        return lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[i - mid : i - lo] == b[j - mid : j - lo]:
            lo = mid
        else:
            hi = mid
    return lo


def extend_seeds(
    query: str, source: str, qpos: np.ndarray, spos: np.ndarray, k: int, min_run: int
) -> list[Run]:
    """Maximal common runs of at least ``min_run`` characters through the given seeds.

    A seed is a pair of k-gram starts with equal hashes; it is verified character by
    character (hash collisions are harmless) and grown both ways as far as the texts
    agree. Seeds inside a run already found on the same diagonal are skipped.
    """
    if qpos.size == 0:
        return []
    q = qpos.astype(np.int64)
    s = spos.astype(np.int64)
    diag = q - s
    order = np.lexsort((q, diag))
    runs: list[Run] = []
    cur_diag: int | None = None
    covered_until = -1
    nq, ns = len(query), len(source)
    for d, qi, si in zip(diag[order].tolist(), q[order].tolist(), s[order].tolist(), strict=True):
        if d != cur_diag:
            cur_diag, covered_until = d, -1
        if qi < covered_until:
            continue
        if qi + k > nq or si + k > ns or query[qi : qi + k] != source[si : si + k]:
            continue
        left = backward_match(query, qi, source, si, min(qi, si))
        right = forward_match(query, qi + k, source, si + k, min(nq - qi - k, ns - si - k))
        run = Run(qi - left, qi + k + right, si - left, si + k + right)
        covered_until = run.qe
        if run.length >= min_run:
            runs.append(run)
    return runs


def resolve_overlaps(runs: list[Run], query_length: int) -> list[Piece]:
    """Cut the runs of one source so that no query character is claimed twice.

    Longer runs win; a shorter run overlapping one keeps only its uncovered parts,
    still aligned with the source (same diagonal), so query and source text of every
    piece are identical.
    """
    covered = np.zeros(query_length, dtype=bool)
    pieces: list[Piece] = []
    for run in sorted(runs, key=lambda r: (-r.length, r.qs, r.ss)):
        seg = covered[run.qs : run.qe]
        if seg.all():
            continue
        free = ~seg
        edges = np.flatnonzero(np.diff(np.concatenate([[False], free, [False]]).astype(np.int8)))
        for a, b in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
            pieces.append(Piece(run.qs + a, run.qs + b, run.ss + a, run.ss + b, run.length))
        seg[:] = True
    pieces.sort(key=lambda p: (p.qs, p.ss))
    return pieces


def brute_force_runs(a: str, b: str, min_run: int) -> list[Run]:
    """Every maximal common run of at least ``min_run`` characters, by comparing each
    diagonal in full — the exact reference used by tests and the benchmark."""
    na, nb = len(a), len(b)
    if na == 0 or nb == 0:
        return []
    ca = np.frombuffer(a.encode("utf-32-le"), dtype="<u4")
    cb = np.frombuffer(b.encode("utf-32-le"), dtype="<u4")
    runs: list[Run] = []
    for d in range(-(nb - 1), na):  # d = i - j
        i0, j0 = (d, 0) if d >= 0 else (0, -d)
        n = min(na - i0, nb - j0)
        if n < min_run:
            continue
        eq = ca[i0 : i0 + n] == cb[j0 : j0 + n]
        edges = np.flatnonzero(np.diff(np.concatenate([[False], eq, [False]]).astype(np.int8)))
        for s, e in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
            if e - s >= min_run:
                runs.append(Run(i0 + s, i0 + e, j0 + s, j0 + e))
    runs.sort(key=lambda r: (r.qs, r.ss))
    return runs
