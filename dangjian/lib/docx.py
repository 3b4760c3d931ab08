"""The text of a Word .docx, read within limits.

A .docx is a zip of XML, so a small upload can unpack to a huge document: a 51 KB file of
2 million empty paragraphs held python-docx (which builds the whole XML tree, then a Python
object per paragraph) for 52 s. Here the body is streamed (`XMLPullParser`, fed from the zip
member in chunks) and reading stops at the first limit passed: the member's unpacked size
(declared in the zip, and counted while reading), the number of paragraphs, and the number of
characters of text.

The text is what python-docx's `Document.paragraphs` gives: one line per paragraph, runs
joined, a tab for <w:tab/>, a line break for <w:br/> and <w:cr/>; paragraphs in tables and
text boxes are included too — a text box once, though Word stores it twice (a DrawingML
`mc:Choice` and its VML `mc:Fallback` copy, which is skipped). After the body come the
sections' headers (页眉, `word/header*.xml`), then footnotes and endnotes (脚注, 尾注):
copied text there counts as much as in the body. The limits hold for all parts together.

`docx_read` also says where each stretch of the text came from (`DocxPart`: a table, a
text box, a header, a footnote or an endnote), so that a report can list a copied passage
as such; the body's running text is the rest.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
BODY_PART = "word/document.xml"
HEADER_PART = re.compile(r"^word/header(\d*)\.xml$")
NOTE_PARTS = ("word/footnotes.xml", "word/endnotes.xml")
PART_KINDS = ("table", "text_box", "header", "footnote", "endnote")
# Notes that hold the separator line above the notes, not text.
NOTE_TYPES_SKIPPED = frozenset({"separator", "continuationSeparator", "continuationNotice"})
CHUNK = 64 * 1024


class DocxError(Exception):
    """The file is not a readable .docx."""


class DocxTooLarge(DocxError):
    """The document passes a limit; `limit` names which ("size", "paragraphs", "chars")."""

    def __init__(self, limit: str, value: int, maximum: int) -> None:
        super().__init__(f"{limit}: {value} > {maximum}")
        self.limit, self.value, self.maximum = limit, value, maximum


@dataclass(frozen=True)
class DocxLimits:
    max_unpacked_bytes: int  # of the XML parts read, together
    max_paragraphs: int
    max_chars: int


@dataclass(frozen=True)
class DocxPart:
    """text[start:end] came from a part of the document other than the body's running
    text; ``kind`` is one of PART_KINDS (a text box inside a table is a text box)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class DocxText:
    text: str
    parts: list[DocxPart]  # in text order, disjoint; everything else is running text


def docx_text(data: bytes, limits: DocxLimits) -> str:
    """The document's text, or DocxError (DocxTooLarge with the limit passed)."""
    return docx_read(data, limits).text


