"""The full report PDF (read back with pypdf): every source, mirror, passage and paragraph,
where the 简洁报告 caps them; same number, code and figures; hidden sources stay hidden."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dangjian.originality import pdf, services, verification
from dangjian.originality.models import Check
from dangjian.originality.tests.texts import cjk, edited
from textreuse.loaders import SourceText

SOURCES = 18  # more than the brief report's MAX_SOURCES and MAX_PASSAGES


def _flat(client, name: str, check: Check) -> tuple[str, int]:
    response = client.get(reverse(f"originality:{name}", args=[check.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text), len(reader.pages)


def _run(county, text, capture) -> Check:
    with capture(execute=True):
        check = services.text_check(
            actor=county.secretary_a, org=county.village_a1, title="学习心得", text=text
        )
    return Check.objects.unscoped("test").get(pk=check.pk)


@pytest.fixture
def many(client, county, django_capture_on_commit_callbacks):
    """18 sources each sharing one 30-character passage (one of them also on a mirror
    site), and a passage rewritten from another text."""
    texts = [cjk(300, seed=300 + i) for i in range(SOURCES)]
    rewritten = cjk(400, seed=299)
    corpus = [
        SourceText(ref=f"web/{i}", text=t, title=f"范文{i:02d}", site=f"s{i}.cn")
        for i, t in enumerate(texts)
    ]
    mirror = cjk(20, seed=298) + texts[0]  # the same essay on another site, its own header
    corpus.append(SourceText(ref="mirror/0", text=mirror, title="范文00", site="mirror.cn"))
    corpus.append(SourceText(ref="web/rw", text=rewritten, title="被改写的文章", site="rw.cn"))
    services.corpus_import(corpus)
    paragraphs = [cjk(40, seed=400 + i) + t[100:130] for i, t in enumerate(texts)]
    paragraphs.append(cjk(30, seed=450) + edited(rewritten[:200]) + cjk(30, seed=451))
    client.force_login(county.secretary_a)
    check = _run(county, "\n\n".join(paragraphs), django_capture_on_commit_callbacks)
    return check, texts


def test_full_report_lists_every_source_passage_and_paragraph(client, many):
    check, texts = many
    report = check.report
    assert len(report["passages"]) == SOURCES > pdf.MAX_PASSAGES
    flat, pages = _flat(client, "check-pdf-full", check)
    assert verification.report_number(check) in flat
    assert verification.verification_code(check) in flat
    assert "文本复制检测报告单（全文）" in flat or "文本复制检测报告单(全文)" in flat
    assert f"{check.total_ratio * 100:.1f}%" in flat
    assert f"{report['edited_ratio'] * 100:.1f}%" in flat and report["edited_ratio"] > 0
    for i, t in enumerate(texts):
        assert f"范文{i:02d}(s{i}.cn)" in flat  # every source, with its credited characters
        assert t[100:130] in flat  # every copied passage, in full
    assert "mirror.cn" in flat  # the mirror, listed under its group
    assert "被改写的文章(rw.cn)" in flat and "疑似改写,相似度" in flat
    # Every paragraph has its bar row: numbers 1..19 in the paragraph table.
    assert len(report["paragraphs"]) == SOURCES + 1
    # The brief report leaves passages out (“3 more passages ...”); the full one does not.
    brief, brief_pages = _flat(client, "check-pdf", check)
    assert sum(t[100:130] in brief for t in texts) == pdf.MAX_PASSAGES
    assert brief_pages <= 3 and pages >= brief_pages
    page = client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()
    assert reverse("originality:check-pdf-full", args=[check.pk]) in page


def test_full_report_keeps_another_townships_note_hidden(
    client, county, django_capture_on_commit_callbacks
):
    note = cjk(300, seed=350)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title="乙镇机密心得",
            text=note,
            index_it=True,
        )
    check = _run(county, cjk(100, seed=351) + note[:100], django_capture_on_commit_callbacks)
    client.force_login(county.secretary_a)
    flat, _pages = _flat(client, "check-pdf-full", check)
    assert "乙镇机密心得" not in flat and "其他组织的文本" in flat
    client.force_login(county.dept_admin)
    assert "乙镇机密心得" in _flat(client, "check-pdf-full", check)[0]


def test_no_full_pdf_before_the_check_is_done(client, county):
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="待查", text=cjk(40, seed=352)
    )
    check = Check.objects.create(submission=submission, requested_by=county.secretary_a)
    client.force_login(county.secretary_a)
    url = reverse("originality:check-pdf-full", args=[check.pk])
    assert client.get(url).status_code == 404
