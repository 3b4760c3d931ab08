"""Turns a stored report into what the report page draws: the listed sources (a mirror
group once, folded ones apart, each with its own colour), the checked text cut into plain,
copied and edited (疑似改写) pieces, and each listed source's text with their twins."""

from __future__ import annotations

from dataclasses import dataclass, field

from dangjian.originality import parts as doc_parts
from dangjian.originality.selectors import SourceView

# Colours are generated, not picked from a list: the n-th listed source gets the hue
# n × the golden angle, which keeps every pair of neighbours far apart on the colour wheel
# however many sources a report lists (a fixed list of 8 repeated colours at 26 sources).
GOLDEN_ANGLE = 137.508


def hue(index: int) -> int:
    return round(index * GOLDEN_ANGLE) % 360


@dataclass
class Piece:
    text: str
    hue: int | None = None  # None: neither copied nor edited
    quoted: bool = False
    edited: bool = False  # 疑似改写: an edited copy, not a verbatim run
    similarity: float = 1.0
    labelled: bool = False  # the first piece of an edited passage shows its similarity
    twin: str = ""  # element id of the twin in a source panel
    source: int | None = None  # index of the listed source (its panel)
    also: int = 0  # how many other sources share this passage


@dataclass(frozen=True)
class Mirror:
    """Another copy of a listed source's text (the same essay on another site)."""

    ref: str
    title: str
    site: str
    url: str
    hidden: bool


@dataclass
class SourceEntry:
    """One listed source: a group of mirrors, or a source found only as an edited copy."""

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
    hue: int | None  # None: folded (nothing credited), drawn grey
    folded: bool = False
    mirrors: list[Mirror] = field(default_factory=list)
    edited_chars: int = 0
    similarity: float | None = None  # best similarity of its edited passages
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class ParagraphBar:
    number: int
    preview: str
    ratio: float
    copied_chars: int
    total_chars: int

    @property
    def percent(self) -> int:
        return round(100 * self.copied_chars / self.total_chars) if self.total_chars else 0


@dataclass
class PartPassage:
    """A copied or edited passage found in a part of an uploaded .docx."""

    text: str
    source: SourceEntry | None  # None: credited to a source not listed (cannot happen)
    chars: int
    edited: bool
    similarity: float


@dataclass
class PartRow:
    """One kind of part of an uploaded .docx (all its tables, all its footnotes, ...)."""

    kind: str
    label: str
    chars: int
    copied_chars: int
    edited_chars: int
    passages: list[PartPassage] = field(default_factory=list)


@dataclass
class ReportPage:
    left: list[Piece]
    sources: list[SourceEntry]  # listed, ordered by credited characters
    folded: list[SourceEntry]  # sharing characters, none credited: folded away
    bars: list[ParagraphBar]
    edited_ratio: float | None  # 疑似改写比; None for a report stored before it existed
    first_panel: int | None  # the source panel shown before any tap
    parts: list[PartRow] = field(default_factory=list)  # of an uploaded .docx


def _groups(report: dict) -> list[dict]:
    """The report's mirror groups; a report stored before grouping gets one per source."""
    if "source_groups" in report:
        return report["source_groups"]
    return [
        s
        | {"refs": [s["ref"]], "sites": [s["site"]], "mirrors": 0}
        | {"folded": s["attributed_chars"] == 0}
        for s in report["sources"]
    ]


def _entry(index: int, group: dict, sources: dict[str, SourceView], colour: bool) -> SourceEntry:
    view = sources.get(group["ref"])
    visible = view is not None and view.text is not None
    mirrors = []
    for ref in group["refs"][1:]:
        other = sources.get(ref)
        if other is None:
            mirrors.append(Mirror(ref, "", "", "", True))
        else:
            mirrors.append(Mirror(ref, other.title, other.site, other.url, False))
    return SourceEntry(
        index=index,
        ref=group["ref"],
        title=view.title if visible else "",
        site=view.site if visible else "",
        url=view.url if visible else "",
        link=view.link if visible else "",
        hidden=not visible,
        own=group["own"],
        ratio=group["ratio"],
        copied_chars=group["copied_chars"],
        attributed_chars=group["attributed_chars"],
        hue=hue(index) if colour else None,
        folded=group["folded"],
        mirrors=mirrors,
    )


def _free(taken: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) not inside any interval of `taken` (sorted, disjoint)."""
    parts, at = [], start
    for a, b in taken:
        if b <= at or a >= end:
            continue
        if a > at:
            parts.append((at, a))
        at = max(at, b)
    if at < end:
        parts.append((at, end))
    return parts


def _insert(taken: list[tuple[int, int]], parts: list[tuple[int, int]]) -> None:
    taken.extend(parts)
    taken.sort()


def _cut(text: str, marks: list[tuple[int, int, Piece]]) -> list[Piece]:
    """Plain text between non-overlapping marks (start, end, piece-template), in order."""
    pieces, at = [], 0
    for start, end, template in sorted(marks, key=lambda m: m[0]):
        if start > at:
            pieces.append(Piece(text[at:start]))
        template.text = text[start:end]
        pieces.append(template)
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


def _panel(entry: SourceEntry, text: str, spans: list[dict], edited: list[dict]) -> dict:
    """Marks the entry's text with the twins of its exact spans first, then of its edited
    spans where no exact span lies; returns the element id of each span's twin."""
    marks: list[tuple[int, int, Piece]] = []
    taken: list[tuple[int, int]] = []
    twins: dict[tuple[str, int], str] = {}
    mine = sorted(
        (k for k, sp in enumerate(spans) if sp["ref"] == entry.ref),
        key=lambda k: (spans[k]["source_start"], spans[k]["source_end"]),
    )
    for k in mine:
        sp = spans[k]
        parts = _free(taken, sp["source_start"], sp["source_end"])
        if not parts:  # wholly inside an earlier mark: point at that one
            start = sp["source_start"]
            twins["exact", k] = next((m.twin for a, b, m in marks if a <= start < b), "")
            continue
        for n, (a, b) in enumerate(parts):
            element = f"src{entry.index}-{k}" + (f"-{n}" if n else "")
            marks.append((a, b, Piece("", entry.hue, quoted=sp["quoted"], twin=element)))
            twins.setdefault(("exact", k), element)
        _insert(taken, parts)
    for k, sp in enumerate(edited):
        if sp["ref"] != entry.ref:
            continue
        for n, (a, b) in enumerate(_free(taken, sp["source_start"], sp["source_end"])):
            element = f"src{entry.index}-e{k}-{n}"
            marks.append((a, b, Piece("", entry.hue, edited=True, twin=element)))
            twins.setdefault(("edited", k), element)
            _insert(taken, [(a, b)])
    entry.pieces = _cut(text, marks)
    return twins


