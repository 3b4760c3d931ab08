"""The bulletin as a .docx in the official layout (GB/T 9704-2012 党政机关公文格式), written
with python-docx from bulletin_content (the preview page reads the same content).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the issuing organization's line
(发文机关标志) red in 方正小标宋简体; 发文字号 〔2026〕N号 centred under it, over a red rule; the
title in 方正小标宋简体 二号 centred; the body in 仿宋_GB2312 三号, first line indented two
characters, a fixed line of 28 pt; level-1 headings 黑体 ("一、"), level-2 楷体_GB2312 ("（一）");
the date in Chinese numerals four characters in from the right with the issuer centred over it;
page numbers "— 1 —" in 宋体 四号, odd pages at the right and even pages at the left, one
character in (separate odd and even footers). Fonts are named on each run (w:ascii, w:hAnsi
and w:eastAsia): no font file ships,
Word substitutes what the machine lacks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from dangjian.assess import rules_target as rules
from dangjian.assess.bulletin_content import H1, H2, BulletinContent, P
from dangjian.assess.target_services import CONTROL


def _font(run, name: str, size: int, *, bold: bool = False, color: str = "") -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)


def _fixed_lines(paragraph, *, indent: bool = False) -> None:
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(rules.LINE_SPACING_PT)
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = Pt(rules.BODY_PT * rules.FIRST_LINE_INDENT_CHARS)


def _line(document, text: str, font: str, size: int, *, align=None, indent=False, color=""):
    paragraph = document.add_paragraph()
    _fixed_lines(paragraph, indent=indent)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(CONTROL.sub("", text)), font, size, color=color)
    return paragraph


def _red_rule(paragraph) -> None:
    """The red line under the 发文字号 (版头中的分隔线), as a bottom border of the paragraph."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8")):
        bottom.set(qn(key), value)
    bottom.set(qn("w:color"), rules.RED)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number_field(paragraph) -> None:
    """— PAGE — : the dashes as text, the number as Word's PAGE field."""
    run = paragraph.add_run("— ")
    _font(run, rules.PAGE_NUMBER_FONT, rules.PAGE_NUMBER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        run = paragraph.add_run()
        _font(run, rules.PAGE_NUMBER_FONT, rules.PAGE_NUMBER_PT)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    run = paragraph.add_run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    run._r.append(element)
    _font(paragraph.add_run(" —"), rules.PAGE_NUMBER_FONT, rules.PAGE_NUMBER_PT)


def _page(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(rules.PAGE_WIDTH_MM), Mm(rules.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(rules.MARGIN_TOP_MM), Mm(rules.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(rules.MARGIN_LEFT_MM), Mm(rules.MARGIN_RIGHT_MM)
    # 页码: odd pages at the right, even pages at the left, one character in (§7.5).
    document.settings.odd_and_even_pages_header_footer = True
    indent = Pt(rules.PAGE_NUMBER_PT * rules.PAGE_NUMBER_INDENT_CHARS)
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = indent
    _page_number_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = indent
    _page_number_field(even)
    normal = document.styles["Normal"]
    normal.font.name = rules.BODY_FONT
    normal.font.size = Pt(rules.BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), rules.BODY_FONT)


def bulletin_document(content: BulletinContent) -> bytes:
    """The .docx bytes of the bulletin."""
    document = Document()
    _page(document)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    issuer = _line(
        document,
        f"{content.issuer}文件",
        rules.TITLE_FONT,
        rules.ISSUER_PT,
        align=center,
        color=rules.RED,
    )
    issuer.paragraph_format.line_spacing = Pt(rules.ISSUER_PT * 1.5)
    number = _line(document, content.number_text, rules.BODY_FONT, rules.BODY_PT, align=center)
    _red_rule(number)
    # The title two lines under the red rule (§7.3.1).
    for _blank in range(rules.LINES_BEFORE_TITLE):
        _line(document, "", rules.BODY_FONT, rules.BODY_PT)
    title = _line(document, content.title, rules.TITLE_FONT, rules.TITLE_PT, align=center)
    title.paragraph_format.line_spacing = Pt(rules.TITLE_PT * 1.5)
    _line(document, "", rules.BODY_FONT, rules.BODY_PT)
    _line(document, "各基层党委：", rules.BODY_FONT, rules.BODY_PT)
    for kind, text in content.blocks:
        if kind == H1:
            _line(document, text, rules.HEADING1_FONT, rules.BODY_PT, indent=True)
        elif kind == H2:
            _line(document, text, rules.HEADING2_FONT, rules.BODY_PT, indent=True)
        else:
            _line(document, text, rules.BODY_FONT, rules.BODY_PT, indent=True)
    _line(document, "", rules.BODY_FONT, rules.BODY_PT)
    # 成文日期 four characters in from the right; 发文机关署名 centred over it (§7.3.5): its
    # right indent is the date's plus half the difference of their lengths (full-width
    # characters of the body size; a signature longer than the date is kept inside the margin).
    date_in = rules.SIGNATURE_RIGHT_CHARS
    issuer_in = max(0.0, date_in + (len(content.date_text) - len(content.issuer)) / 2)
    for text, chars in ((content.issuer, issuer_in), (content.date_text, date_in)):
        line = _line(document, text, rules.BODY_FONT, rules.BODY_PT, align=right)
        line.paragraph_format.right_indent = Pt(rules.BODY_PT * chars)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bulletin_filename(content: BulletinContent) -> str:
    return f"{content.issuer}{content.number_text}督查通报.docx"


@dataclass
class ArchivedContent:
    """What an archived .docx says, read back for the preview (the fields the page shows)."""

    issuer: str
    number_text: str
    title: str
    date_text: str
    blocks: list[tuple[str, str]]


def archived_content(data: bytes) -> ArchivedContent:
    """Read the written document back: its non-empty paragraphs are the issuer's line, the
    number, the title, the salutation, the blocks (their kind by the heading fonts), the
    issuer's signature and the date."""
    kinds = {rules.HEADING1_FONT: H1, rules.HEADING2_FONT: H2}
    lines = [
        paragraph for paragraph in Document(io.BytesIO(data)).paragraphs if paragraph.text.strip()
    ]
    head, body, tail = lines[:4], lines[4:-2], lines[-2:]
    issuer_line = head[0].text
    return ArchivedContent(
        issuer=issuer_line[: -len("文件")] if issuer_line.endswith("文件") else issuer_line,
        number_text=head[1].text,
        title=head[2].text,
        date_text=tail[1].text,
        blocks=[
            (kinds.get(line.runs[0].font.name if line.runs else "", P), line.text) for line in body
        ],
    )
