"""The command line, as a subprocess and in-process, on a small corpus."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from textreuse import SQLStore, cli
from textreuse.normalize import normalize

from .conftest import REPO_ROOT, SAMPLE_FILES
from .test_engine import filler, src

A, B, C, D = src(501, 300), src(502, 300), src(503, 300), src(504, 300)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path holding corpus/a.txt (with site lines), corpus/sub/b.txt (GB18030),
    corpus/dup.txt (a duplicate of a.txt), docs.jsonl and the query q.txt."""
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text(
        "相关文章\n" + A[:150] + "\n" + A[150:] + "\n查看更多\n", encoding="utf-8"
    )
    (tmp_path / "corpus" / "sub" / "b.txt").write_bytes(B.encode("gb18030"))
    (tmp_path / "corpus" / "dup.txt").write_text(A[:150] + "\n" + A[150:], encoding="utf-8")
    lines = [
        {"title": "C title", "text": C, "url": "https://example.org/c"},
        {"title": "D title", "text": D, "id": 42},
        {"title": "blank", "text": "  ", "id": "blank"},
    ]
    (tmp_path / "docs.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    query = (
        filler(1, 40)
        + "。"
        + A[10:60]
        + "，"
        + filler(2, 30)
        + "“"
        + C[100:130]
        + "”"
        + filler(3, 20)
        + B[200:240]
        + filler(4, 40)
        + D[0:13]
        + filler(5, 30)
    )
    (tmp_path / "q.txt").write_bytes(query.encode("gb18030"))
    (tmp_path / "plain.txt").write_text(filler(6, 100), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "textreuse", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def in_process(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


INDEX_ARGS = ("index", "idx.db", "corpus", "docs.jsonl")


def _check_json(data: dict, corpus: Path) -> None:
    for key in (
        "total_chars",
        "copied_chars",
        "total_ratio",
        "ratio_excluding_quotes",
        "ratio_excluding_own",
        "max_single_source_ratio",
        "sources",
        "spans",
    ):
        assert key in data
    query = (corpus / "q.txt").read_bytes().decode("gb18030")
    assert data["total_chars"] == len(normalize(query).text) == 293
    assert data["copied_chars"] == 50 + 30 + 40 + 13
    assert data["total_ratio"] == 133 / 293
    assert data["ratio_excluding_quotes"] == 103 / 293
    assert data["ratio_excluding_own"] == data["total_ratio"]
    assert data["max_single_source_ratio"] == 50 / 293
    a_ref = os.path.join("corpus", "a.txt")
    b_ref = os.path.join("corpus", "sub", "b.txt")
    sources = {s["ref"]: s for s in data["sources"]}
    assert set(sources) == {a_ref, b_ref, "https://example.org/c", "42"}
    assert {r: s["copied_chars"] for r, s in sources.items()} == {
        a_ref: 50,
        b_ref: 40,
        "https://example.org/c": 30,
        "42": 13,
    }
    assert sources["42"]["title"] == "D title"
    assert all(0.0 <= s["ratio"] <= 1.0 for s in data["sources"])
    store = SQLStore.open(str(corpus / "idx.db"), create=False)
    try:
        from textreuse import Engine

        engine = Engine(store)
        for span in data["spans"]:
            assert set(span) >= {"start", "end", "ref", "source_start", "source_end", "quoted"}
            clean = engine.get(span["ref"]).text
            q_part = query[span["start"] : span["end"]]
            s_part = clean[span["source_start"] : span["source_end"]]
            assert normalize(q_part).text == normalize(s_part).text != ""
            assert span["quoted"] == (span["ref"] == "https://example.org/c")
    finally:
        store.close()


def test_index_and_check_as_subprocess(corpus: Path) -> None:
    done = run(*INDEX_ARGS, cwd=corpus)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "indexed 4 documents (1200 characters); skipped 1 exact duplicates and 1 empty; replaced 0"
    )
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    checked = run("check", "idx.db", "q.txt", "--json", cwd=corpus)
    assert checked.returncode == 0, checked.stderr
    assert len(checked.stdout.strip().splitlines()) == 1
    _check_json(json.loads(checked.stdout), corpus)
    readable = run("check", "idx.db", "q.txt", cwd=corpus)
    assert readable.returncode == 0
    assert "总文字复制比" in readable.stdout and "45.4%" in readable.stdout
    assert os.path.join("corpus", "a.txt") in readable.stdout
    assert "(引用)" in readable.stdout


def test_index_and_check_in_process(corpus: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = in_process(capsys, *INDEX_ARGS)
    assert code == 0 and "indexed 4 documents" in out and err == ""
    code, out, err = in_process(capsys, "check", "idx.db", "q.txt", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    _check_json(data, corpus)
    # Indexing the same inputs again replaces each document by itself.
    code, out, _ = in_process(capsys, *INDEX_ARGS)
    assert code == 0 and "replaced 4" in out
    code, out2, _ = in_process(capsys, "check", "idx.db", "q.txt", "--json")
    assert json.loads(out2)["spans"] == data["spans"]


def test_fail_above(corpus: Path, capsys: pytest.CaptureFixture) -> None:
    assert in_process(capsys, *INDEX_ARGS)[0] == 0
    assert in_process(capsys, "check", "idx.db", "q.txt", "--fail-above", "0.4")[0] == 1
    assert in_process(capsys, "check", "idx.db", "q.txt", "--fail-above", "0.5")[0] == 0
    code = in_process(
        capsys,
        "check",
        "idx.db",
        "q.txt",
        "--fail-above",
        "0.4",
        "--metric",
        "ratio_excluding_quotes",
    )[0]
    assert code == 0  # 103 / 293 = 0.348
    assert run("check", "idx.db", "q.txt", "--fail-above", "0.4", cwd=corpus).returncode == 1
    assert in_process(capsys, "check", "idx.db", "plain.txt", "--fail-above", "0")[0] == 0


def _bad(capsys: pytest.CaptureFixture, *args: str) -> str:
    code, _out, err = in_process(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("textreuse: error: ")
    return lines[0]


def test_bad_input_exits_2(corpus: Path, capsys: pytest.CaptureFixture) -> None:
    assert "no such index" in _bad(capsys, "check", "missing.db", "q.txt")
    assert in_process(capsys, *INDEX_ARGS)[0] == 0
    assert "no such file" in _bad(capsys, "check", "idx.db", "absent.txt")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\xfa\xff\x81")
    assert "cannot decode" in _bad(capsys, "check", "idx.db", "bad.txt")
    (corpus / "empty.txt").write_text("，。\n \u3000", encoding="utf-8")
    assert "no text" in _bad(capsys, "check", "idx.db", "empty.txt")
    (corpus / "zero.txt").write_bytes(b"")
    assert "no text" in _bad(capsys, "check", "idx.db", "zero.txt")
    (corpus / "junk.db").write_bytes(b"not an sqlite file" * 20)
    assert "junk.db" in _bad(capsys, "check", "junk.db", "q.txt")
    conn = sqlite3.connect(corpus / "other.db")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert "not a textreuse index" in _bad(capsys, "check", "other.db", "q.txt")
    assert "not a textreuse index" in _bad(capsys, "index", "other.db", "corpus")
    assert "no such file or directory" in _bad(capsys, "index", "idx.db", "nowhere")
    assert "cannot decode" in _bad(capsys, "index", "idx.db", "bad.txt")
    assert "no text left" in _bad(capsys, "index", "idx.db", "empty.txt")


def test_bad_jsonl_leaves_the_index_untouched(corpus: Path, capsys: pytest.CaptureFixture) -> None:
    assert in_process(capsys, "index", "idx.db", "docs.jsonl")[0] == 0
    (corpus / "broken.jsonl").write_text(
        json.dumps({"text": A, "id": "ok"}) + "\n{not json\n", encoding="utf-8"
    )
    assert "broken.jsonl:2" in _bad(capsys, "index", "idx.db", "corpus", "broken.jsonl")
    store = SQLStore.open("idx.db", create=False)
    assert sorted(store.refs()) == ["42", "https://example.org/c"]
    store.close()
    (corpus / "notext.jsonl").write_text(json.dumps({"id": 1}) + "\n", encoding="utf-8")
    assert "'text'" in _bad(capsys, "index", "idx.db", "notext.jsonl")


def test_bad_arguments_exit_2(corpus: Path) -> None:
    assert run("check", "idx.db", cwd=corpus).returncode == 2
    assert run("check", "a", "b", "--fail-above", "2", cwd=corpus).returncode == 2


def test_stats(corpus: Path, capsys: pytest.CaptureFixture) -> None:
    assert in_process(capsys, *INDEX_ARGS)[0] == 0
    code, out, _ = in_process(capsys, "stats", "idx.db")
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 4 and stats["chars"] == 1200


def test_sample_corpus_through_the_cli(tmp_path: Path, capsys, sample_texts) -> None:
    """Index the scraped samples (read at run time) and check a note that copies one
    paragraph of the second: the copy is attributed to it with exact offsets."""
    code, out, _ = in_process(capsys, "index", str(tmp_path / "s.db"), *map(str, SAMPLE_FILES))
    assert code == 0 and "indexed 3 documents" in out
    paragraph = max(sample_texts[1].split("\n"), key=len)
    note = filler(1, 50) + "\n" + paragraph + "\n" + filler(2, 50)
    (tmp_path / "note.txt").write_text(note, encoding="utf-8")
    code, out, _ = in_process(
        capsys, "check", str(tmp_path / "s.db"), str(tmp_path / "note.txt"), "--json"
    )
    data = json.loads(out)
    assert data["sources"][0]["ref"] == str(SAMPLE_FILES[1])
    start = note.index(paragraph)
    covered = sorted(
        (s["start"], s["end"]) for s in data["spans"] if s["ref"] == str(SAMPLE_FILES[1])
    )
    last = int(normalize(paragraph).offsets[-1])  # the closing 。 is not matched
    assert covered[0][0] == start and covered[-1][1] == start + last + 1
    assert data["copied_chars"] == len(normalize(paragraph).text)


def test_check_reads_a_docx_with_tables_and_footnotes(corpus: Path, capsys) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(filler(1, 20))
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = A[:40]  # a copy inside a table cell
    path = corpus / "q.docx"
    document.save(path)
    # A footnote part, as Word writes it, holding another copy.
    import zipfile

    footnotes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:footnote><w:p><w:r><w:t>{C[:30]}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("word/footnotes.xml", footnotes)
    db = str(corpus / "idx.db")
    assert cli.main(["index", db, str(corpus / "corpus"), str(corpus / "docs.jsonl")]) == 0
    capsys.readouterr()
    assert cli.main(["check", db, str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["copied_chars"] == 70 and out["total_chars"] == 90
    (corpus / "bad.docx").write_bytes(b"not a zip")
    assert cli.main(["check", db, str(corpus / "bad.docx")]) == 2
    assert "not a readable .docx" in capsys.readouterr().err
