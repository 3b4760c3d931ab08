"""A .docx's text where people put it: table cells, footnotes, text boxes, section headers —
each counted once (Word stores a text box twice: DrawingML and a VML fallback)."""

import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from dangjian.lib.docx import DocxLimits, docx_read, docx_text
from dangjian.originality import services
from dangjian.originality.models import Check
from dangjian.originality.tests.texts import cjk
from textreuse.loaders import SourceText

LIMITS = DocxLimits(10**7, 10_000, 10**6)
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>{text}</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _text_box(text: str) -> str:
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {NS}><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>'
        "</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def build(*, body="正文", table=None, footnote=None, text_box=None, header=None) -> bytes:
    document = docx.Document()
    document.add_paragraph(body)
    if table:
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text, cells[1].text = table
    if text_box:
        document.add_paragraph("TEXTBOX")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml" and text_box:
                xml = data.decode()
                xml = re.sub(r"<w:r><w:t>TEXTBOX</w:t></w:r>", _text_box(text_box), xml)
                data = xml.encode()
            archive.writestr(item, data)
        if footnote:
            archive.writestr("word/footnotes.xml", FOOTNOTES.format(text=footnote))
    return out.getvalue()


def test_table_cells_are_read():
    assert docx_text(build(table=("左格文字", "右格文字")), LIMITS).split("\n") == [
        "正文",
        "左格文字",
        "右格文字",
    ]


def test_footnotes_are_read_without_the_separator():
    text = docx_text(build(footnote="脚注里的引文"), LIMITS)
    assert text.split("\n") == ["正文", "脚注里的引文"]


def test_text_box_is_read_once():
    text = docx_text(build(text_box="文本框里的话"), LIMITS)
    assert text.count("文本框里的话") == 1 and "TEXTBOX" not in text


def test_section_header_is_read():
    text = docx_text(build(header="某某党委学习材料"), LIMITS)
    assert "某某党委学习材料" in text.split("\n")


@pytest.mark.parametrize("where", ["table", "footnote", "text_box"])
def test_copied_text_in_each_part_is_counted(
    client, county, where, django_capture_on_commit_callbacks
):
    source = cjk(500, seed=170)
    services.corpus_import([SourceText(ref="web/s", text=source, title="范文")])
    copied = source[100:160]
    parts = {"table": (copied, cjk(20, seed=171)), "footnote": copied, "text_box": copied}
    content = build(body=cjk(60, seed=172), **{where: parts[where]})
    client.force_login(county.secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("originality:check-new"),
            {"org": county.village_a1.pk, "file": SimpleUploadedFile("心得.docx", content)},
        )
    assert response.status_code == 302
    check = Check.objects.unscoped("test").get()
    assert check.copied_chars == 60
    assert check.total_chars == 60 + 60 + (20 if where == "table" else 0)


def test_parts_are_located_in_the_text():
    content = build(
        body="正文第一段",
        table=("左格文字", "右格文字"),
        text_box="文本框里的话",
        header="页眉文字",
        footnote="脚注里的引文",
    )
    read = docx_read(content, LIMITS)
    got = [(part.kind, read.text[part.start : part.end]) for part in read.parts]
    assert got == [
        ("table", "左格文字\n右格文字"),
        ("text_box", "文本框里的话"),
        ("header", "页眉文字"),
        ("footnote", "脚注里的引文"),
    ]
    assert read.text == docx_text(content, LIMITS)
    # The running text is not a part.
    assert read.text.startswith("正文第一段") and all(part.start > 0 for part in read.parts)


def _pdf_flat(client, name, check) -> str:
    response = client.get(reverse(f"originality:{name}", args=[check.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_report_lists_a_passage_copied_into_a_footnote_as_such(
    client, county, django_capture_on_commit_callbacks
):
    source = cjk(500, seed=180)
    services.corpus_import([SourceText(ref="web/f", text=source, title="脚注范文")])
    in_note, in_body = source[100:160], source[300:340]
    content = build(body=cjk(60, seed=181) + in_body, footnote=in_note, table=("甲", "乙"))
    client.force_login(county.secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("originality:check-new"),
            {"org": county.village_a1.pk, "file": SimpleUploadedFile("心得.docx", content)},
        )
    check = Check.objects.unscoped("test").get()
    by_text = {p["text"]: p["parts"] for p in check.report["passages"]}
    assert by_text == {in_body: [], in_note: ["footnote"]}
    rows = {row["kind"]: row for row in check.report["document_parts"]}
    assert rows["footnote"] == {"kind": "footnote", "chars": 60, "copied_chars": 60,
                                "edited_chars": 0}  # fmt: skip
    assert rows["table"]["chars"] == 2 and rows["table"]["copied_chars"] == 0

    page = client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()
    card = page[page.index('id="dj-parts"') :]
    footnote_row = card[card.index('data-part="footnote"') :].split("</tr>")[0]
    assert "脚注" in footnote_row and in_note[:40] in footnote_row and "脚注范文" in footnote_row
    table_row = card[card.index('data-part="table"') :].split("</tr>")[0]
    assert in_note[:20] not in table_row and in_body[:20] not in card.split("</table>")[0]

    for name in ("check-pdf", "check-pdf-full"):
        flat = _pdf_flat(client, name, check)
        assert f"{in_note}（位于：脚注）" in flat or f"{in_note}(位于:脚注)" in flat
        assert "文档各部分" in flat
        assert f"{in_body}（位于" not in flat and f"{in_body}(位于" not in flat


def test_pasted_text_has_no_parts(client, county, django_capture_on_commit_callbacks):
    source = cjk(300, seed=190)
    services.corpus_import([SourceText(ref="web/p", text=source, title="范文")])
    with django_capture_on_commit_callbacks(execute=True):
        services.text_check(
            actor=county.secretary_a,
            org=county.village_a1,
            title="粘贴",
            text=cjk(50, seed=191) + source[:50],
        )
    check = Check.objects.unscoped("test").get()
    assert check.report["document_parts"] == [] and check.report["passages"][0]["parts"] == []
    client.force_login(county.secretary_a)
    page = client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()
    assert 'id="dj-parts"' not in page
