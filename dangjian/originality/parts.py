"""Parts of an uploaded .docx in the report: a copied passage found in a table, a text box,
a header (页眉), a footnote (脚注) or an endnote (尾注) is listed as such.

The upload keeps where each part's text lies (`Submission.parts`, from dangjian.lib.docx);
when a check runs, `annotate` writes into its report which parts each passage and edited
span touches, and how many characters of each part are copied — so the report page and
both PDFs read it from the stored report, as they read every other figure.
"""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext_lazy as _

from dangjian.lib.docx import PART_KINDS
from textreuse import normalize

LABELS = {
    "table": _("table"),
    "text_box": _("text box"),
    "header": _("header"),
    "footnote": _("footnote"),
    "endnote": _("endnote"),
}


def kinds_between(parts: list[dict], start: int, end: int) -> list[str]:
    """The kinds of the parts that text[start:end] touches, in PART_KINDS order."""
    touched = {p["kind"] for p in parts if p["start"] < end and start < p["end"]}
    return [kind for kind in PART_KINDS if kind in touched]


def annotate(report: dict, text: str, parts: list[dict]) -> None:
    """Add `parts` (kinds touched) to every passage and edited span, and
    `document_parts` (per kind: characters, copied and edited characters) to the report.
    Characters are matching characters, as every figure of the report."""
    for item in report.get("passages", []) + report.get("edited_spans", []):
        item["parts"] = kinds_between(parts, item["start"], item["end"])
    if not parts:
        report["document_parts"] = []
        return
    norm = normalize(text)
    kind_at = np.full(len(text) + 1, -1, dtype=np.int64)
    for part in parts:
        kind_at[part["start"] : part["end"]] = PART_KINDS.index(part["kind"])
    copied = np.zeros(len(text) + 1, dtype=bool)
    for passage in report.get("passages", []):
        copied[passage["start"] : passage["end"]] = True
    edited = np.zeros(len(norm), dtype=bool)
    for span in report.get("edited_spans", []):
        edited[span["norm_start"] : span["norm_end"]] = True
    kinds = kind_at[norm.offsets]
    exact = copied[norm.offsets]
    rows = []
    for index, kind in enumerate(PART_KINDS):
        mine = kinds == index
        if mine.any():
            rows.append(
                {
                    "kind": kind,
                    "chars": int(mine.sum()),
                    "copied_chars": int((mine & exact).sum()),
                    "edited_chars": int((mine & edited & ~exact).sum()),
                }
            )
    report["document_parts"] = rows


def label(kinds: list[str]) -> str:
    """“footnote”, “table, text box”: the parts a passage touches, for display."""
    return ", ".join(str(LABELS[kind]) for kind in kinds if kind in LABELS)
