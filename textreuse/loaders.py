"""Reading input files for the CLI: .txt (UTF-8 or GB18030), folders, .jsonl."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit


class InputError(Exception):
    """Bad input: missing, undecodable or malformed file (the CLI exits 2)."""


@dataclass(frozen=True)
class SourceText:
    ref: str
    text: str
    title: str = ""
    url: str = ""
    site: str = ""
    explicit: bool = True  # named on the command line (not found in a folder)


def decode_bytes(data: bytes, name: str = "input") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; strict."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        # Valid UTF-8 is almost never valid-looking GB18030 by accident, so UTF-8 first.
        encodings = ["utf-8", "gb18030"]
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name}: cannot decode as UTF-8 or GB18030")


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    return decode_bytes(data, path)


def first_line(text: str, limit: int = 100) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:limit]
    return ""


def _site_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def iter_jsonl(path: str, explicit: bool = True) -> Iterator[SourceText]:
    text = read_text(path)
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object")
        body = obj.get("text")
        if not isinstance(body, str):
            raise InputError(f"{path}:{lineno}: missing string field 'text'")
        url = obj.get("url") if isinstance(obj.get("url"), str) else ""
        ident = obj.get("id")
        ref = url or (str(ident) if ident not in (None, "") else f"{path}#{lineno}")
        title = obj.get("title") if isinstance(obj.get("title"), str) else ""
        site = obj.get("site") if isinstance(obj.get("site"), str) else _site_of(url)
        yield SourceText(ref, body, title, url, site, explicit=False)


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith((".txt", ".jsonl")):
                yield os.path.join(root, name)


def check_paths(paths: list[str]) -> None:
    for p in paths:
        if not os.path.exists(p):
            raise InputError(f"{p}: no such file or directory")


def iter_sources(paths: list[str]) -> Iterator[SourceText]:
    """Documents from files and folders; refs are paths as given (or url/id for .jsonl)."""
    for p in paths:
        if os.path.isdir(p):
            for f in _walk(p):
                yield from _file_sources(f, explicit=False)
        else:
            yield from _file_sources(p, explicit=True)


def _file_sources(path: str, explicit: bool) -> Iterator[SourceText]:
    if path.lower().endswith(".jsonl"):
        yield from iter_jsonl(path, explicit)
    else:
        yield SourceText(path, read_text(path), explicit=explicit)