def build(report: dict, text: str, sources: dict[str, SourceView]) -> ReportPage:
    groups = _groups(report)
    listed = [g for g in groups if not g["folded"]]
    entries = [_entry(i, g, sources, colour=True) for i, g in enumerate(listed)]
    folded = [_entry(len(entries) + i, g, sources, colour=False) for i, g in enumerate(groups)]
    folded = [e for e in folded if e.folded]
    entry_of = {ref: entries[i] for i, g in enumerate(listed) for ref in g["refs"]}
    for edited_source in report.get("edited_sources", []):
        entry = entry_of.get(edited_source["ref"])
        if entry is None:  # found only as an edited copy: listed after the exact sources
            entry = _entry(
                len(entries),
                {
                    "ref": edited_source["ref"],
                    "refs": [edited_source["ref"]],
                    "own": edited_source["own"],
                    "ratio": 0.0,
                    "copied_chars": 0,
                    "attributed_chars": 0,
                    "folded": False,
                },
                sources,
                colour=True,
            )
            entries.append(entry)
            entry_of[entry.ref] = entry
        entry.edited_chars += edited_source["edited_chars"]
        entry.similarity = max(entry.similarity or 0.0, edited_source["similarity"])

    spans, edited = report["spans"], report.get("edited_spans", [])
    twins: dict[tuple[str, int], str] = {}
    for entry in entries:
        view = sources.get(entry.ref)
        if not entry.hidden and view is not None and view.text is not None:
            twins |= _panel(entry, view.text, spans, edited)

    left_marks: list[tuple[int, int, Piece]] = []
    taken: list[tuple[int, int]] = []
    for p in report["passages"]:
        entry = entry_of.get(p["ref"])
        if entry is None:  # credited to a folded source: cannot happen, drawn plain if it did
            continue
        left_marks.append(
            (
                p["start"],
                p["end"],
                Piece(
                    "",
                    entry.hue,
                    quoted=p["quoted"],
                    twin=_passage_twin(p, entry, spans, twins),
                    source=entry.index,
                    also=len(p["refs"]) - 1,
                ),
            )
        )
        taken.append((p["start"], p["end"]))
    taken.sort()
    for k, sp in enumerate(edited):
        entry = entry_of.get(sp["ref"])
        for n, (a, b) in enumerate(_free(taken, sp["start"], sp["end"]) if entry else []):
            piece = Piece("", entry.hue, edited=True, similarity=sp["similarity"], labelled=not n)
            piece.twin, piece.source = twins.get(("edited", k), ""), entry.index
            left_marks.append((a, b, piece))
            _insert(taken, [(a, b)])

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
    shown = [e.index for e in entries if not e.hidden]
    return ReportPage(
        _cut(text, left_marks),
        entries,
        folded,
        bars,
        report.get("edited_ratio"),
        shown[0] if shown else None,
        _parts(report, text, entry_of),
    )


def _parts(report: dict, text: str, entry_of: dict[str, SourceEntry]) -> list[PartRow]:
    """The .docx parts holding text, each with the passages found in it."""
    rows = {
        row["kind"]: PartRow(
            row["kind"],
            doc_parts.label([row["kind"]]),
            row["chars"],
            row["copied_chars"],
            row["edited_chars"],
        )
        for row in report.get("document_parts", [])
    }
    found = [(p, False) for p in report["passages"]]
    found += [(sp, True) for sp in report.get("edited_spans", [])]
    for item, edited in sorted(found, key=lambda f: f[0]["start"]):
        for kind in item.get("parts", []):
            if kind in rows:
                rows[kind].passages.append(
                    PartPassage(
                        " ".join(text[item["start"] : item["end"]].split()),
                        entry_of.get(item["ref"]),
                        item["chars"],
                        edited,
                        item.get("similarity", 1.0),
                    )
                )
    return list(rows.values())


def _passage_twin(
    passage: dict, entry: SourceEntry, spans: list[dict], twins: dict[tuple[str, int], str]
) -> str:
    """The twin in the entry's panel: the credited source's span if the panel shows that
    source, else the span of the group's listed copy (a mirror) covering the passage."""
    for ref in (passage["ref"], entry.ref):
        for k, sp in enumerate(spans):
            if sp["ref"] == ref and sp["start"] <= passage["start"] < sp["end"]:
                twin = twins.get(("exact", k), "")
                if twin:
                    return twin
    return ""
