"""The full report (全文报告) as a second PDF: what the 简洁报告 caps, in full — every source
with its credited characters (mirrors and folded sources too), every paragraph's bar, every
copied passage and every edited passage (疑似改写) with its source, and the parts of an
uploaded .docx. Same font, header and footer as the brief report (pdf.py), so it verifies
the same way; it grows with the text instead of keeping to three pages.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table
from reportlab.platypus.flowables import Flowable

from dangjian.originality.models import Check
from dangjian.originality.pdf import (
    GRID,
    RULE_NOTE,
    bar,
    figures_table,
    para,
    part_note,
    parts_table,
    pct,
    render_pdf,
    source_name,
    source_names,
)


def _groups(report: dict) -> list[dict]:
    """Mirror groups, or one per source for a report stored before grouping existed."""
    if "source_groups" in report:
        return report["source_groups"]
    return [s | {"refs": [s["ref"]], "mirrors": 0} for s in report.get("sources", [])]


def _sources(report: dict) -> list[Flowable]:
    groups = _groups(report)
    edited = report.get("edited_sources", [])
    if not groups and not edited:
        return [para(_("No copied passage of 13 or more characters was found."))]
    names = source_names(report)
    head = [_("Source"), _("Copied characters"), _("Ratio"), _("Share")]
    rows = [[para(h, "small") for h in head]]
    for group in groups:
        name = source_name(group)
        if group.get("folded"):
            name += f" ({_('all of it credited to the sources above')})"
        rows.append(
            [para(name), str(group["copied_chars"]), pct(group["ratio"]),
             str(group["attributed_chars"])]
        )  # fmt: skip
        for ref in group.get("refs", [])[1:]:
            mirror = names.get(ref) or _("A text of another organization (not visible to you)")
            rows.append([para(_("also on: %(source)s") % {"source": mirror}, "small"), "", "", ""])
    table = Table(rows, colWidths=[112 * mm, 22 * mm, 20 * mm, 20 * mm], repeatRows=1)
    table.setStyle(GRID)
    out: list[Flowable] = [table]
    if edited:
        head = [_("Source"), _("Suspected rewriting"), _("similarity")]
        rows = [[para(h, "small") for h in head]]
        rows += [
            [para(source_name(e)), str(e["edited_chars"]), pct(e["similarity"])] for e in edited
        ]
        table = Table(rows, colWidths=[124 * mm, 30 * mm, 20 * mm], repeatRows=1)
        table.setStyle(GRID)
        out += [Spacer(1, 3 * mm), table]
    return out


def _paragraphs(report: dict, text: str) -> list[Flowable]:
    rows = [[para(_("Paragraph"), "small"), "", para(_("Copy ratio"), "small"), ""]]
    for p in report["paragraphs"]:
        preview = " ".join(text[p["start"] : p["end"]].split())[:20]
        rows.append([str(p["index"] + 1), para(preview, "small"), bar(p["ratio"]), pct(p["ratio"])])
    table = Table(rows, colWidths=[14 * mm, 80 * mm, 64 * mm, 16 * mm], repeatRows=1)
    table.setStyle(GRID)
    return [table]


def _passages(report: dict, text: str) -> list[Flowable]:
    names = source_names(report)
    head = [_("Copied passage"), _("Source"), _("Characters")]
    rows = [[para(h, "small") for h in head]]
    for p in report.get("passages", []):
        quoted = f" ({_('quoted')})" if p["quoted"] else ""
        also = [names.get(ref, "") for ref in p.get("refs", [])[1:]]
        source = names.get(p["ref"], "")
        if also:
            source += " " + _("(also: %(sources)s)") % {"sources": "; ".join(also)}
        rows.append(
            [para(text[p["start"] : p["end"]] + quoted + part_note(p), "small"),
             para(source, "small"), str(p["chars"])]
        )  # fmt: skip
    for span in report.get("edited_spans", []):
        label = f"{_('suspected rewriting')}, {_('similarity')} {pct(span['similarity'])}"
        rows.append(
            [para(f"{text[span['start'] : span['end']]} ({label}){part_note(span)}", "small"),
             para(names.get(span["ref"], ""), "small"), str(span["chars"])]
        )  # fmt: skip
    if len(rows) == 1:
        return [para(_("No copied passage of 13 or more characters was found."))]
    table = Table(rows, colWidths=[106 * mm, 52 * mm, 16 * mm], repeatRows=1)
    table.setStyle(GRID)
    return [table]


def full_report_pdf(check: Check, report: dict, *, verify_url: str) -> bytes:
    """The full report of a finished check; arguments as pdf.report_pdf."""
    text = check.submission.text
    story: list[Flowable] = [
        para(_("Figures"), "h"),
        figures_table(report),
        para(_("Sources"), "h"),
        *_sources(report),
        para(_("By paragraph"), "h"),
        *_paragraphs(report, text),
        *parts_table(report),
        para(_("Copied passages"), "h"),
        *_passages(report, text),
        Spacer(1, 3 * mm),
        para(RULE_NOTE, "small"),
    ]
    return render_pdf(
        check, report, verify_url=verify_url, title=_("Originality report (full)"), story=story
    )
