"""At 375 px: a member writes a commitment on a phone, publishes it, records progress, and an
anonymous visitor reads the branch's public page (the commitment, the member's name, the
demonstration post with its duties; no sideways scroll)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.honors.models import Commitment
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_member_commits_on_a_phone_and_the_public_page_shows_it(
    browser,  # noqa: F811
    live_server,
    county,
):
    fx.commitment(county, org=county.village_a1, title="为群众办实事10件", detail="逐件销号")
    fx.post(county, person=county.person_a, title="政策宣传示范岗")
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, "member_a")

    page.goto(base + reverse("honors:commitment-mine"))
    assert "政策宣传示范岗" in page.text_content("#my-posts")  # their post and duties
    page.click("#commitment-new")
    page.wait_for_url(base + reverse("honors:commitment-create"))
    _no_sideways_scroll(page)
    page.fill("#id_title", "结对帮扶一户困难群众")
    page.fill("#id_detail", "每月上门走访一次")
    page.click("#commitment-form button[type=submit]")
    row = Commitment.objects.unscoped("test").get(person=county.person_a)
    page.wait_for_url(base + reverse("honors:commitment-detail", args=[row.pk]))
    page.click("#commitment-publish button[type=submit]")
    page.wait_for_selector("[data-status=published]")
    row.refresh_from_db()
    assert row.status == "published"
    page.click("#commitment-add-progress")
    page.wait_for_url(base + reverse("honors:commitment-progress", args=[row.pk]))
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_text", "已走访帮扶对象")
    page.click("#progress-form button[type=submit]")
    page.wait_for_url(base + reverse("honors:commitment-detail", args=[row.pk]))
    assert "已走访帮扶对象" in page.text_content("#commitment-updates")
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-commitment-detail-375.png"), full_page=True)

    visitor = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    public = visitor.new_page()
    public.goto(base + reverse("honors:commitment-public", args=[county.village_a1.pk]))
    assert public.text_content("#public-org").strip() == "甲一村党支部"
    cards = public.locator("[data-commitment]")
    assert cards.count() == 2
    text = public.text_content("main")
    for shown in ("结对帮扶一户困难群众", "张甲", "已走访帮扶对象", "为群众办实事10件"):
        assert shown in text, shown
    assert "宣传惠民政策" in public.text_content("#public-posts")
    assert "13800138000" not in public.content()
    _no_sideways_scroll(public)
    public.screenshot(path=str(OUTPUT / "honors-commitment-public-375.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
