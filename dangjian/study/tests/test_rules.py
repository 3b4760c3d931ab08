"""How study characters are counted (字数): letters and digits of every script, nothing else."""

import pytest

from dangjian.study.rules import countable_chars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("学习贯彻党的二十大精神", 11),
        ("学习，贯彻。精神！", 6),  # full-width punctuation does not count
        ("  学 习\n\t精神 ", 4),  # whitespace of every kind does not count
        ("2026年GDP增长5%", 11),  # digits and Latin letters count, the % sign does not
        ("“两个确立”、“四个意识”……", 8),  # quotation marks, 顿号 and ellipsis do not
        ("①②③ⅠⅡ", 5),  # circled and Roman numerals are numbers (category N)
        ("😀★→", 0),  # symbols and emoji are not letters
        ("Ünïcödé", 7),
    ],
)
def test_countable_chars(text, expected):
    assert countable_chars(text) == expected


def test_padding_does_not_raise_the_count():
    base = "坚持以人民为中心的发展思想"
    assert countable_chars(base + "。" * 500 + " " * 500) == countable_chars(base)


def test_the_fast_count_is_the_category_rule_over_all_of_unicode():
    import unicodedata

    for code in range(0x110000):
        char = chr(code)
        assert countable_chars(char) == (unicodedata.category(char)[0] in "LN"), hex(code)
