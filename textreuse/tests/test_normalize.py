from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from textreuse.normalize import fold_char, normalize


def test_full_width_whitespace_punctuation_and_case() -> None:
    n = normalize("ＡＢｃ１２，\u3000xY 9。")
    assert n.text == "abc12xy9"
    assert n.offsets.tolist() == [0, 1, 2, 3, 4, 7, 8, 10]


def test_chinese_punctuation_and_quotes_are_dropped() -> None:
    n = normalize("“学习”、‘思考’：《实践》——！？【一】(二)")
    assert n.text == "学习思考实践一二"


def test_offsets_map_back_to_original_characters() -> None:
    text = "甲，乙 丙\n丁。Ｅ"
    n = normalize(text)
    assert n.text == "甲乙丙丁e"
    assert [text[i] for i in n.offsets] == ["甲", "乙", "丙", "丁", "Ｅ"]
    assert n.original_span(1, 4) == (2, 7)  # "乙 丙\n丁"
    assert n.normalized_index(3) == 2  # first kept char at or after offset 3 is 丙


def test_expansions_keep_offsets_of_their_source_character() -> None:
    text = "①½ﬁ㍿ß"
    n = normalize(text)
    assert n.text == "112fi株式会社ss"
    assert n.offsets.tolist() == [0, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4]


def test_accents_fold_the_same_precomposed_or_combining() -> None:
    assert normalize("Café").text == normalize("Cafe\u0301").text == "cafe"


def test_hangul_syllables_stay_whole_and_iteration_mark_counts() -> None:
    assert normalize("한국 人々 〇").text == "한국人々〇"


def test_empty_and_only_punctuation() -> None:
    assert normalize("").text == ""
    assert len(normalize("，。 !?\n")) == 0


def test_fold_char_drops_symbols_and_controls() -> None:
    assert [fold_char(c) for c in "\x00\t€+=😀"] == ["", "", "", "", "", ""]


@given(st.text(max_size=200))
def test_normalize_agrees_with_per_character_folding(text: str) -> None:
    n = normalize(text)
    expected = "".join(fold_char(c) for c in text)
    assert n.text == expected
    assert len(n.offsets) == len(n.text)
    assert all(a <= b for a, b in zip(n.offsets[:-1], n.offsets[1:], strict=True))
    # Every normalized character comes from the original character it points at.
    assert all(n.text[i] in fold_char(text[j]) for i, j in enumerate(n.offsets.tolist()))
