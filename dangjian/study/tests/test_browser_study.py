"""A member writes a note on a phone, a secretary returns it, the member revises, it is
approved — in Debian's Chromium at 375 px (see dangjian/tests/test_browser.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dangjian.originality import services as originality
from dangjian.originality.tests.texts import cjk
from dangjian.study.models import Note
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401
from textreuse.loaders import SourceText

pytestmark = pytest.mark.browser


def _percent(text: str) -> float:
    return float(re.search(r"([\d.]+)%", text).group(1))


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_note_written_returned_revised_and_approved_on_a_phone(browser, live_server, county):  # noqa: F811
    essay = cjk(2000, seed=21)
    originality.corpus_import([SourceText(ref="web/essay.txt", text=essay, title="网上范文")])
    own = cjk(600, seed=22)
    first_text = own[:300] + essay[500:800] + own[300:]
    base = live_server.url

    member = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(member, base, "member_a")
    member.goto(base + reverse("study:note-new"))
    member.fill("#id_title", "十一月学习笔记")
    member.fill("#id_body", first_text)
    assert member.text_content("#note-char-count") == "900"
    # The first autosave creates the draft and turns the page into its edit page.
    member.wait_for_selector("#autosave-status :text('草稿已于')")
    note = Note.objects.unscoped("test").get()
    member.wait_for_url(base + reverse("study:note-edit", args=[note.pk]))
    member.reload()
    assert member.input_value("#id_body") == first_text
    assert member.text_content("#note-char-count") == "900"
    _no_sideways_scroll(member)
    member.click("button[name=submit]")
    member.wait_for_url(base + reverse("study:note-detail", args=[note.pk]))
    first_ratio = _percent(member.text_content("[data-version='1'] [data-figure='total_ratio']"))
    assert first_ratio == pytest.approx(100 * 300 / 900, abs=0.2)

    secretary = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(secretary, base, "secretary_a")
    secretary.goto(base + reverse("study:review-queue"))
    row = secretary.locator("tr", has_text="十一月学习笔记")
    assert _percent(row.text_content()) == pytest.approx(first_ratio, abs=0.05)
    _no_sideways_scroll(secretary)
    row.locator("a", has_text="十一月学习笔记").click()
    secretary.wait_for_url(base + reverse("study:note-review", args=[note.pk]))
    # The full report opens from the review page and names the web essay.
    with secretary.expect_navigation():
        secretary.click("[data-version='1'] a:text('报告')")
    assert "网上范文" in secretary.text_content("main")
    secretary.go_back()
    secretary.select_option("#id_decision", "return")
    secretary.fill("#id_comment", "请结合本村实际，减少摘抄")
    secretary.click("main button[type=submit]")
    secretary.wait_for_url(re.compile(r".*/study/reviews/\?month=.*"))
    assert "本月没有待检查的笔记" in secretary.text_content("main")

    member.goto(base + reverse("study:home"))
    assert "退回修改" in member.text_content("main")
    member.goto(base + reverse("study:note-edit", args=[note.pk]))
    assert "请结合本村实际" not in member.text_content("main")  # the comment is on the note page
    member.fill("#id_body", first_text + cjk(300, seed=23))
    member.wait_for_selector("#autosave-status :text('1,200')")
    member.click("button[name=submit]")
    member.wait_for_url(base + reverse("study:note-detail", args=[note.pk]))
    assert "请结合本村实际" in member.text_content("main")
    second = member.locator("[data-version='2']")
    # The first version is the member's own earlier text (本人文献).
    total = _percent(second.locator("[data-figure='total_ratio']").text_content())
    excluding_own = _percent(second.locator("[data-figure='ratio_excluding_own']").text_content())
    assert total == pytest.approx(100 * 900 / 1200, abs=0.2)
    assert excluding_own == pytest.approx(100 * 300 / 1200, abs=0.2)

    secretary.goto(base + reverse("study:note-review", args=[note.pk]))
    secretary.select_option("#id_decision", "approve")
    secretary.select_option("#id_grade", "pass")
    secretary.click("main button[type=submit]")
    secretary.wait_for_url(re.compile(r".*/study/reviews/\?month=.*"))
    member.goto(base + reverse("study:note-detail", args=[note.pk]))
    assert "已通过" in member.text_content("#note-status")
    OUTPUT.mkdir(exist_ok=True)
    member.screenshot(path=str(OUTPUT / "study-note-approved-375.png"), full_page=True)
