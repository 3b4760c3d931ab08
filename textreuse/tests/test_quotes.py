from __future__ import annotations

from textreuse.normalize import normalize
from textreuse.quotes import find_quotations, quoted_mask


def _quoted(text: str) -> list[str]:
    return [text[r.start : r.end] for r in find_quotations(text)]


def test_all_quote_styles() -> None:
    text = '甲“乙丙”丁「戊己」庚‘辛’壬"癸子"丑『寅卯』辰＂巳＂'
    assert _quoted(text) == ["乙丙", "戊己", "辛", "癸子", "寅卯", "巳"]
    assert {r.kind for r in find_quotations(text)} == {"quote"}


def test_nested_quotes_count_once_as_the_outer_quotation() -> None:
    assert _quoted("他说：「我听到‘要学习’这句话」。") == ["我听到‘要学习’这句话"]
    assert _quoted("“外层『内层』外层”") == ["外层『内层』外层"]


def test_unclosed_quote_does_not_run_past_the_line() -> None:
    text = "他说：“没有结尾的引号\n下一行不是引用。"
    assert _quoted(text) == []


def test_citation_marker_quotes_its_sentence() -> None:
    text = "前一句不算。理论来源于实践并指导实践[1]。后面也不算。还有一句［2-3］"
    assert _quoted(text) == ["理论来源于实践并指导实践", "还有一句"]
    assert [r.kind for r in find_quotations(text)] == ["citation", "citation"]


def test_reference_list_lines() -> None:
    text = "正文一句。\n参考文献：\n某某. 论学习[M]. 北京: 出版社, 2020.\n[2] 另一条文献\n"
    regions = find_quotations(text)
    assert [r.kind for r in regions] == ["references", "references"]
    assert [text[r.start : r.end] for r in regions][1] == "[2] 另一条文献"
    assert _quoted("[1] 列表开头的文献条目\n正文") == ["[1] 列表开头的文献条目"]


def test_mask_on_normalized_characters_and_min_chars() -> None:
    text = "甲乙“丙丁戊”己，“庚辛壬癸子丑寅卯辰巳午未申酉”"
    n = normalize(text)

    def kept(mask) -> str:
        return "".join(c for c, m in zip(n.text, mask, strict=True) if m)

    assert kept(quoted_mask(text, n)) == "丙丁戊庚辛壬癸子丑寅卯辰巳午未申酉"
    assert kept(quoted_mask(text, n, min_chars=4)) == "庚辛壬癸子丑寅卯辰巳午未申酉"
