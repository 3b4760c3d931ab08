"""Winnowing fingerprints (Schleimer, Wilkerson & Aiken 2003) of normalized text.

Guarantee: with windows of ``w`` consecutive k-gram hashes, any run of at least
``k + w - 1`` identical normalized characters shared by two texts contains one whole
window in both, and both pick the same minimum hash there, so the two texts share a
fingerprint — with the same offset inside the run in both texts (ties go to the
rightmost minimum, relative to the window).

Every fingerprint also carries a *context*: a one-byte digest of each of the ``w - 1``
characters before its k-gram and the ``w - 1`` after it. Any run of ``k + w - 1``
characters around a shared k-gram extends r characters to its left and ``w - 1 - r``
to its right, so a posting whose context disagrees with the query's is provably not
part of such a run and is dropped before any document text is read (see
:func:`context_agrees`). That is what keeps stock phrases from flooding the candidates.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import xxhash

from .normalize import code_points

HASH_SEED = 0x7E47  # part of an index's identity: changing it changes every fingerprint

_MUL = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the polynomial over char hashes
_FM1 = np.uint64(0xFF51AFD7ED558CCD)
_FM2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_S56 = np.uint64(56)

# Per code point 64-bit xxhash, filled lazily like the normalization table.
_char_hash = np.zeros(0x110000, dtype=np.uint64)
_char_known = np.zeros(0x110000, dtype=bool)
_lock = threading.Lock()


@dataclass(frozen=True)
class Params:
    """k-gram length and window; a shared run of ``k + w - 1`` characters is always found."""

    k: int = 8
    w: int = 6

    def __post_init__(self) -> None:
        if self.k < 1 or self.w < 1:
            raise ValueError("k and w must be positive")

    @property
    def guaranteed_run(self) -> int:
        return self.k + self.w - 1

    @property
    def context_width(self) -> int:
        return 2 * (self.w - 1)


DEFAULT_PARAMS = Params()


@dataclass(frozen=True)
class Fingerprints:
    """Selected k-gram hashes of one text, their positions and their context digests."""

    hashes: np.ndarray  # uint64
    positions: np.ndarray  # int32, strictly increasing
    contexts: np.ndarray  # uint8, shape (n, 2 * (w - 1))

    def __len__(self) -> int:
        return int(self.hashes.size)


def _char_hashes(cps: np.ndarray) -> np.ndarray:
    missing = np.unique(cps[~_char_known[cps]])
    if missing.size:
        with _lock:
            for cp in missing.tolist():
                _char_hash[cp] = xxhash.xxh64_intdigest(cp.to_bytes(4, "little"), seed=HASH_SEED)
                _char_known[cp] = True
    return _char_hash[cps]


def _fmix64(x: np.ndarray) -> np.ndarray:
    # The polynomial alone orders k-grams poorly for min-selection; the murmur3
    # finalizer spreads every input bit over the whole word.
    x = x ^ (x >> _S33)
    x = x * _FM1
    x = x ^ (x >> _S33)
    x = x * _FM2
    return x ^ (x >> _S33)


def kgram_hashes(text: str, k: int) -> np.ndarray:
    """64-bit hash of every k-gram of ``text`` (len(text) - k + 1 values), vectorised."""
    return _kgram_hashes_of(_char_hashes(code_points(text)), k)


def _kgram_hashes_of(t: np.ndarray, k: int) -> np.ndarray:
    # Polynomial over the characters' xxhash values, one vector operation per k-gram
    # position instead of one xxhash call per k-gram.
    n = t.size - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = t[0:n].copy()
    for j in range(1, k):
        acc *= _MUL
        acc += t[j : j + n]
    return _fmix64(acc)


def char_digests(text: str) -> np.ndarray:
    """One byte per character for the contexts (top byte of the character's xxhash)."""
    return _digests_of(_char_hashes(code_points(text)))


def _digests_of(t: np.ndarray) -> np.ndarray:
    return (t >> _S56).astype(np.uint8)


def winnow(hashes: np.ndarray, w: int) -> np.ndarray:
    """Positions picked by robust winnowing: the rightmost minimum of every window."""
    n = hashes.size
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    if n <= w:
        # Shorter than one window: no run of k + w - 1 fits, but one fingerprint still
        # lets very short texts be found through longer neighbours.
        return np.array([n - 1 - int(np.argmin(hashes[::-1]))], dtype=np.int32)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, w)
    rightmost = w - 1 - np.argmin(windows[:, ::-1], axis=1)
    picked = np.arange(windows.shape[0]) + rightmost
    # Picked positions never decrease from one window to the next, so keeping the
    # first of each equal stretch is the "record only when it changes" rule.
    keep = np.ones(picked.size, dtype=bool)
    keep[1:] = picked[1:] != picked[:-1]
    return picked[keep].astype(np.int32)


def contexts_at(digests: np.ndarray, positions: np.ndarray, params: Params) -> np.ndarray:
    """Context rows for k-grams starting at ``positions``; 0 outside the text."""
    side = params.w - 1
    if side == 0:
        return np.zeros((positions.size, 0), dtype=np.uint8)
    padded = np.concatenate(
        [np.zeros(side, np.uint8), digests, np.zeros(side + params.k, np.uint8)]
    )
    # In padded coordinates the char before position p at distance d is p + side - d.
    cols = np.concatenate([np.arange(side), np.arange(side) + side + params.k])
    return padded[positions.astype(np.int64)[:, None] + cols[None, :]]


def fingerprint(text: str, params: Params = DEFAULT_PARAMS) -> Fingerprints:
    """Winnowed fingerprints of normalized ``text``."""
    t = _char_hashes(code_points(text))
    hashes = _kgram_hashes_of(t, params.k)
    positions = winnow(hashes, params.w)
    contexts = contexts_at(_digests_of(t), positions, params)
    return Fingerprints(hashes[positions], positions, contexts)


def context_agrees(query_ctx: np.ndarray, posting_ctx: np.ndarray, w: int) -> np.ndarray:
    """Row-wise: could the k-gram sit inside a common run of k + w - 1 characters?

    True when the number of agreeing digests running left from the k-gram plus the
    number running right reaches ``w - 1`` (a necessary condition for such a run).
    """
    side = w - 1
    if side == 0:
        return np.ones(posting_ctx.shape[0], dtype=bool)
    eq = query_ctx == posting_ctx
    left = np.cumprod(eq[:, side - 1 :: -1], axis=1).sum(axis=1)
    right = np.cumprod(eq[:, side:], axis=1).sum(axis=1)
    return (left + right) >= side


def content_hash(normalized_text: str) -> int:
    """Signed 64-bit digest of a whole normalized text (exact-duplicate detection)."""
    return to_signed(xxhash.xxh64_intdigest(normalized_text.encode("utf-8"), seed=HASH_SEED))


def to_signed(value: int) -> int:
    return value - (1 << 64) if value >= (1 << 63) else value
