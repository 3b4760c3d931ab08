"""The 简洁报告 PDF (read back with pypdf) and the public verification page."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dangjian.originality import services, verification
from dangjian.originality.models import Check
from dangjian.originality.tests.texts import cjk, edited
from textreuse.loaders import SourceText

VERIFY = reverse("originality:verify")


def _run(county, text, capture, actor=None):
    with capture(execute=True):
        check = services.text_check(
            actor=actor or county.secretary_a, org=county.village_a1, title="学习心得", text=text
        )
    return Check.objects.unscoped("test").get(pk=check.pk)


def _pdf_text(client, check) -> tuple[str, int]:
    response = client.get(reverse("originality:check-pdf", args=[check.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def done(client, county, django_capture_on_commit_callbacks):
    source, rewritten = cjk(1200, seed=130), cjk(600, seed=131)
    services.corpus_import(
        [
            SourceText(ref="web/a", text=source, title="网上范文", site="example.cn"),
            SourceText(ref="web/b", text=rewritten, title="被改写的文章", site="b.cn"),
        ]
    )
    text = (
        cjk(200, seed=132)
        + source[:100]
        + "\n\n"
        + cjk(100, seed=133)
        + edited(rewritten[:200])
        + cjk(100, seed=134)
    )
    client.force_login(county.secretary_a)
    return _run(county, text, django_capture_on_commit_callbacks)


def test_brief_report_names_number_code_and_figures(client, county, done):
    text, pages = _pdf_text(client, done)
    assert 1 <= pages <= 3
    flat = re.sub(r"\s+", "", text)
    assert verification.report_number(done) in flat
    assert verification.verification_code(done) in flat
    assert f"{done.total_ratio * 100:.1f}%" == "14.3%" and "14.3%" in flat  # 100 of 700
    assert f"{done.report['edited_ratio'] * 100:.1f}%" in flat
    assert str(done.total_chars) in flat and "secretary_a" in flat
    assert "总文字复制比" in flat and "网上范文" in flat
    assert "被改写的文章(b.cn)(疑似改写,相似度" in flat
    assert done.report["corpus_documents"] == 2 and "2篇文献" in flat


def test_brief_report_stays_within_three_pages(client, county, django_capture_on_commit_callbacks):
    source = cjk(20_000, seed=140)
    services.corpus_import([SourceText(ref="web/long", text=source, title="长文")])
    paragraphs = [cjk(40, seed=1000 + i) + source[i * 200 : i * 200 + 30] for i in range(80)]
    client.force_login(county.secretary_a)
    check = _run(county, "\n\n".join(paragraphs), django_capture_on_commit_callbacks)
    assert len(check.report["passages"]) == 80
    text, pages = _pdf_text(client, check)
    assert pages <= 3 and "65" in text  # "65 more passages are on the report page"


def test_brief_report_keeps_another_townships_note_hidden(
    client, county, django_capture_on_commit_callbacks
):
    note = cjk(300, seed=150)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title="乙镇机密心得",
            text=note,
            index_it=True,
        )
    check = _run(county, cjk(100, seed=151) + note[:100], django_capture_on_commit_callbacks)
    client.force_login(county.secretary_a)
    text, _pages = _pdf_text(client, check)
    assert "乙镇机密心得" not in re.sub(r"\s+", "", text) and "其他组织的文本" in text
    client.force_login(county.dept_admin)
    assert "乙镇机密心得" in re.sub(r"\s+", "", _pdf_text(client, check)[0])


def test_no_pdf_before_the_check_is_done(client, county):
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="待查", text=cjk(40, seed=152)
    )
    check = Check.objects.create(submission=submission, requested_by=county.secretary_a)
    client.force_login(county.secretary_a)
    assert client.get(reverse("originality:check-pdf", args=[check.pk])).status_code == 404


def test_verification_page_confirms_figures_and_date_only(client, done):
    client.logout()
    number, code = verification.report_number(done), verification.verification_code(done)
    page = client.get(VERIFY, {"number": number, "code": code.lower().replace("-", "")})
    body = page.content.decode()
    assert page.status_code == 200 and 'id="dj-verified"' in body
    assert "14.3%" in body and f"{done.finished_at:%Y}" in body
    assert (
        "学习心得" not in body and "网上范文" not in body and done.submission.text[:20] not in body
    )


@pytest.mark.parametrize("wrong", ["code", "number", "other"])
def test_verification_refuses_a_wrong_pair(
    client, county, done, wrong, django_capture_on_commit_callbacks
):
    number, code = verification.report_number(done), verification.verification_code(done)
    if wrong == "code":
        code = ("A" if code[0] != "A" else "B") + code[1:]
    elif wrong == "number":
        number = number[:-1] + str((int(number[-1]) + 1) % 10)
    else:  # another real report's code
        other = _run(county, cjk(300, seed=160), django_capture_on_commit_callbacks)
        code = verification.verification_code(other)
    body = client.get(VERIFY, {"number": number, "code": code}).content.decode()
    assert 'id="dj-not-verified"' in body and 'id="dj-verified"' not in body


def test_code_is_keyed_by_the_secret(settings, done):
    before = verification.verification_code(done)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert verification.verification_code(done) != before
    assert re.fullmatch(r"[A-Z2-7]{5}-[A-Z2-7]{5}", before)