def docx_read(data: bytes, limits: DocxLimits) -> DocxText:
    """The document's text and where its parts are, or DocxError (see docx_text)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        archive.getinfo(BODY_PART)
        names = archive.namelist()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DocxError(str(exc)) from None
    headers = sorted(
        (name for name in names if HEADER_PART.match(name)),
        key=lambda name: int(HEADER_PART.match(name).group(1) or 0),
    )
    parts = [BODY_PART, *headers, *(name for name in NOTE_PARTS if name in names)]
    declared = sum(archive.getinfo(name).file_size for name in parts)
    if declared > limits.max_unpacked_bytes:
        raise DocxTooLarge("size", declared, limits.max_unpacked_bytes)
    reader = _BodyReader(limits)
    read = 0
    try:
        for name in parts:
            reader.start_part(_part_kind(name))
            with archive.open(name) as source:
                first = True
                while chunk := source.read(CHUNK):
                    read += len(chunk)
                    # zipfile stops at the declared size; counted again in case that changes.
                    if read > limits.max_unpacked_bytes:
                        raise DocxTooLarge("size", read, limits.max_unpacked_bytes)
                    if first and b"<!DOCTYPE" in chunk.upper():
                        raise DocxError("a document type declaration (entities) is not allowed")
                    first = False
                    reader.feed(chunk)
            reader.close()
    except (ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocxError(str(exc)) from None
    return DocxText("\n".join(reader.paragraphs), reader.marks)


def _part_kind(name: str) -> str:
    if HEADER_PART.match(name):
        return "header"
    return {"word/footnotes.xml": "footnote", "word/endnotes.xml": "endnote"}.get(name, "body")


class _BodyReader:
    def __init__(self, limits: DocxLimits) -> None:
        self.limits = limits
        self.paragraphs: list[str] = []
        self.count = 0  # every paragraph, nested ones included
        self.chars = 0
        self.depth = 0  # paragraphs open (a text box's paragraphs sit inside one)
        self.parts: list[tuple[str, str]] = []  # (text, kind) of the paragraph being read
        self.open: list = []  # the elements started and not yet ended, outermost first
        self.length = 0  # characters of the text so far ("\n" between paragraphs)
        self.marks: list[DocxPart] = []
        self.joinable = False  # no running text since the last mark
        self.start_part("body")

    def start_part(self, kind: str) -> None:
        """A new XML part: a parser of its own; paragraphs and characters count on."""
        self.parser = XMLPullParser(events=("start", "end"))
        self.kind = kind
        self.depth = 0
        self.parts = []
        self.open = []
        self.skipped = 0  # elements open whose text is not the document's (see module doc)
        self.tables = 0  # tables open (in the body)
        self.boxes = 0  # text box contents open

    def _piece_kind(self) -> str:
        if self.kind != "body":
            return self.kind
        return "text_box" if self.boxes else "table" if self.tables else "body"

    def _paragraph_done(self) -> None:
        """The outermost paragraph ended: its text joins the document, its pieces
        outside the running text extend (or start) a DocxPart."""
        at = self.length + (1 if self.paragraphs else 0)
        paragraph = "".join(text for text, _ in self.parts)
        self.paragraphs.append(paragraph)
        self.length = at + len(paragraph)
        for text, kind in self.parts:
            if not text:
                continue
            last = self.marks[-1] if self.marks else None
            if kind == "body":
                self.joinable = False
            elif last is not None and last.kind == kind and self.joinable:
                self.marks[-1] = DocxPart(kind, last.start, at + len(text))
            else:
                self.marks.append(DocxPart(kind, at, at + len(text)))
                self.joinable = True
            at += len(text)

    def feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)
        self._drain()

    def close(self) -> None:
        self.parser.close()
        self._drain()

    def _drain(self) -> None:
        for event, element in self.parser.read_events():
            tag = element.tag
            if event == "start":
                self.open.append(element)
                if tag == W + "p":
                    self.depth += 1
                elif self._skips(element):
                    self.skipped += 1
                elif tag == W + "tbl":
                    self.tables += 1
                elif tag == W + "txbxContent":
                    self.boxes += 1
                continue
            self.open.pop()
            if tag == W + "p":
                self.depth -= 1
                self.count += 1
                if self.count > self.limits.max_paragraphs:
                    raise DocxTooLarge("paragraphs", self.count, self.limits.max_paragraphs)
                if self.depth == 0 and not self.skipped:
                    self._paragraph_done()
                    self.chars += 1
                if self.depth == 0:
                    self.parts = []
            elif self._skips(element):
                self.skipped -= 1
            elif tag == W + "tbl":
                self.tables -= 1
            elif tag == W + "txbxContent":
                self.boxes -= 1
            elif self.depth and not self.skipped:
                if tag == W + "t" and element.text:
                    self.parts.append((element.text, self._piece_kind()))
                    self.chars += len(element.text)
                elif tag in (W + "tab", W + "ptab"):
                    self.parts.append(("\t", self._piece_kind()))
                elif tag in (W + "br", W + "cr"):
                    self.parts.append(("\n", self._piece_kind()))
                elif tag == W + "noBreakHyphen":
                    self.parts.append(("-", self._piece_kind()))
            if self.chars > self.limits.max_chars:
                raise DocxTooLarge("chars", self.chars, self.limits.max_chars)
            # Keep memory flat: a finished element is dropped from the tree (it is its
            # parent's only child left, so this is cheap), its text already taken.
            if self.open:
                self.open[-1].remove(element)

    @staticmethod
    def _skips(element) -> bool:
        """A VML copy of a text box, or a note holding the separator line."""
        if element.tag == MC_FALLBACK:
            return True
        return element.tag in (W + "footnote", W + "endnote") and (
            element.get(W + "type") in NOTE_TYPES_SKIPPED
        )
