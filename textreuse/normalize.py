"""Normalization for matching, with a map back to the original characters.

Only letters and digits take part in matching (see README, "Which characters match").
Each original character is folded on its own — NFKC, then case folding, then accents
dropped — so that every normalized character knows the original character it came from
and a highlight computed on normalized text lands on the original text.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

import numpy as np

#: Bumped whenever the folding below changes: an index built with another version
#: would hold fingerprints of differently normalized text.
NORMALIZER_VERSION = 1

_UNKNOWN = np.uint32(0xFFFFFFFE)  # table slot not computed yet
_COMPLEX = np.uint32(0xFFFFFFFF)  # folds to more than one character
_DROPPED = np.uint32(0)  # U+0000 never takes part in matching, so 0 can mean "dropped"

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3

# One slot per code point, filled lazily: computing all 1.1 M code points up front would
# cost about a second at import, while a text uses a few thousand distinct characters.
_table = np.full(0x110000, _UNKNOWN, dtype=np.uint32)
_complex: dict[int, str] = {}
_table_lock = threading.Lock()


def fold_char(ch: str) -> str:
    """The normalized form of one character: '' when it does not take part in matching."""
    folded = unicodedata.normalize("NFKC", ch).casefold()
    out = []
    for c in folded:
        cp = ord(c)
        # Decomposing drops accents (é and e + U+0301 both become e); Hangul syllables
        # are left whole because NFD would split each into several jamo.
        parts = c if _HANGUL_FIRST <= cp <= _HANGUL_LAST else unicodedata.normalize("NFD", c)
        for p in parts:
            if unicodedata.category(p)[0] in "LN":
                out.append(p)
    return "".join(out)


def _fill(cps: np.ndarray) -> None:
    missing = np.unique(cps[_table[cps] == _UNKNOWN])
    if missing.size == 0:
        return
    with _table_lock:
        for cp in missing.tolist():
            folded = fold_char(chr(cp))
            if folded == "":
                _table[cp] = _DROPPED
            elif len(folded) == 1:
                _table[cp] = ord(folded)
            else:
                _complex[cp] = folded
                _table[cp] = _COMPLEX


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (one element per str index)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


@dataclass(frozen=True)
class Normalized:
    """Normalized text plus, for each of its characters, the index of the original one."""

    text: str
    offsets: np.ndarray  # int64, len(text) entries, non-decreasing
    original_length: int

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalized [start, end) (end exclusive, end > start)."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad normalized span {start}:{end} for length {len(self.text)}")
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def normalized_index(self, original_pos: int) -> int:
        """Index of the first normalized character coming from original_pos or later."""
        return int(np.searchsorted(self.offsets, original_pos, side="left"))


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching and keep the offset of each kept character.

    >>> n = normalize("Ａ，b c")
    >>> n.text, n.offsets.tolist()
    ('abc', [0, 2, 4])
    """
    if not text:
        return Normalized("", np.zeros(0, dtype=np.int64), 0)
    cps = code_points(text)
    _fill(cps)
    mapped = _table[cps]
    if not (mapped == _COMPLEX).any():
        keep = np.flatnonzero(mapped != _DROPPED)
        out = mapped[keep].astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
        return Normalized(out, keep.astype(np.int64), len(text))
    # Rare path (ligatures, ½, ß, Roman numerals...): one character may become several.
    pieces: list[str] = []
    offsets: list[int] = []
    for i, cp in enumerate(cps.tolist()):
        m = int(_table[cp])
        if m == _DROPPED:
            continue
        piece = _complex[cp] if m == _COMPLEX else chr(m)
        pieces.append(piece)
        offsets.extend([i] * len(piece))
    return Normalized("".join(pieces), np.asarray(offsets, dtype=np.int64), len(text))


def matching_length(text: str) -> int:
    """How many characters of ``text`` take part in matching (the report's total_chars)."""
    return len(normalize(text).text)
