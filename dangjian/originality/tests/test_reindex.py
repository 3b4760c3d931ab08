"""Re-indexing builds a new index beside the live one: checks during a rebuild stay complete."""

from __future__ import annotations

from dangjian.originality import index, services
from dangjian.originality.tests.texts import cjk
from textreuse.loaders import SourceText


def test_checks_during_a_rebuild_answer_from_the_complete_old_index(db):
    sources = [SourceText(ref=f"web/{n}.txt", text=cjk(400, seed=100 + n)) for n in range(30)]
    services.corpus_import(sources)
    probe = sources[-1].text[50:150]  # copied from the last document, the one rebuilt last
    seen_during: list[int] = []

    def progress(_n: int) -> None:
        # Mid-rebuild, the live index must still know every document and find the copy.
        report = index.engine().check(cjk(40, seed=999) + probe)
        seen_during.append(report.copied_chars)

    assert services.corpus_reindex(progress=progress) == 30
    assert seen_during and set(seen_during) == {100}
    assert index.engine().check(cjk(40, seed=999) + probe).copied_chars == 100
    assert len(index.engine()) == 30
