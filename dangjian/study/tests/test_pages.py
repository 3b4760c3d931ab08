"""The note pages: writing (form, autosave, upload), submitting, reviewing; their bad input."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from dangjian.study import services
from dangjian.study.models import Note, NoteVersion


def _docx(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_first_autosave_creates_the_draft_and_says_where_it_lives(client, county):
    client.force_login(county.member_a)
    response = client.post(
        reverse("study:note-new"),
        {"title": "笔记", "kind": "note", "body": "学习党章，"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 201
    note = Note.objects.unscoped("test").get()
    assert response["X-Edit-Url"] == reverse("study:note-edit", args=[note.pk])
    assert response["X-Autosave-Url"] == reverse("study:note-autosave", args=[note.pk])
    assert note.char_count == 4 and note.status == "draft"

    saved = client.post(response["X-Autosave-Url"], {"title": "笔记", "body": "学习党章全文"})
    assert saved.status_code == 200 and "6" in saved.content.decode()
    note.refresh_from_db()
    assert note.body == "学习党章全文" and note.char_count == 6


def test_autosave_refuses_without_title_and_keeps_the_draft(client, county):
    note = services.note_create(actor=county.member_a, title="笔记", body="原文")
    client.force_login(county.member_a)
    url = reverse("study:note-autosave", args=[note.pk])
    assert client.post(url, {"title": "", "body": "新文"}).status_code == 400
    note.refresh_from_db()
    assert note.body == "原文"


def test_upload_fills_the_note_from_a_docx(client, county):
    client.force_login(county.member_a)
    upload = SimpleUploadedFile("心得.docx", _docx("学习贯彻全会精神心得"))
    response = client.post(
        reverse("study:note-new"), {"title": "心得", "kind": "reflection", "file": upload}
    )
    assert response.status_code == 302
    note = Note.objects.unscoped("test").get()
    assert note.kind == "reflection" and note.body.strip() == "学习贯彻全会精神心得"


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("笔记.pdf", b"%PDF-1.4", "file"),  # wrong type
        ("笔记.docx", b"PK\x03\x04 not really a zip", "file"),  # damaged .docx
        ("笔记.txt", b"\x00\x01\x02binary", "file"),  # binary posing as text
    ],
)
def test_bad_uploads_say_why_and_save_nothing(client, county, name, content, field):
    client.force_login(county.member_a)
    response = client.post(
        reverse("study:note-new"),
        {"title": "笔记", "kind": "note", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert name in str(response.context["form"].errors[field])
    assert not Note.objects.unscoped("test").exists()


def test_empty_note_is_not_submitted(client, county):
    note = services.note_create(actor=county.member_a, title="笔记", body="原文")
    services.note_update(actor=county.member_a, note=note, title="笔记", body="  。。 ")
    client.force_login(county.member_a)
    response = client.post(reverse("study:note-submit", args=[note.pk]), follow=True)
    assert str(services.ERRORS["empty"]) in response.content.decode()
    note.refresh_from_db()
    assert note.status == "draft"
    assert not NoteVersion.objects.unscoped("test").exists()


def test_review_page_shows_figures_and_refuses_a_return_without_comment(
    client, county, django_capture_on_commit_callbacks
):
    note = services.note_create(actor=county.member_a, title="笔记", body="学习体会" * 40)
    with django_capture_on_commit_callbacks(execute=True):
        services.note_submit(actor=county.member_a, note=note)
    client.force_login(county.secretary_a)
    url = reverse("study:note-review", args=[note.pk])
    page = client.get(url).content.decode()
    assert 'data-figure="total_ratio"' in page and 'data-figure="ratio_excluding_own"' in page
    response = client.post(url, {"decision": "return", "grade": "", "comment": " "})
    assert response.status_code == 200
    assert str(services.ERRORS["comment_needed"]) in response.content.decode()
    note.refresh_from_db()
    assert note.status == "submitted"


def test_member_cannot_open_the_review_page_of_their_own_note(client, county):
    note = services.note_create(actor=county.member_a, title="笔记", body="学习体会" * 40)
    services.note_submit(actor=county.member_a, note=note)
    client.force_login(county.member_a)
    assert client.get(reverse("study:note-review", args=[note.pk])).status_code == 403


def test_month_status_lists_who_has_not_handed_in(client, county, both_townships):
    note = services.note_create(actor=county.member_a, title="笔记", body="学习体会" * 40)
    services.note_submit(actor=county.member_a, note=note)
    client.force_login(county.secretary_a)
    base = reverse("study:month-status") + f"?org={county.village_a1.pk}"
    missing = client.get(base + "&show=missing").content.decode()
    assert both_townships.person_a2.name in missing and county.person_a.name not in missing
    handed = client.get(base + "&show=under").content.decode()
    # 160 characters is under the 5,000 target: listed as under target.
    assert county.person_a.name in handed
    assert client.get(base + "&month=2026-13").status_code == 404


def test_queue_points_to_notes_still_waiting_from_earlier_months(client, county):
    note = services.note_create(actor=county.member_a, title="上月笔记", body="学习体会" * 40)
    services.note_submit(actor=county.member_a, note=note)
    Note.objects.unscoped("test").filter(pk=note.pk).update(month="2026-01-01")
    client.force_login(county.secretary_a)
    page = client.get(reverse("study:review-queue") + "?month=2026-03").content.decode()
    assert "?month=2026-01" in page and "上月笔记" not in page
    assert (
        "上月笔记" in client.get(reverse("study:review-queue") + "?month=2026-01").content.decode()
    )
    client.force_login(county.secretary_b)
    page = client.get(reverse("study:review-queue") + "?month=2026-03").content.decode()
    assert "?month=2026-01" not in page


def test_study_home_shows_the_next_session_of_the_members_chain(client, county):
    import datetime

    from django.utils import timezone

    from dangjian.study.models import StudySession

    start = timezone.now() + datetime.timedelta(days=2)
    for org, theme in ((county.township_a, "甲镇集中学习"), (county.township_b, "乙镇集中学习")):
        StudySession.objects.create(
            org=org,
            kind="study",
            theme=theme,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
        )
    client.force_login(county.member_a)
    page = client.get(reverse("study:home")).content.decode()
    assert "甲镇集中学习" in page and "乙镇集中学习" not in page
