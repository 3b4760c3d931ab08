from dangjian.orgs.demo import build_county
from dangjian.originality import demo
from dangjian.originality.models import Check, SourceDocument, Submission


def test_demo_with_synthetic_corpus_files_checked_notes_once(db):
    # The county alone: the study system's demo step would file (and check) notes of its own.
    build_county(orgs=20, members=60, seed=3, password="x", progress=False, app_data=False)
    summary = demo.build(corpus_path=None)
    assert summary.corpus_added == demo.SYNTHETIC_ESSAYS == SourceDocument.objects.count()
    assert (
        summary.notes
        == Submission.objects.unscoped("test").count()
        == Check.objects.unscoped("test").count()
        == 3
    )
    for check in Check.objects.unscoped("test").all():
        assert check.status == "done" and check.copied_chars > 0
    assert demo.build(corpus_path=None) == demo.DemoSummary(0, 0, 0)
    assert Submission.objects.unscoped("test").count() == 3


def test_synthetic_essays_are_deterministic():
    assert demo.synthetic_essays(3, seed=5) == demo.synthetic_essays(3, seed=5)
    assert demo.synthetic_essays(3, seed=5) != demo.synthetic_essays(3, seed=6)
