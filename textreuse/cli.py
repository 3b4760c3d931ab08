"""Command line: ``textreuse index DB PATH...`` and ``textreuse check DB FILE``.

Exit codes: 0 success (whatever the ratio), 1 ratio above ``--fail-above``,
2 bad input (missing or undecodable file, empty text, DB absent or not an index).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence

from .boilerplate import strip_boilerplate
from .docx import DocxError, docx_text, is_docx
from .engine import DocumentInput, Engine
from .loaders import InputError, SourceText, check_paths, decode_bytes, first_line, iter_sources
from .loaders import read_text as _read_text
from .store import StoreError
from .store_sql import SQLStore, is_postgres_url

EXIT_OK, EXIT_ABOVE, EXIT_BAD_INPUT = 0, 1, 2


class _BadInput(Exception):
    pass


def _ratio_arg(value: str) -> float:
    try:
        r = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= r <= 1.0:
        raise argparse.ArgumentTypeError("a ratio between 0 and 1, e.g. 0.3")
    return r


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="textreuse", description="Text-reuse (查重) index and checker."
    )
    sub = p.add_subparsers(dest="command", required=True)

    ix = sub.add_parser("index", help="add .txt files, folders or .jsonl files to an index")
    ix.add_argument("db", metavar="DB", help="SQLite file (created when absent)")
    ix.add_argument("paths", metavar="PATH", nargs="+")
    ix.add_argument("--owner", help="mark every indexed document as this author's own text")
    ix.add_argument(
        "--keep-boilerplate",
        action="store_true",
        help="index the text as it is, without stripping site furniture",
    )

    ck = sub.add_parser("check", help="check a file against an index")
    ck.add_argument("db", metavar="DB", help="SQLite file made by 'textreuse index'")
    ck.add_argument(
        "file", metavar="FILE", help="text file (UTF-8 or GB18030), .docx, or '-' for stdin"
    )
    ck.add_argument("--json", action="store_true", help="one JSON object on stdout")
    ck.add_argument(
        "--fail-above",
        type=_ratio_arg,
        metavar="R",
        help="exit 1 when the ratio (see --metric) is above R",
    )
    ck.add_argument(
        "--metric",
        default="total_ratio",
        choices=[
            "total_ratio",
            "ratio_excluding_quotes",
            "ratio_excluding_own",
            "max_single_source_ratio",
            "edited_ratio",
        ],
        help="ratio compared with --fail-above (default total_ratio)",
    )
    ck.add_argument("--owner", help="author key: indexed documents of this owner are 'own'")
    ck.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="REF",
        help="leave this indexed document out (repeatable)",
    )

    st = sub.add_parser("stats", help="print index statistics as JSON")
    st.add_argument("db", metavar="DB")
    return p


def _open_existing(db: str) -> SQLStore:
    if not is_postgres_url(db) and not os.path.isfile(db):
        raise _BadInput(f"{db}: no such index")
    try:
        return SQLStore.open(db, create=False)
    except StoreError as exc:
        raise _BadInput(f"{db}: {exc}") from None


def _documents(
    paths: list[str], strip: bool, owner: str | None, counts: dict[str, int]
) -> Iterator[DocumentInput]:
    for src in iter_sources(paths):
        text = strip_boilerplate(src.text).text if strip else src.text
        if not text.strip():
            if src.explicit:
                raise InputError(f"{src.ref}: no text left to index")
            counts["empty"] += 1
            continue
        yield DocumentInput(
            src.ref,
            text,
            title=src.title or first_line(text),
            site=src.site,
            url=src.url,
            owner=owner,
        )


def _count_inputs(paths: list[str]) -> int | None:
    # Only for the progress bar's total; jsonl lines are not counted ahead.
    total = 0
    for p in paths:
        if os.path.isdir(p):
            for _root, _dirs, files in os.walk(p):
                total += sum(1 for f in files if f.lower().endswith(".txt"))
        elif p.lower().endswith(".jsonl"):
            return None
        else:
            total += 1
    return total


def cmd_index(args: argparse.Namespace) -> int:
    check_paths(args.paths)
    if not is_postgres_url(args.db) and os.path.isdir(args.db):
        raise _BadInput(f"{args.db}: is a directory, not an index file")
    try:
        store = SQLStore.open(args.db, create=True)
    except StoreError as exc:
        raise _BadInput(f"{args.db}: {exc}") from None
    engine = Engine(store)
    counts = {"indexed": 0, "replaced": 0, "duplicates": 0, "empty": 0, "chars": 0}
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=_count_inputs(args.paths), unit="doc", file=sys.stderr)
    try:
        with store.transaction():  # all or nothing: bad input leaves the index untouched
            batch: list[DocumentInput] = []
            for doc in _documents(args.paths, not args.keep_boilerplate, args.owner, counts):
                batch.append(doc)
                if len(batch) >= 256:
                    _index_batch(engine, batch, counts, progress)
                    batch = []
            _index_batch(engine, batch, counts, progress)
    finally:
        if progress is not None:
            progress.close()
        store.close()
    print(
        f"indexed {counts['indexed']} documents ({counts['chars']} characters); "
        f"skipped {counts['duplicates']} exact duplicates and {counts['empty']} empty; "
        f"replaced {counts['replaced']}"
    )
    return EXIT_OK


def _index_batch(
    engine: Engine, batch: list[DocumentInput], counts: dict[str, int], progress: object
) -> None:
    if not batch:
        return
    for r in engine.add_many(batch, skip_duplicates=True):
        if r.added:
            counts["indexed"] += 1
            counts["chars"] += r.chars
            counts["replaced"] += int(r.replaced)
        elif r.duplicate_of is not None:
            counts["duplicates"] += 1
        else:
            counts["empty"] += 1
    if progress is not None:
        progress.update(len(batch))  # type: ignore[attr-defined]


def _read_query(path: str) -> str:
    if path == "-":
        return decode_bytes(sys.stdin.buffer.read(), "stdin")
    if is_docx(path):
        if not os.path.isfile(path):
            raise _BadInput(f"{path}: no such file")
        try:
            return docx_text(path)
        except DocxError as exc:
            raise _BadInput(f"{path}: not a readable .docx ({exc})") from None
    return _read_text(path)


def cmd_check(args: argparse.Namespace) -> int:
    text = _read_query(args.file)
    store = _open_existing(args.db)
    try:
        report = Engine(store).check(text, owner=args.owner, exclude_refs=args.exclude)
    finally:
        store.close()
    if report.total_chars == 0:
        raise _BadInput(f"{args.file}: no text to check")
    if args.json:
        out = {"file": args.file, **report.to_dict()}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(f"{args.file}\n\n" + report.render_text())
    if args.fail_above is not None and getattr(report, args.metric) > args.fail_above:
        return EXIT_ABOVE
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open_existing(args.db)
    try:
        sys.stdout.write(json.dumps(store.stats(), ensure_ascii=False) + "\n")
    finally:
        store.close()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    commands = {"index": cmd_index, "check": cmd_check, "stats": cmd_stats}
    try:
        return commands[args.command](args)
    except (InputError, _BadInput) as exc:
        print(f"textreuse: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


__all__ = ["SourceText", "main"]
