"""The reviewer's pages: paste/upload a text, the report, bad input, scoping."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.originality import services
from dangjian.originality.models import Check, Submission
from dangjian.originality.tests.texts import cjk
from textreuse.loaders import SourceText

NEW = reverse("originality:check-new")


@pytest.fixture
def corpus(db):
    text = cjk(600, seed=21)
    services.corpus_import(
        [SourceText(ref="web/a.txt", text=text, title="网文一", site="example.cn")]
    )
    return text


def post(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(NEW, data)


def test_paste_and_read_the_report(client, county, corpus, django_capture_on_commit_callbacks):
    client.force_login(county.secretary_a)
    text = cjk(80, seed=22) + corpus[100:160] + "\n\n" + cjk(60, seed=23)
    response = post(
        client,
        {"title": "学习心得", "org": county.village_a1.pk, "text": text},
        django_capture_on_commit_callbacks,
    )
    check = Check.objects.unscoped("test").get()
    assert response.status_code == 302 and response.url == reverse(
        "originality:check-detail", args=[check.pk]
    )
    page = client.get(response.url).content.decode()
    assert "网文一" in page and "30.0%" in page  # 60 of 200 characters
    mark = '<mark class="dj-copy" style="--dj-hue: 0"'
    assert page.count(f'{mark} data-source="0"') == 1  # the copied passage
    assert page.count(f'{mark} id="src0-0"') == 1  # its twin in the source
    assert 'data-twin="src0-0"' in page and 'id="src0-0"' in page


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("note.txt", "党员学习心得体会".encode("gb18030") * 3, 24),
        ("note.txt", "﻿党员学习心得体会".encode(), 8),
    ],
)
def test_text_uploads_are_decoded(
    client, county, corpus, name, content, expected, django_capture_on_commit_callbacks
):
    client.force_login(county.secretary_a)
    upload = SimpleUploadedFile(name, content)
    response = post(
        client, {"org": county.village_a1.pk, "file": upload}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert Check.objects.unscoped("test").get().total_chars == expected


def test_docx_upload(client, county, corpus, django_capture_on_commit_callbacks):
    import docx

    document = docx.Document()
    document.add_paragraph(corpus[:40])
    document.add_paragraph(cjk(40, seed=24))
    buffer = io.BytesIO()
    document.save(buffer)
    client.force_login(county.secretary_a)
    upload = SimpleUploadedFile("心得.docx", buffer.getvalue())
    post(client, {"org": county.village_a1.pk, "file": upload}, django_capture_on_commit_callbacks)
    check = Check.objects.unscoped("test").get()
    assert (check.copied_chars, check.total_chars) == (40, 80)
    assert check.submission.filename == "心得.docx"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "粘贴文本或上传文件"),
        ({"text": "，。、"}, "没有可比对的汉字"),
        ({"file": ("a.pdf", b"%PDF-1.4")}, "只能检测 .txt 和 .docx"),
        ({"file": ("a.docx", b"plain text, not a zip")}, "不是 Word .docx"),
        ({"file": ("a.txt", b"\x00\x01binary")}, "不是文本文件"),
        ({"file": ("a.txt", b"")}, "请粘贴文本或上传文件"),
        ({"text": "党" * 200_001}, "200,000"),
        ({"text": "有文字", "file": ("a.txt", "党员".encode())}, "不能同时"),
    ],
)
def test_bad_input_names_the_problem_and_stores_nothing(
    client, county, data, message, django_capture_on_commit_callbacks
):
    client.force_login(county.secretary_a)
    payload = {"org": county.village_a1.pk, "title": "x"}
    for key, value in data.items():
        payload[key] = SimpleUploadedFile(*value) if key == "file" else value
    response = post(client, payload, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        not Submission.objects.unscoped("test").exists()
        and not Check.objects.unscoped("test").exists()
    )


def test_zip_that_is_not_a_docx(client, county, django_capture_on_commit_callbacks):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hi")
    client.force_login(county.secretary_a)
    response = post(
        client,
        {"org": county.village_a1.pk, "file": SimpleUploadedFile("a.docx", buffer.getvalue())},
        django_capture_on_commit_callbacks,
    )
    assert "不是 Word .docx" in response.content.decode()
    assert not Submission.objects.unscoped("test").exists()


def test_members_may_not_use_the_checker(client, county):
    client.force_login(county.member_a)
    assert client.get(NEW).status_code == 403
    assert client.get(reverse("originality:check-list")).status_code == 403
    assert client.get(reverse("originality:corpus-list")).status_code == 403


def test_report_hides_another_townships_note(client, county, django_capture_on_commit_callbacks):
    """A note in township A copying a colleague's note in township B: A's reviewer sees that
    it is copied, not B's text or title."""
    b_text = cjk(300, seed=25)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title="乙镇机密标题",
            text=b_text,
            author=county.person_b,
            index_it=True,
        )
    client.force_login(county.secretary_a)
    post(
        client,
        {"org": county.village_a1.pk, "title": "甲", "text": cjk(50, seed=26) + b_text[:100]},
        django_capture_on_commit_callbacks,
    )
    check = Check.objects.unscoped("test").get()
    page = client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()
    assert check.copied_chars == 100
    assert "乙镇机密标题" not in page and b_text[150:200] not in page
    assert "其他组织的文本" in page
    client.force_login(county.dept_admin)
    assert (
        "乙镇机密标题"
        in client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()
    )


def test_history_is_scoped_and_query_count_constant(
    client, county, corpus, django_capture_on_commit_callbacks
):
    for org in (county.village_a1, county.village_b1):
        submission = services.submission_create(
            actor=county.superuser, org=org, title=f"稿-{org.code}", text=cjk(40, seed=org.pk)
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.check_request(actor=county.superuser, submission=submission)
    client.force_login(county.secretary_b)
    page = client.get(reverse("originality:check-list")).content.decode()
    assert "稿-B1" in page and "稿-A1" not in page
    url = reverse("originality:check-list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        submission = services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title=f"更多{i}",
            text=cjk(40, seed=100 + i),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.check_request(actor=county.superuser, submission=submission)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_status_polling_while_pending(client, county, corpus):
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="待查", text=cjk(40, seed=30)
    )
    check = Check.objects.create(submission=submission, requested_by=county.secretary_a)
    client.force_login(county.secretary_a)
    url = reverse("originality:check-detail", args=[check.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<html" not in partial
    services.check_run(check)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"


def test_corpus_pages(client, county, corpus):
    client.force_login(county.inspector_b)
    page = client.get(reverse("originality:corpus-list")).content.decode()
    assert "网文一" in page
    from dangjian.originality.models import SourceDocument

    doc = SourceDocument.objects.get()
    assert (
        corpus[:50]
        in client.get(reverse("originality:corpus-detail", args=[doc.pk])).content.decode()
    )


def test_damaged_docx_package(client, county, django_capture_on_commit_callbacks):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types garbage")
    client.force_login(county.secretary_a)
    upload = SimpleUploadedFile("a.docx", buffer.getvalue())
    response = post(
        client, {"org": county.village_a1.pk, "file": upload}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200 and "不是 Word .docx" in response.content.decode()


def test_nul_in_search_boxes(client, county):
    client.force_login(county.secretary_a)
    assert client.get(reverse("originality:check-list") + "?q=a%00b").status_code == 200
    assert client.get(reverse("originality:corpus-list") + "?q=a%00b").status_code == 200
