"""Boilerplate stripping: on the scraped samples (read at run time) and on hand-written
variants of each kind of site furniture."""

from __future__ import annotations

import re

import pytest

from textreuse.boilerplate import classify_line, strip_boilerplate

# What marks a line as site furniture in the samples: vocabulary and shapes, no sentences.
SITE_LINE = re.compile(
    r"本站|查看更多|相关文章|您可能关注|文档介绍|^来源[:：]|^时间[:：]\s*\d|^导语[:：]|网友上传"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _lines(text: str) -> list[str]:
    return [ln.strip(" \t\u3000\xa0\r") for ln in text.split("\n")]


def _is_essay_paragraph(line: str) -> bool:
    return len(CJK.findall(line)) >= 15 and "。" in line


def test_samples_keep_every_essay_paragraph_and_drop_every_site_line(sample_texts) -> None:
    for text in sample_texts:
        result = strip_boilerplate(text)
        clean_lines = result.text.split("\n")
        original = _lines(text)
        essay = [ln for ln in original if _is_essay_paragraph(ln) and not SITE_LINE.search(ln)]
        assert essay, "each sample has essay paragraphs"
        for para in essay:
            assert para in clean_lines  # kept whole and unchanged
        site = [ln for ln in original if ln and SITE_LINE.search(ln)]
        assert site, "each sample has site lines"
        removed_texts = {r.text for r in result.removed}
        for ln in site:
            assert ln in removed_texts
        assert not any(SITE_LINE.search(ln) for ln in clean_lines)
        # Nothing but essay paragraphs, headings and bylines is left: every kept line is
        # an original line or the tail of one (after a removed title prefix).
        for ln in clean_lines:
            assert any(o.endswith(ln) for o in original if o)
        # The offset map lands on the original characters.
        for pos, ch in enumerate(result.text):
            if ch != "\n":
                assert text[result.to_original(pos)] == ch


def test_samples_removed_lines_and_reasons(sample_texts) -> None:
    # Structural facts of the three sample pages (line numbers, not their text).
    expected = [
        {
            3: "disclaimer",
            5: "navigation",
            7: "duplicate_title",
            10: "navigation",
            12: "navigation",
            14: "navigation",
        },
        {2: "source_line", 3: "disclaimer"},
        {1: "title_prefix", 3: "source_line"},
    ]
    for text, want in zip(sample_texts, expected, strict=True):
        got = {r.line: r.reason for r in strip_boilerplate(text).removed}
        assert got == want


def test_sample_title_prefix_and_duplicate_title(sample_texts) -> None:
    first = _lines(sample_texts[2])[0]
    clean_first = strip_boilerplate(sample_texts[2]).text.split("\n")[0]
    # The SEO prefix ends at the first colon; the real title after it is kept.
    assert clean_first == re.split(r"[:：]", first, maxsplit=1)[1]
    title = _lines(sample_texts[0])[0]
    clean = strip_boilerplate(sample_texts[0]).text.split("\n")
    assert clean[0] == title
    assert clean.count(title) == 1


PAGE = """\
【热门】最新心情说说：我们党支部的一次学习心得
当前位置：首页 > 心得体会 > 学习心得
发布时间：2023-05-06  来源：某某文库  浏览：1234次
导语：本文由网友投稿，仅代表作者个人观点，与本站立场无关。
作为一名基层党员，我在这次集中学习中体会到理论武装的分量。
支部把每周四下午定为学习日，大家轮流领学、交流发言。
原文链接：https://www.example.com/article/123.html
更多精彩内容请关注微信公众号：dangjian_study
客服ＱＱ：１２３４５６７８
Copyright © 2010-2024 example.com 版权所有 京ICP备12345678号
如有侵权请联系删除
上一篇：关于开展主题教育的通知
下一篇：学习心得范文三篇
热门推荐
猜你喜欢
试读结束，如需阅读全文请下载
第2页 共5页
免责声明：本网站所有文档均由用户上传，本站不对内容的准确性负责。
扫码关注我们，获取更多资料
ＨＴＴＰＳ://ＷＷＷ.ＥＸＡＭＰＬＥ.ＣＯＭ/ｘ
你可能还喜欢的文章
"""

KEPT = [
    "我们党支部的一次学习心得",
    "作为一名基层党员，我在这次集中学习中体会到理论武装的分量。",
    "支部把每周四下午定为学习日，大家轮流领学、交流发言。",
]


def test_hand_written_page_variants() -> None:
    result = strip_boilerplate(PAGE)
    assert result.text.split("\n") == KEPT
    reasons = {r.line: r.reason for r in result.removed}
    assert reasons == {
        1: "title_prefix",
        2: "navigation",
        3: "source_line",
        4: "disclaimer",
        7: "url",
        8: "contact",
        9: "contact",
        10: "copyright",
        11: "copyright",
        12: "navigation",
        13: "navigation",
        14: "navigation",
        15: "navigation",
        16: "navigation",
        17: "navigation",
        18: "disclaimer",
        19: "contact",
        20: "url",
        21: "navigation",
    }


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("查看更多>>", "navigation"),
        ("相关阅读：", "navigation"),
        ("您可能关注的文档", "navigation"),
        ("申明敬告：本平台仅提供信息存储空间服务，不保证内容完整。", "disclaimer"),
        ("温馨提示：下载前请先预览。", "disclaimer"),
        ("本文来源于网络，仅供学习交流，若有侵权请联系客服删除。", "disclaimer"),
        ("来源：人民网　　编辑：张三　　时间：2021-07-01", "source_line"),
        ("作者：佚名 | 更新时间：2020-01-01 | 阅读：35", "source_line"),
        ("时间:2019/12/31 08:00", "source_line"),
        ("联系电话：010-12345678", "contact"),
        ("加微信 abc_12345 领取完整版", "contact"),
        ("举报邮箱：report@example.com", "copyright"),
        ("All Rights Reserved", "copyright"),
        ("转载请注明出处", "copyright"),
        ("您的位置：首页 » 范文 » 党建", "navigation"),
        ("1/3页", "navigation"),
    ],
)
def test_site_line_patterns(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "时间是最好的见证者，我们要珍惜每一天的学习机会。",
        "力量的来源在于群众：只有紧紧依靠群众，才能克服一切困难。",
        "我们建立了微信学习群，大家每天交流心得体会。",
        "网站建设要坚持正确的政治方向和舆论导向。",
        "相关部门要切实负起责任，把各项措施落到实处。",
        "更多的时候，我们需要的是脚踏实地的行动。",
        "一、坚持理论学习",
        "中共某某县委组织部　李四",
        "编辑部的同志们加班加点完成了任务。",
        "版权意识淡薄的问题在一些单位依然存在，需要引起重视。",
    ],
)
def test_essay_lines_with_site_vocabulary_are_kept(line: str) -> None:
    assert classify_line(line) is None
    assert strip_boilerplate(line).text == line


def test_inline_furniture_is_cut_from_essay_lines() -> None:
    text = "这是正文中的一句话。查看更多>>\n具体要求详见 http://example.org/notice?id=3 的通知。"
    result = strip_boilerplate(text)
    assert result.text == "这是正文中的一句话。\n具体要求详见的通知。"
    assert [r.reason for r in result.removed] == ["navigation", "url"]
    assert [text[r.start : r.end] for r in result.removed] == [r.text for r in result.removed]


def test_title_prefix_only_on_the_first_line_and_real_titles_kept() -> None:
    assert strip_boilerplate("学习心得：坚持以人民为中心\n正文。").text.startswith("学习心得：")
    body = "正文第一段。\n经典语录：这一句在正文里，不是标题。"
    assert strip_boilerplate(body).text == body


def test_empty_and_blank_input() -> None:
    assert strip_boilerplate("").text == ""
    assert strip_boilerplate(" \n\u3000\n").removed == []
