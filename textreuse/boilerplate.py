"""Stripping of the furniture that content-farm sites wrap around scraped essays.

Rules are patterns (labels, disclaimer vocabulary, key: value source lines, contact
IDs, URLs, copyright notices, SEO title prefixes), never the text of particular pages.
Every rule is applied to a width- and case-folded copy of each line, so full-width
variants (ＱＱ：１２３４５, ＨＴＴＰ) are caught by the same patterns.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Removed:
    """One removed piece: a whole line or a part of one."""

    line: int  # 1-based line number in the original text
    start: int  # original offsets, end exclusive
    end: int
    text: str
    reason: str  # navigation | disclaimer | source_line | contact | url | copyright | ...

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class StripResult:
    """Clean text (kept lines joined by newlines), what was removed, and an offset map."""

    text: str
    removed: list[Removed]
    # (clean_start, original_start, length) of every piece copied from the original.
    segments: list[tuple[int, int, int]] = field(default_factory=list)

    def to_original(self, pos: int) -> int:
        """Original offset of the clean character at ``pos``."""
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            raise ValueError(f"offset {pos} is outside the clean text")
        clean_start, orig_start, length = self.segments[i]
        if pos >= clean_start + length:
            raise ValueError(f"offset {pos} falls on a line break added by stripping")
        return orig_start + pos - clean_start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end - 1) + 1


@lru_cache(maxsize=65536)
def _fold1(ch: str) -> str:
    # One character in, one out, so that regex offsets on the folded line are offsets
    # in the original line too.
    f = unicodedata.normalize("NFKC", ch)
    if len(f) != 1:
        return ch
    low = f.lower()
    return low if len(low) == 1 else f


def _fold(s: str) -> str:
    return "".join(_fold1(c) for c in s)


_WS = " \t\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_PUNCT_EDGES = " \t:：,，.。、;；!！?？>》»›…~～-—_|/·•*#=+()（）[]【】<《「」『』\"'“”‘’"

_LABELS = (
    r"查看更多|查看全文|展开全文|阅读全文|全文阅读|点击查看(?:更多|全文)?|加载更多|"
    r"更多(?:内容|精彩|推荐|阅读|文章|相关)|相关(?:文章|阅读|推荐|文档|范文|内容|搜索|专题|资料|链接)|"
    r"推荐(?:阅读|文章|文档|内容)|热门(?:文章|推荐|阅读|文档|标签|搜索)|精彩(?:推荐|阅读|专题)|"
    r"猜你(?:喜欢|感兴趣)|[你您](?:可能|也许|或许)?还?(?:喜欢|感兴趣|关注)(?:的(?:文档|文章|内容))?|"
    r"文档(?:介绍|简介|描述|预览)|内容(?:简介|介绍|预览)|上一篇|下一篇|上一页|下一页|"
    r"返回(?:顶部|首页|列表|目录)|(?:免费)?试读(?:已)?结束|免费(?:下载|阅读)|"
    r"(?:立即|点击)?下载(?:文档|本文|全文|此文档|word|pdf|完整版)|本文(?:档)?(?:共|仅)\d+页|"
    r"收藏本[文页]|分享到|打印本[文页]|关闭(?:本)?窗口|最新(?:文章|更新|发布)|网友评论|发表评论"
)
_LABEL_LINE = re.compile(rf"^(?:{_LABELS})")
# Generic one-word buttons only count when they are the whole line.
_BUTTONS = re.compile(
    r"^(?:更多|分享|收藏|打印|评论|点赞|举报|关闭|返回|下载|目录|首页|上一章|下一章)"
    r"[\d\s>»›…]*$"
)

_SITE_SUBJECT = re.compile(
    r"本站|本网站?|本平台|本文库|本文档|本页面?|本资料|网友上传|用户上传|网友投稿|上传者|"
    r"来源于网络|来自网络|网络转载|原创文章|客服"
)
_DISCLAIMER_PRED = re.compile(
    r"不保证|不代表|仅代表|仅供(?:参考|学习|交流|阅读)|不承担|不予受理|不负责|免责|版权|"
    r"侵权|删除|观点|立场|欢迎参考|咨询|联系|下载|预览|上传|收费|付费|原创"
)
_DISCLAIMER_HEAD = re.compile(
    r"^(?:申明敬告|免责声明|版权声明|特别声明|郑重声明|法律声明|温馨提示|友情提示|特别提示)[:：]?"
)

_META_KEYS = (
    r"来源|出处|文章来源|信息来源|稿件来源|内容来源|编辑|责任编辑|责编|小编|作者|撰稿|投稿|"
    r"发布时间|发表时间|更新时间|上传时间|时间|日期|发布日期|发布|浏览(?:次数|量)?|"
    r"阅读(?:次数|量)?|点击(?:数|量|次数|率)?|人气|热度|字号|字数|栏目|所属栏目|分类|所属分类|"
    r"类别|标签|tags?|关键词|关键字|下载(?:次数|量)?|页数|大小|文件大小|格式|文档格式|"
    r"上传(?:者|人)|贡献者|评分|收藏(?:数|量)?"
)
_META_START = re.compile(rf"^(?:{_META_KEYS})[:：]")
_META_ANY = re.compile(rf"(?:^|[\s|丨/])(?:{_META_KEYS})[:：]")

_CONTACT_KEY = re.compile(
    r"微信|weixin|wechat|vx|qq|电话|手机|热线|邮箱|e-?mail|联系方式|联系我们|客服|公众号|"
    r"扫码|二维码|加群|微博|抖音"
)
_CONTACT_ID = re.compile(r"\d{5,}|[a-z][a-z0-9_-]{4,}|@")
_CONTACT_VERB = re.compile(r"关注|扫码|扫描|长按|添加|加我|联系|咨询|私信|回复")

_COPYRIGHT = re.compile(
    r"copyright|©|\(c\)\d|版权所有|allrightsreserved|icp备|icp证|公网安备|违法和不良信息|"
    r"举报(?:电话|邮箱|中心|入口)|侵权投诉|投诉举报|侵权必究|转载请注明|转载请保留|未经(?:许可|授权)|"
    r"禁止转载|如有侵权|侵权请联系|联系删除|请联系我们删除"
)
_BREADCRUMB_START = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)[:：]")
_PAGE_FURNITURE = re.compile(
    r"^(?:第\d+页(?:[,，/]?共\d+页)?|共\d+页|\d+/\d+页?|页码[:：]?\d+|\d+页)$"
)
_URL_LABEL_ONLY = re.compile(
    r"^(?:原文(?:链接|地址)|本文(?:链接|地址|网址)|网址|链接|地址|url|来源|转载自|出处|"
    r"via|source)?[:：]?$"
)

_URL = re.compile(
    r"(?:(?:原文(?:链接|地址)|本文(?:链接|地址|网址)|网址|链接|转载自)[:：]\s*)?"
    r"(?:(?:https?|ftp)://|www\.)[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|(?<![a-z0-9@.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|cn|net|org|gov|edu|info|cc|top|xyz|io|me|tv)(?:\.cn)?"
    r"(?:/[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?(?![a-z0-9])"
)
_TRAILING_TEASER = re.compile(rf"(?:…+|\.{{3,}})?\s*(?:{_LABELS})[\s>»›…\.。!！]*$")

_CLICKBAIT_WORDS = (
    r"说说|句子|短句|语录|文案|名言|名句|心情|签名|大全|精选|范文|模板|素材|美文|作文|"
    r"朋友圈|金句|推荐|必看|热门|最新"
)
_TITLE_PREFIX = re.compile(rf"(?:.{{1,20}}?(?:{_CLICKBAIT_WORDS})[:：|丨]\s*)(?=\S)")
_TITLE_TAG = re.compile(
    r"(?:[【\[](?:热门|推荐|精选|最新|必看|原创|转载|置顶|荐|热|新|图|图文|视频|范文|精品|"
    r"优秀|干货|收藏|转)[】\]]\s*)+"
)

_SENTENCE_END = "。！？!?"


def _compact(folded: str) -> str:
    return "".join(c for c in folded if c not in _WS)


def _core(compact: str) -> str:
    return compact.strip(_PUNCT_EDGES)


def _matching_len(compact: str) -> int:
    return sum(1 for c in compact if unicodedata.category(c)[0] in "LN")


def classify_line(line: str) -> str | None:
    """Reason for removing a whole line, or None when it is (or may be) essay text."""
    compact = _compact(_fold(line))
    core = _core(compact)
    if not core:
        return None
    n = _matching_len(core)
    if _PAGE_FURNITURE.match(core) or _BUTTONS.match(core):
        return "navigation"
    if _DISCLAIMER_HEAD.match(core) and n <= 300:
        return "disclaimer"
    if n <= 300 and _SITE_SUBJECT.search(core) and _DISCLAIMER_PRED.search(core):
        return "disclaimer"
    if _COPYRIGHT.search(core) and n <= 200:
        return "copyright"
    # Before the labels: "更多精彩内容请关注公众号…" is a promotion, not a button;
    # after the disclaimers, whose "请联系客服" is not a contact line either.
    if (
        n <= 120
        and _CONTACT_KEY.search(core)
        and (_CONTACT_ID.search(core) or _CONTACT_VERB.search(core))
    ):
        return "contact"
    if _LABEL_LINE.match(core) and n <= 40:
        return "navigation"
    if _BREADCRUMB_START.match(core) or (
        n <= 60 and len(re.findall(r"[>»›]", core)) >= 2 and "。" not in core
    ):
        return "navigation"
    if _META_START.match(core) and (n <= 100 or len(_META_ANY.findall(compact)) >= 2):
        return "source_line"
    if len(_META_ANY.findall(_fold(line).strip(_WS))) >= 2 and n <= 150:
        return "source_line"
    return None


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def strip_boilerplate(text: str) -> StripResult:
    """Remove site furniture from scraped ``text``.

    Returns the clean text (kept lines, trimmed, joined with ``\\n``), the removed
    pieces line by line with their reason and original offsets, and an offset map.
    """
    removed: list[Removed] = []
    kept: list[list[tuple[int, int]]] = []  # per kept line: original (start, end) pieces
    seen_headings: set[str] = set()
    first_content_line = True

    for lineno, (ls, le) in enumerate(_line_spans(text), start=1):
        s, e = _trim(text, ls, le)
        if s == e:
            continue
        line = text[s:e]
        folded = _fold(line)
        reason = classify_line(line)
        if reason:
            removed.append(Removed(lineno, s, e, line, reason))
            first_content_line = False
            continue

        cut: list[tuple[int, int, str]] = []  # line-relative pieces to drop
        for m in _URL.finditer(folded):
            cut.append((m.start(), m.end(), "url"))
        m = _TRAILING_TEASER.search(folded)
        if m and m.start() > 0 and not any(a <= m.start() < b for a, b, _ in cut):
            cut.append((m.start(), m.end(), "navigation"))
        m = re.search(r"(?:免费)?试读(?:已)?结束.*$", folded)
        if m and m.start() > 0 and not any(a <= m.start() < b for a, b, _ in cut):
            cut.append((m.start(), m.end(), "navigation"))
        if first_content_line and len(line) <= 80:
            # Both match at the start only (re.match); a tag may precede a prefix.
            tag = _TITLE_TAG.match(folded)
            end = tag.end() if tag else 0
            prefix = _TITLE_PREFIX.match(folded, end)
            end = prefix.end() if prefix else end
            if 0 < end < len(line):
                cut.append((0, end, "title_prefix"))
        first_content_line = False

        cut.sort()
        pieces: list[tuple[int, int]] = []
        pos = 0
        for a, b, why in cut:
            a = max(a, pos)
            if a >= b:
                continue
            if a > pos:
                pieces.append((s + pos, s + a))
            removed.append(Removed(lineno, s + a, s + b, text[s + a : s + b], why))
            pos = b
        if pos < len(line):
            pieces.append((s + pos, e))
        pieces = [_trim(text, a, b) for a, b in pieces]
        pieces = [(a, b) for a, b in pieces if a < b]
        rest = "".join(text[a:b] for a, b in pieces)
        core = _core(_compact(_fold(rest)))
        if not pieces or not core or _URL_LABEL_ONLY.match(core):
            if pieces:
                removed.append(
                    Removed(
                        lineno,
                        pieces[0][0],
                        pieces[-1][1],
                        text[pieces[0][0] : pieces[-1][1]],
                        "url",
                    )
                )
            continue
        if cut and classify_line(rest):
            removed.append(
                Removed(
                    lineno,
                    pieces[0][0],
                    pieces[-1][1],
                    text[pieces[0][0] : pieces[-1][1]],
                    classify_line(rest) or "",
                )
            )
            continue
        # A site template often prints the title twice (page header, then document);
        # a short heading-like line seen before adds nothing.
        if _matching_len(core) <= 60 and not any(c in core for c in _SENTENCE_END):
            if core in seen_headings:
                removed.append(Removed(lineno, s, e, line, "duplicate_title"))
                continue
            seen_headings.add(core)
        kept.append(pieces)

    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0
    for i, pieces in enumerate(kept):
        if i:
            out.append("\n")
            pos += 1
        for a, b in pieces:
            segments.append((pos, a, b - a))
            out.append(text[a:b])
            pos += b - a
    removed.sort(key=lambda r: (r.start, r.end))
    return StripResult("".join(out), removed, segments)
