"""The text of a Word .docx for ``textreuse check`` (standard library only).

A .docx is a zip of XML. Paragraphs are read in document order from the body — table
cells and text boxes included, since their paragraphs sit inside the body — then the
footnotes and endnotes; one line per paragraph, a tab for <w:tab/>, a line break for
<w:br/> and <w:cr/>. The body is parsed as a stream with a cap on its unpacked size, so a
small file that unpacks to a huge document is refused instead of filling memory.
"""

from __future__ import annotations

import zipfile
from xml.etree.ElementTree import ParseError, XMLPullParser

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
MAX_UNPACKED = 64 * 2**20  # per part
CHUNK = 64 * 1024


class DocxError(ValueError):
    """Not a readable .docx."""


def is_docx(path: str) -> bool:
    return path.lower().endswith(".docx")


def docx_text(path: str) -> str:
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
        if PARTS[0] not in names:
            raise DocxError("no word/document.xml: not a Word document")
        lines: list[str] = []
        for part in PARTS:
            if part in names:
                lines.extend(_paragraphs(archive, part))
    except (zipfile.BadZipFile, ParseError, OSError, EOFError) as exc:
        raise DocxError(str(exc)) from None
    return "\n".join(lines)


def _paragraphs(archive: zipfile.ZipFile, part: str) -> list[str]:
    info = archive.getinfo(part)
    if info.file_size > MAX_UNPACKED:
        raise DocxError(f"{part} unpacks to {info.file_size} bytes (limit {MAX_UNPACKED})")
    parser = XMLPullParser(events=("start", "end"))
    out: list[str] = []
    stack: list[list[str]] = []  # text of the paragraphs open (text boxes nest them)
    read = 0
    with archive.open(info) as source:
        while chunk := source.read(CHUNK):
            read += len(chunk)
            if read > MAX_UNPACKED:
                raise DocxError(f"{part} unpacks to more than {MAX_UNPACKED} bytes")
            if read == len(chunk) and b"<!DOCTYPE" in chunk.upper():
                raise DocxError("a document type declaration (entities) is not allowed")
            parser.feed(chunk)
            for event, el in parser.read_events():
                tag = el.tag
                if event == "start" and tag == W + "p":
                    stack.append([])
                elif event == "end" and tag == W + "p" and stack:
                    out.append("".join(stack.pop()))
                elif event == "end" and stack:
                    if tag == W + "t":
                        stack[-1].append(el.text or "")
                    elif tag == W + "tab":
                        stack[-1].append("\t")
                    elif tag in (W + "br", W + "cr"):
                        stack[-1].append("\n")
                if event == "end" and tag in (W + "p", W + "tbl"):
                    el.clear()  # keep memory flat on long documents
    parser.close()
    return out
