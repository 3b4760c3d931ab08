"""Turns a stored report into what the report page draws: the checked text cut into plain
and highlighted pieces, and each source's text with the twins of those pieces."""

from __future__ import annotations

from dataclasses import dataclass, field

from dangjian.originality.selectors import SourceView

PALETTE_SIZE = 8  # colours c0..c7 in originality.css; more sources reuse them


@dataclass
class Piece:
    text: str
    colour: int | None = None  # None: not copied
    quoted: bool = False
    twin: str = ""  # element id of the twin in a source panel
    source: int | None = None  # index of the credited source panel
    also: int = 0  # how many other sources share this passage


@dataclass
class SourcePanel:
    index: int
    ref: str
    title: str
    site: str
    url: str
    link: str
    hidden: bool
    own: bool
    ratio: float
    copied_chars: int
    attributed_chars: int
    colour: int
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class ParagraphBar:
    number: int
    preview: str
    ratio: float
    copied_chars: int
    total_chars: int


def _cut(text: str, marks: list[tuple[int, int, Piece]]) -> list[Piece]:
    """Plain text between non-overlapping marks (start, end, piece-template), in order."""
    pieces, at = [], 0
    for start, end, template in marks:
        if start > at:
            pieces.append(Piece(text[at:start]))
        template.text = text[start:end]
        pieces.append(template)
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


def build(
    report: dict, text: str, sources: dict[str, SourceView]
) -> tuple[list[Piece], list[SourcePanel], list[ParagraphBar]]:
    order = {s["ref"]: i for i, s in enumerate(report["sources"])}
    spans = report["spans"]
    panels: list[SourcePanel] = []
    twin_of_span: dict[int, str] = {}
    for i, s in enumerate(report["sources"]):
        view = sources.get(s["ref"])
        panel = SourcePanel(
            index=i,
            ref=s["ref"],
            title=(view.title if view else ""),
            site=(view.site if view else ""),
            url=(view.url if view else ""),
            link=(view.link if view else ""),
            hidden=view is None or view.text is None,
            own=s["own"],
            ratio=s["ratio"],
            copied_chars=s["copied_chars"],
            attributed_chars=s["attributed_chars"],
            colour=i % PALETTE_SIZE,
        )
        if not panel.hidden:
            marks, reach = [], 0
            mine = sorted(
                (k for k, sp in enumerate(spans) if sp["ref"] == s["ref"]),
                key=lambda k: (spans[k]["source_start"], spans[k]["source_end"]),
            )
            for k in mine:
                start, end = max(spans[k]["source_start"], reach), spans[k]["source_end"]
                if end <= start:  # wholly inside an earlier mark: point at that one
                    twin_of_span[k] = marks[-1][2].twin
                    continue
                element = f"src{i}-{k}"
                marks.append(
                    (
                        start,
                        end,
                        Piece("", colour=panel.colour, quoted=spans[k]["quoted"], twin=element),
                    )
                )
                twin_of_span[k] = element
                reach = end
            panel.pieces = _cut(view.text, marks)
        panels.append(panel)

    left_marks = []
    for p in report["passages"]:
        source = order[p["ref"]]
        twin = ""
        for k, sp in enumerate(spans):
            if sp["ref"] == p["ref"] and sp["start"] <= p["start"] < sp["end"]:
                twin = twin_of_span.get(k, "")
                break
        left_marks.append(
            (
                p["start"],
                p["end"],
                Piece(
                    "",
                    colour=source % PALETTE_SIZE,
                    quoted=p["quoted"],
                    twin=twin,
                    source=source,
                    also=len(p["refs"]) - 1,
                ),
            )
        )
    left = _cut(text, sorted(left_marks, key=lambda m: m[0]))

    bars = [
        ParagraphBar(
            number=para["index"] + 1,
            preview=" ".join(text[para["start"] : para["end"]].split())[:24],
            ratio=para["ratio"],
            copied_chars=para["copied_chars"],
            total_chars=para["total_chars"],
        )
        for para in report["paragraphs"]
    ]
    return left, panels, bars
