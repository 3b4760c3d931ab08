"""The note → check → review → revise → approve flow through the HTTP API, and its bad input."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.notices.models import Notice
from dangjian.originality import services as originality
from dangjian.originality.tests.texts import cjk
from dangjian.study import rules
from dangjian.study.models import Note
from dangjian.study.services import ERRORS
from textreuse.loaders import SourceText

NOTES = "/api/v1/study/notes"
REVIEWS = "/api/v1/study/reviews"
PROGRESS = "/api/v1/study/progress"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.fixture
def web_essay(db) -> str:
    """A corpus document the member copies 300 characters from."""
    text = cjk(2000, seed=11)
    originality.corpus_import([SourceText(ref="web/essay.txt", text=text, title="网文")])
    return text


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def test_paths_are_the_contract():
    from django.urls import reverse

    assert reverse("api:study-note-list") == NOTES
    assert reverse("api:study-note-detail", args=[3]) == f"{NOTES}/3"
    assert reverse("api:study-note-submit", args=[3]) == f"{NOTES}/3/submit"
    assert reverse("api:study-note-review", args=[3]) == f"{NOTES}/3/review"
    assert reverse("api:study-review-list") == REVIEWS
    assert reverse("api:study-progress-list") == PROGRESS


def test_write_submit_return_revise_approve(
    client, county, web_essay, django_capture_on_commit_callbacks
):
    own = cjk(700, seed=12)
    body = own[:300] + web_essay[100:400] + own[300:]
    client.force_login(county.member_a)
    created = client.post(
        NOTES, {"title": "学习笔记", "body": body, "kind": "note"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    note = created.json()
    assert note["status"] == "draft" and note["originality"] is None
    assert note["char_count"] == 1000
    url = f"{NOTES}/{note['id']}"
    patched = client.patch(url, {"body": body + "。，  "}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["char_count"] == 1000

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 202, submitted.content
    first = client.get(url).json()
    assert first["status"] == "submitted" and first["month"] == this_month()
    figures = first["originality"]
    assert figures["status"] == "done"
    assert figures["total_ratio"] == pytest.approx(0.3, abs=0.01)
    assert figures["ratio_excluding_own"] == pytest.approx(0.3, abs=0.01)
    assert [s["ref"] for s in figures["sources"]] == ["web/essay.txt"]
    assert figures["spans"] and not figures["flagged"]

    client.force_login(county.secretary_a)
    queue = client.get(REVIEWS, {"month": this_month()}).json()
    assert [row["id"] for row in queue["results"]] == [note["id"]]
    assert queue["results"][0]["originality"]["total_ratio"] == figures["total_ratio"]
    with django_capture_on_commit_callbacks(execute=True):
        returned = client.post(
            f"{url}/review",
            {"decision": "return", "grade": "fail", "comment": "请结合本村实际"},
            content_type="application/json",
        )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    notice = Notice.objects.get(recipient=county.member_a)
    assert note["title"] in notice.subject and notice.body == "请结合本村实际"

    client.force_login(county.member_a)
    revised = body + cjk(200, seed=13)
    assert client.patch(url, {"body": revised}, content_type="application/json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}/submit").status_code == 202
    second = client.get(url).json()
    assert second["version"] == 2 and second["status"] == "submitted"
    again = second["originality"]
    # The first version is the author's own earlier text (本人文献): the whole first text is
    # found again, but only the web essay's part stays when own texts are left out.
    assert again["total_ratio"] == pytest.approx(1000 / 1200, abs=0.01)
    assert again["ratio_excluding_own"] == pytest.approx(300 / 1200, abs=0.01)
    assert again["flagged"]

    client.force_login(county.secretary_a)
    approved = client.post(
        f"{url}/review", {"decision": "approve", "grade": "pass"}, content_type="application/json"
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["grade"] == "pass"
    assert client.get(REVIEWS, {"month": this_month()}).json()["results"] == []

    rows = client.get(PROGRESS, {"org": county.village_a1.pk, "month": this_month()}).json()
    row = next(r for r in rows["results"] if r["person"] == county.person_a.pk)
    assert row["note_chars"] == 1200 and row["approved"] == 1 and row["handed_in"]


def _draft(client, county, body="学习体会" * 10) -> int:
    client.force_login(county.member_a)
    response = client.post(
        NOTES, {"title": "笔记", "body": body, "kind": "note"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", str(ERRORS["empty"])),
        ("，。！   \n", str(ERRORS["empty"])),
        ("字" * (rules.NOTE_MAX_CHARS + 1), "50000"),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_saved(client, county, body, message):
    client.force_login(county.member_a)
    response = client.post(NOTES, {"title": "笔记", "body": body}, content_type="application/json")
    assert response.status_code == 400
    assert message in str(response.json()["body"])
    assert not Note.objects.unscoped("test").exists()


def test_unknown_field_is_named(client, county):
    client.force_login(county.member_a)
    response = client.post(
        NOTES, {"title": "笔记", "body": "学习", "author": 9}, content_type="application/json"
    )
    assert response.status_code == 400 and "author" in response.json()


def test_account_without_person_cannot_write(client, county):
    client.force_login(county.secretary_a)
    response = client.post(
        NOTES, {"title": "笔记", "body": "学习"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == str(ERRORS["no_person"])


def test_someone_elses_note_cannot_be_changed_or_submitted(client, county):
    note_id = _draft(client, county)
    # The secretary sees the note (404 would hide nothing) but may not change or submit it.
    client.force_login(county.secretary_a)
    url = f"{NOTES}/{note_id}"
    assert client.patch(url, {"body": "改"}, content_type="application/json").status_code == 403
    assert client.post(f"{url}/submit").status_code == 403
    # Township B's secretary does not see it at all.
    client.force_login(county.secretary_b)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/submit").status_code == 404
    note = Note.objects.unscoped("test").get()
    assert note.status == "draft" and note.body == "学习体会" * 10


def test_reviews_refused_for_draft_own_note_and_out_of_scope(
    client, county, django_capture_on_commit_callbacks
):
    note_id = _draft(client, county)
    url = f"{NOTES}/{note_id}"
    client.force_login(county.secretary_a)
    draft = client.post(
        f"{url}/review", {"decision": "approve", "grade": "pass"}, content_type="application/json"
    )
    assert draft.status_code == 400 and "detail" in draft.json()

    client.force_login(county.member_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}/submit")
    client.force_login(county.secretary_b)
    out = client.post(
        f"{url}/review", {"decision": "approve", "grade": "pass"}, content_type="application/json"
    )
    assert out.status_code == 404
    client.force_login(county.secretary_a)
    no_grade = client.post(
        f"{url}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert no_grade.status_code == 400 and "grade" in no_grade.json()
    no_comment = client.post(
        f"{url}/review", {"decision": "return"}, content_type="application/json"
    )
    assert no_comment.status_code == 400 and "comment" in no_comment.json()
    assert Note.objects.unscoped("test").get().status == "submitted"

    # A reviewer who writes notes never reviews their own.
    reviewer_person = make_person(county.superuser, county.village_a1, "书记甲")
    reviewer_person.user = county.secretary_a
    reviewer_person.save()
    client.force_login(county.secretary_a)
    mine = client.post(
        NOTES, {"title": "书记笔记", "body": "学习" * 50}, content_type="application/json"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{NOTES}/{mine.json()['id']}/submit")
    own = client.post(
        f"{NOTES}/{mine.json()['id']}/review",
        {"decision": "approve", "grade": "pass"},
        content_type="application/json",
    )
    assert own.status_code == 403 and own.json()["detail"] == str(ERRORS["own_note"])
    queue = client.get(REVIEWS, {"month": this_month()}).json()["results"]
    assert [row["id"] for row in queue] == [note_id]


def test_progress_needs_an_org_in_reach(client, county):
    client.force_login(county.secretary_b)
    assert client.get(PROGRESS, {"org": county.village_a1.pk}).status_code == 404
    assert client.get(PROGRESS).status_code == 400
    client.force_login(county.member_a)
    assert client.get(PROGRESS, {"org": county.village_a1.pk}).status_code == 403


def test_notes_cannot_be_used_to_probe_hidden_texts(
    client, county, django_capture_on_commit_callbacks
):
    """A submit is a check: a run of short near-identical notes is refused like a run of
    reviewer checks (originality.limits), audited, and nothing of the refused one is filed."""
    from dangjian.orgs.models import AuditEntry
    from dangjian.originality import rules as originality_rules
    from dangjian.study.models import NoteVersion

    client.force_login(county.member_a)
    refused = None
    for i in range(originality_rules.PROBE_RUN + 2):
        created = client.post(
            NOTES,
            {"title": f"试探{i}", "body": "甲镇某村党支部书记的心得" + "的" * (i % 2)},
            content_type="application/json",
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{NOTES}/{created.json()['id']}/submit")
        if response.status_code != 202:
            refused = (i, response)
            break
    assert refused is not None, "a run of probing notes was never refused"
    index, response = refused
    assert index == originality_rules.PROBE_RUN and response.status_code == 403
    assert NoteVersion.objects.unscoped("test").count() == originality_rules.PROBE_RUN
    assert AuditEntry.objects.unscoped("test").filter(action="originality.check.refused").exists()
