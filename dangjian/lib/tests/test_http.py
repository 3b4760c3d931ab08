"""Ids read from a query: ASCII digits that fit a bigint, or nothing."""

from dangjian.lib.http import whole_number


def test_whole_number_takes_ascii_digits_that_fit_a_bigint():
    assert whole_number("42") == 42
    assert whole_number("9" * 18) == int("9" * 18)
    for text in (None, "", "²", "４２", "-1", " 42", "4.2", "9" * 19, "1e3"):
        assert whole_number(text) is None, text
