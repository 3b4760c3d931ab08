"""The 简洁报告: a check's report as a PDF of one to three A4 pages, for the file.

reportlab draws it with its built-in CID font STSong-Light: the PDF names an Adobe CJK font
that every PDF reader ships (Adobe-GB1), so the server needs no font file and the PDF embeds
none — a report is a few tens of kilobytes and no font has to be installed or licensed on a
government intranet server. The lists are capped (sources, paragraphs, passages) so that a
long text still fits in three pages; the full report (pdf_full.py) lists everything.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from dangjian.originality import parts as doc_parts
from dangjian.originality import rules
from dangjian.originality.models import Check
from dangjian.originality.verification import report_number, verification_code

FONT = "STSong-Light"
MAX_SOURCES = 8
MAX_PARAGRAPHS = 25
MAX_PASSAGES = 15
MAX_EDITED = 5
CLIP = 90  # characters of a passage quoted in the PDF
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f1f1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
)

pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLES = {
    "title": ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1),
    "h": ParagraphStyle("h", fontName=FONT, fontSize=11.5, leading=16, spaceBefore=8),
    "p": ParagraphStyle("p", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK"),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=8, leading=11, wordWrap="CJK"),
}


def pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def para(text: Any, style: str = "p") -> Paragraph:
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, STYLES[style])


def clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CLIP else text[: CLIP - 1] + "…"


def bar(ratio: float) -> Flowable:
    drawing = Drawing(60 * mm, 3 * mm)
    drawing.add(Rect(0, 0, 60 * mm, 3 * mm, fillColor=colors.HexColor("#eeeeee"), strokeWidth=0))
    colour = "#c8102e" if ratio >= rules.RATIO_HIGH else "#d49b00"
    colour = colour if ratio >= rules.RATIO_WARN else "#2e8b57"
    width = max(0.0, min(ratio, 1.0)) * 60 * mm
    drawing.add(Rect(0, 0, width, 3 * mm, fillColor=colors.HexColor(colour), strokeWidth=0))
    return drawing


def source_name(node: dict) -> str:
    # Joined with ASCII and CJK punctuation only: STSong-Light (Adobe-GB1) has no glyph for
    # the middle dot U+00B7 that the report page uses.
    if node.get("hidden"):
        return _("A text of another organization (not visible to you)")
    name = node.get("title") or node.get("ref", "")
    return f"{name} ({node['site']})" if node.get("site") else name


def source_names(report: dict) -> dict[str, str]:
    """A printable name for every source ref, as the viewer may see it."""
    names = {}
    for node in report.get("sources", []) + report.get("edited_sources", []):
        names[node["ref"]] = source_name(node)
    return names


def meta_table(check: Check, report: dict) -> Table:
    corpus_documents = report.get("corpus_documents")
    submission = check.submission
    who = check.requested_by.get_username() if check.requested_by else "—"
    checked_at = timezone.localtime(check.finished_at or check.created_at)
    rows = [
        [_("Report number"), report_number(check), _("Checked at"), f"{checked_at:%Y-%m-%d %H:%M}"],
        [_("Title"), submission.title, _("Organization"), submission.org.name],
        [_("Checked by"), who, _("Author (送检人)"), submission.author or "—"],
        [
            _("Compared with"),
            _("%(n)s documents (reference corpus and indexed texts)")
            % {"n": "—" if corpus_documents is None else f"{corpus_documents:,}"},
            _("Verification code"),
            verification_code(check),
        ],
    ]
    table = Table(
        [[para(cell) for cell in row] for row in rows],
        colWidths=[24 * mm, 66 * mm, 24 * mm, 60 * mm],
    )
    table.setStyle(GRID)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.white)]))
    return table


def figures_table(report: dict) -> Table:
    head = [
        _("Total copy ratio"),
        _("Excluding quotations"),
        _("Excluding own texts"),
        _("Largest single source"),
        _("Suspected rewriting ratio"),
        _("Copied characters"),
        _("Total characters"),
    ]
    values = [
        pct(report["total_ratio"]),
        pct(report["ratio_excluding_quotes"]),
        pct(report["ratio_excluding_own"]),
        pct(report["max_single_source_ratio"]),
        pct(report.get("edited_ratio")),
        str(report["copied_chars"]),
        str(report["total_chars"]),
    ]
    table = Table([[para(h, "small") for h in head], values], colWidths=[25 * mm] * 7)
    table.setStyle(GRID)
    table.setStyle(
        TableStyle([("FONT", (0, 1), (-1, 1), FONT, 12), ("ALIGN", (0, 1), (-1, 1), "CENTER")])
    )
    return table


def _sources(report: dict) -> list[Flowable]:
    groups = report.get("source_groups") or report.get("sources", [])
    listed = [g for g in groups if not g.get("folded")][:MAX_SOURCES]
    in_groups = {ref for g in groups for ref in g.get("refs", [g["ref"]])}
    rewritten = [e for e in report.get("edited_sources", []) if e["ref"] not in in_groups]
    if not listed and not rewritten:
        return [para(_("No copied passage of 13 or more characters was found."))]
    rows = [[para(_("Source")), para(_("Ratio")), para(_("Share"))]]
    for group in listed:
        name = source_name(group)
        if group.get("mirrors"):
            name += " " + _("(also on %(n)s more sites)") % {"n": group["mirrors"]}
        rows.append([para(name), pct(group["ratio"]), str(group["attributed_chars"])])
    for source in rewritten[: max(0, MAX_SOURCES - len(listed))]:
        label = f"{_('suspected rewriting')}, {_('similarity')} {pct(source['similarity'])}"
        rows.append([para(f"{source_name(source)} ({label})"), "—", str(source["edited_chars"])])
    table = Table(rows, colWidths=[130 * mm, 22 * mm, 22 * mm], repeatRows=1)
    table.setStyle(GRID)
    return [table]


def _paragraphs(report: dict) -> list[Flowable]:
    copied = [p for p in report["paragraphs"] if p["copied_chars"]][:MAX_PARAGRAPHS]
    clean = len(report["paragraphs"]) - len([p for p in report["paragraphs"] if p["copied_chars"]])
    rows = [[para(_("Paragraph")), para(_("Copy ratio")), ""]]
    rows += [[str(p["index"] + 1), bar(p["ratio"]), pct(p["ratio"])] for p in copied]
    table = Table(rows, colWidths=[20 * mm, 64 * mm, 20 * mm], repeatRows=1)
    table.setStyle(GRID)
    out: list[Flowable] = [table] if copied else []
    if clean:
        out.append(
            para(_("%(n)s paragraphs without copied text are not listed.") % {"n": clean}, "small")
        )
    return out


def _passages(report: dict) -> list[Flowable]:
    names = source_names(report)
    rows = [[para(_("Copied passage")), para(_("Source")), para(_("Characters"))]]
    passages = report.get("passages", [])
    for p in passages[:MAX_PASSAGES]:
        quoted = f" ({_('quoted')})" if p["quoted"] else ""
        rows.append(
            [
                para(clip(p["text"]) + quoted + part_note(p), "small"),
                para(names.get(p["ref"], ""), "small"),
                str(p["chars"]),
            ]
        )
    edited = report.get("edited_spans", [])
    for span in edited[:MAX_EDITED]:
        label = f"{_('suspected rewriting')}, {_('similarity')} {pct(span['similarity'])}"
        text = report["_text"][span["start"] : span["end"]]
        rows.append(
            [
                para(f"{clip(text)} ({label}){part_note(span)}", "small"),
                para(names.get(span["ref"], ""), "small"),
                str(span["chars"]),
            ]
        )
    if len(rows) == 1:
        return []
    table = Table(rows, colWidths=[110 * mm, 48 * mm, 16 * mm], repeatRows=1)
    table.setStyle(GRID)
    out: list[Flowable] = [table]
    more = max(0, len(passages) - MAX_PASSAGES) + max(0, len(edited) - MAX_EDITED)
    if more:
        out.append(para(_("%(n)s more passages are on the report page.") % {"n": more}, "small"))
    return out


def part_note(item: dict) -> str:
    """“ (in a footnote)” for a passage found in a part of an uploaded .docx, else “”."""
    kinds = item.get("parts") or []
    return " " + _("(in: %(parts)s)") % {"parts": doc_parts.label(kinds)} if kinds else ""


def parts_table(report: dict) -> list[Flowable]:
    """The parts of an uploaded .docx holding text: characters, copied, edited."""
    rows = report.get("document_parts") or []
    if not rows:
        return []
    head = [_("Part"), _("Total characters"), _("Copied characters"), _("Suspected rewriting")]
    body = [
        [para(doc_parts.label([r["kind"]])), str(r["chars"]), str(r["copied_chars"]),
         str(r["edited_chars"])]
        for r in rows
    ]  # fmt: skip
    table = Table(
        [[para(h, "small") for h in head], *body], colWidths=[64 * mm, 36 * mm] + [37 * mm] * 2
    )
    table.setStyle(GRID)
    return [para(_("Parts of the document"), "h"), table]


def render_pdf(check: Check, report: dict, *, verify_url: str, title: str, story: list) -> bytes:
    """An A4 document of `story` with the report number, verification code and page
    number in the footer of every page (both reports, so both verify the same way)."""
    number, code = report_number(check), verification_code(check)
    footer = _("Report %(number)s | verification code %(code)s | verify at %(url)s") % {
        "number": number,
        "code": code,
        "url": verify_url,
    }

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {number}",
        author="dangjian",
    )
    heading = [para(title, "title"), Spacer(1, 4 * mm), meta_table(check, report)]
    doc.build(heading + story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


RULE_NOTE = _(
    "A run of 13 identical consecutive characters counts as copied (the CNKI "
    "standard); suspected rewriting is reported beside these figures, not in them."
)


def report_pdf(check: Check, report: dict, *, verify_url: str) -> bytes:
    """The 简洁报告 of a finished check; `report` is the stored report as the viewer may
    read it (selectors.report_for), `verify_url` the public verification page."""
    report = report | {"_text": check.submission.text}
    story: list[Flowable] = [
        para(_("Figures"), "h"),
        figures_table(report),
        para(_("Sources"), "h"),
        *_sources(report),
        para(_("By paragraph"), "h"),
        *_paragraphs(report),
        *parts_table(report),
        para(_("Copied passages"), "h"),
        *_passages(report),
        Spacer(1, 3 * mm),
        para(RULE_NOTE, "small"),
    ]
    return render_pdf(
        check, report, verify_url=verify_url, title=_("Originality report (brief)"), story=story
    )
