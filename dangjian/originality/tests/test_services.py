"""The service the study system calls: index a submission, check it. Exact ratios."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.originality import index, rules, services
from dangjian.originality.models import Check, SourceDocument, Submission
from dangjian.originality.tests.texts import cjk
from textreuse.loaders import SourceText

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "corpus-sample"


def run_check(actor, submission, django_capture_on_commit_callbacks) -> Check:
    with django_capture_on_commit_callbacks(execute=True):
        check = services.check_request(actor=actor, submission=submission)
    check.refresh_from_db()
    assert check.status == Check.Status.DONE, check.error
    return check


@pytest.fixture
def source_text():
    return cjk(400, seed=1)


@pytest.fixture
def corpus(db, source_text):
    services.corpus_import([SourceText(ref="web/essay-a.txt", text=source_text, title="范文甲")])
    return source_text


def test_planted_copy_gives_exact_ratios(county, corpus, django_capture_on_commit_callbacks):
    copied = corpus[50:80]  # 30 characters
    text = cjk(100, seed=2) + copied + cjk(100, seed=3)
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="心得", text=text
    )
    check = run_check(county.secretary_a, submission, django_capture_on_commit_callbacks)
    assert (check.copied_chars, check.total_chars) == (30, 230)
    assert check.total_ratio == pytest.approx(30 / 230)
    assert check.max_single_source_ratio == pytest.approx(30 / 230)
    span = check.report["spans"][0]
    assert (span["start"], span["end"], span["ref"]) == (100, 130, "web/essay-a.txt")
    assert corpus[span["source_start"] : span["source_end"]] == copied


def test_quoted_copy_counts_in_total_not_in_excluding_quotes(
    county, corpus, django_capture_on_commit_callbacks
):
    text = cjk(100, seed=4) + "“" + corpus[200:240] + "”" + cjk(60, seed=5) + corpus[300:320]
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="引用", text=text
    )
    check = run_check(county.secretary_a, submission, django_capture_on_commit_callbacks)
    total = 100 + 40 + 60 + 20
    assert (check.copied_chars, check.total_chars) == (60, total)
    assert check.ratio_excluding_quotes == pytest.approx(20 / total)
    assert [s["quoted"] for s in check.report["spans"]] == [True, False]


def test_own_earlier_text_is_own_and_a_colleagues_is_copying(
    county, django_capture_on_commit_callbacks
):
    earlier = cjk(200, seed=6)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_a1,
            title="初稿",
            text=earlier,
            author=county.person_a,
            index_it=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title="同事",
            text=cjk(200, seed=7),
            author=county.person_b,
            index_it=True,
        )
    colleague = Submission.objects.unscoped("test").get(title="同事").text
    text = earlier[:50] + cjk(50, seed=8) + colleague[:25]
    with django_capture_on_commit_callbacks(execute=True):
        revised = services.submission_create(
            actor=county.superuser,
            org=county.village_a1,
            title="修改稿",
            text=text,
            author=county.person_a,
            index_it=True,
        )
    check = run_check(county.superuser, revised, django_capture_on_commit_callbacks)
    assert check.total_ratio == pytest.approx(75 / 125)
    assert check.ratio_excluding_own == pytest.approx(25 / 125)
    own = {s["ref"]: s["own"] for s in check.report["sources"]}
    assert own == {
        f"submission:{Submission.objects.unscoped('test').get(title='初稿').pk}": True,
        f"submission:{Submission.objects.unscoped('test').get(title='同事').pk}": False,
    }


def test_the_checked_submission_is_not_its_own_source(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = services.submission_create(
            actor=county.superuser,
            org=county.village_a1,
            title="笔记",
            text=cjk(300, seed=9),
            author=county.person_a,
            index_it=True,
        )
    check = run_check(county.superuser, note, django_capture_on_commit_callbacks)
    assert check.copied_chars == 0 and check.report["sources"] == []


def test_twelve_characters_are_not_a_copy(county, corpus, django_capture_on_commit_callbacks):
    text = cjk(100, seed=10) + corpus[10:22] + cjk(100, seed=11)
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="短", text=text
    )
    assert (
        run_check(county.secretary_a, submission, django_capture_on_commit_callbacks).copied_chars
        == 0
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n ", "empty"), ("，。！？……", "no_matching_chars")],
)
def test_bad_texts_are_refused_and_nothing_stored(county, text, message):
    with pytest.raises(ValidationError) as info:
        services.submission_create(
            actor=county.secretary_a, org=county.village_a1, title="x", text=text
        )
    assert info.value.message_dict["text"] == [str(services.ERRORS[message])]
    assert not Submission.objects.unscoped("test").exists()


def test_text_over_the_limit_is_refused(county):
    with pytest.raises(ValidationError) as info:
        services.submission_create(
            actor=county.secretary_a,
            org=county.village_a1,
            title="x",
            text="党" * (rules.MAX_TEXT_CHARS + 1),
        )
    assert "200,000" in info.value.message_dict["text"][0]
    assert not Submission.objects.unscoped("test").exists()


def test_other_township_cannot_file_texts(county):
    with pytest.raises(PermissionDenied):
        services.submission_create(
            actor=county.secretary_b, org=county.village_a1, title="x", text="党员"
        )


def test_reindex_rebuilds_the_same_answers(county, corpus, django_capture_on_commit_callbacks):
    text = cjk(50, seed=12) + corpus[100:150]
    first = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="a", text=text
    )
    before = run_check(county.secretary_a, first, django_capture_on_commit_callbacks).report
    index.engine().store.clear()
    assert services.corpus_reindex() == 1
    after = run_check(county.secretary_a, first, django_capture_on_commit_callbacks).report
    assert after["spans"] == before["spans"] and after["total_ratio"] == before["total_ratio"]


def test_corpus_import_skips_exact_duplicates(db, source_text):
    first = services.corpus_import([SourceText(ref="a.txt", text=source_text)])
    again = services.corpus_import([SourceText(ref="b.txt", text="  " + source_text + "\n")])
    assert (first.added, again.added, again.duplicates) == (1, 0, 1)
    assert SourceDocument.objects.count() == 1


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/corpus-sample is absent (only CI and developers have it)"
)
def test_sample_corpus_imports_with_boilerplate_removed(db):
    from textreuse.loaders import iter_sources

    counts = services.corpus_import(iter_sources([str(SHARED)]))
    assert counts.added == 3 and counts.removed_lines > 0
    for doc in SourceDocument.objects.all():
        assert doc.stripped, doc.ref
        assert "http" not in doc.text and "查看更多" not in doc.text
        assert doc.chars > 1000


def test_repeated_and_overlong_refs_are_duplicates_not_crashes(db):
    long_ref = "https://example.cn/" + "x" * 600
    counts = services.corpus_import(
        [
            SourceText(ref="web/a.txt", text=cjk(100, seed=50)),
            SourceText(ref="web/a.txt", text=cjk(100, seed=51)),
            SourceText(ref=long_ref, text=cjk(100, seed=52)),
            SourceText(ref=long_ref + "y", text=cjk(100, seed=53)),
        ]
    )
    assert (counts.added, counts.duplicates) == (2, 2)
    assert SourceDocument.objects.filter(ref=long_ref[:500]).exists()
