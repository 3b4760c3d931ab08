"""Each selector of dangjian.originality, read as township B: none of township A's texts.

Submissions and checks exist in both townships (and two authors in village A1), so each
"must not see" below can fail.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.originality import selectors, services
from dangjian.originality.models import Check, SourceDocument
from dangjian.originality.tests.texts import cjk
from textreuse.loaders import SourceText

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(county, both_townships):
    su = county.superuser
    services.corpus_import([SourceText(ref="web/essay.txt", text=cjk(200, seed=9), title="范文")])

    def note(org, title, author=None):
        submission = services.submission_create(
            actor=su, org=org, title=title, text=cjk(80, seed=len(title)), author=author
        )
        submission.index_ref = services.submission_ref(submission)
        submission.save(update_fields=["index_ref"])
        check = Check.objects.create(submission=submission, requested_by=su)
        return submission, check

    return {
        "a": note(county.village_a1, "甲镇心得", author=county.person_a),
        "a2": note(county.village_a1, "甲镇另一篇心得", author=both_townships.person_a2),
        "b": note(county.village_b1, "乙镇心得", author=county.person_b),
    }


EVERY_TITLE = {"甲镇心得", "甲镇另一篇心得", "乙镇心得"}


def titles(checks) -> set[str]:
    return {c.submission.title for c in checks}


def test_the_fixture_holds_checks_of_both_townships(county, notes):
    assert titles(selectors.check_list(county.superuser)) == {
        "甲镇心得",
        "甲镇另一篇心得",
        "乙镇心得",
    }


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_check_list_holds_only_township_b(county, notes, persona):
    user = getattr(county, persona)
    assert titles(selectors.check_list(user)) == {"乙镇心得"}
    # A search that matches both townships' titles.
    assert titles(selectors.check_list(user, q="心得")) == {"乙镇心得"}
    assert not selectors.check_list(user, q="甲镇").exists()


def test_member_sees_only_checks_of_own_texts(county, notes):
    assert titles(selectors.check_list(county.member_a)) == {"甲镇心得"}
    assert titles(selectors.check_list(county.secretary_a)) == {"甲镇心得", "甲镇另一篇心得"}


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_check_get_refuses_township_a(county, notes, persona):
    user = getattr(county, persona)
    _, check_b = notes["b"]
    assert selectors.check_get(user, check_b.pk) == check_b
    for key in ("a", "a2"):
        with pytest.raises(Http404):
            selectors.check_get(user, notes[key][1].pk)


def test_check_get_for_member(county, notes):
    assert selectors.check_get(county.member_a, notes["a"][1].pk) == notes["a"][1]
    with pytest.raises(Http404):
        selectors.check_get(county.member_a, notes["a2"][1].pk)


def test_corpus_is_for_reviewers_only(county, notes):
    doc = SourceDocument.objects.get(ref="web/essay.txt")
    for reviewer in (county.secretary_b, county.inspector_b, county.dept_admin):
        assert [d.ref for d in selectors.corpus_list(reviewer)] == ["web/essay.txt"]
        assert selectors.corpus_get(reviewer, doc.pk) == doc
    with pytest.raises(PermissionDenied):
        selectors.corpus_list(county.member_a)
    with pytest.raises(PermissionDenied):
        selectors.corpus_get(county.member_a, doc.pk)
    with pytest.raises(PermissionDenied):
        selectors.require_reviewer(county.member_a)


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_sources_for_report_show_only_township_bs_texts(county, notes, persona):
    user = getattr(county, persona)
    refs = ["web/essay.txt", *(notes[key][0].index_ref for key in ("a", "a2", "b"))]
    views = selectors.sources_for_report(user, refs)
    b = notes["b"][0]
    assert set(views) == {"web/essay.txt", b.index_ref}
    assert views[b.index_ref].text == b.text
    assert views["web/essay.txt"].text


def test_sources_for_report_for_member_and_county(county, notes):
    refs = [notes[key][0].index_ref for key in ("a", "a2", "b")]
    assert set(selectors.sources_for_report(county.member_a, refs)) == {notes["a"][0].index_ref}
    assert set(selectors.sources_for_report(county.dept_admin, refs)) == set(refs)
