"""Uploads for a check are read within limits: a small .docx can unpack to a huge document."""

import codecs
import io
import time
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dangjian.lib.docx import DocxError, DocxLimits, docx_text
from dangjian.originality import rules
from dangjian.originality.forms import text_from_upload

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(body: list[bytes]) -> bytes:
    """A minimal .docx whose body XML is written piece by piece (streamed into the zip)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document ' + W + b"><w:body>")
            for piece in body:
                member.write(piece)
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def refusal(name: str, content: bytes) -> str:
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as info:
            text_from_upload(SimpleUploadedFile(name, content))
        return info.value.messages[0]


def test_two_million_empty_paragraphs_are_refused_fast():
    """51 KB of <w:p/> held a request for 52 s."""
    content = docx_bytes([b"<w:p/>" * 1000] * 2000)
    assert len(content) < 100_000
    started = time.monotonic()
    message = refusal("bomb.docx", content)
    assert time.monotonic() - started < 3
    assert "paragraphs" in message


def test_docx_unpacking_past_the_limit_is_refused():
    pad = b" " * 2**20
    content = docx_bytes([pad] * (rules.DOCX_MAX_UNPACKED_BYTES // 2**20 + 1))
    assert len(content) < 1_000_000
    assert "unpacks to more than" in refusal("big.docx", content)


def test_docx_text_past_the_check_limit_is_refused():
    paragraph = b"<w:p><w:r><w:t>" + "党".encode() * 10_000 + b"</w:t></w:r></w:p>"
    content = docx_bytes([paragraph] * 21)
    assert "characters" in refusal("long.docx", content)


def test_docx_text_as_python_docx_gives_it():
    import docx

    document = docx.Document()
    document.add_paragraph("第一段")
    run = document.add_paragraph("二").add_run("\tthree")
    run.add_break()
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    expected = "\n".join(p.text for p in docx.Document(io.BytesIO(buffer.getvalue())).paragraphs)
    assert text_from_upload(SimpleUploadedFile("a.docx", buffer.getvalue())) == expected


def test_a_document_type_declaration_is_refused():
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
        )
    with pytest.raises(DocxError):
        docx_text(content.getvalue(), DocxLimits(10**6, 10, 10**6))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_text_files_with_a_byte_order_mark_are_decoded(encoding):
    text = "学习心得：不忘初心，牢记使命。"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert text_from_upload(SimpleUploadedFile("心得.txt", data)) == text


def test_nul_bytes_without_a_byte_order_mark_are_still_binary():
    assert "binary" in refusal("a.txt", b"abc\x00\x01def")
