"""At 375 px: township A's secretary opens 设岗定责 from the hub, finds "新增岗位" for the
township without picking it, defines a demonstration post (the checkbox row must not push the
page sideways), edits it, and evaluates a member's commitment: the verdict starts blank and is
refused untouched."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from dangjian.honors.models import Commitment, Post
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser

# Inside the evaluation window of 2026's commitments (December), noon in Shanghai.
DECEMBER_NOON = datetime.datetime(2026, 12, 5, 4, tzinfo=datetime.UTC)


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_secretary_defines_a_post_and_evaluates_on_a_phone(
    browser,  # noqa: F811
    live_server,
    county,
):
    # The whole visit in December (the clock runs on: sessions and the server see it).
    with time_machine.travel(DECEMBER_NOON, tick=True):
        commitment = fx.commitment(county, person=county.person_a, year=2026, title="结对帮扶一户")
        base = live_server.url
        OUTPUT.mkdir(exist_ok=True)
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        _login(page, base, "secretary_a")

        page.goto(base + reverse("honors:home"))
        page.click(f"a[href='{reverse('honors:post-list')}']")
        page.wait_for_url(base + reverse("honors:post-list"))
        assert page.text_content("#post-list thead th").strip() == "岗位"
        page.click("text=新增岗位")
        page.wait_for_url(base + reverse("honors:post-create", args=[county.township_a.pk]))
        _no_sideways_scroll(page)
        page.fill("#id_title", "镇级政策宣传岗")
        page.fill("#id_duties", "宣传惠民政策")
        page.check("#id_demonstration")
        page.select_option("#id_person", str(county.person_a.pk))
        page.click("#post-form button[type=submit]")
        page.wait_for_selector(".alert-success")
        post = Post.objects.unscoped("test").get(title="镇级政策宣传岗")
        assert (post.org_id, post.person_id, post.demonstration) == (
            county.township_a.pk,
            county.person_a.pk,
            True,
        )
        page.goto(base + reverse("honors:post-edit", args=[post.pk]))
        _no_sideways_scroll(page)
        page.screenshot(path=str(OUTPUT / "honors-post-edit-375.png"), full_page=True)

        page.goto(base + reverse("honors:commitment-evaluate", args=[commitment.pk]))
        assert page.locator("#id_verdict option:checked").inner_text() == "请选择"
        page.click("#evaluate-form button[type=submit]")
        page.wait_for_selector("#evaluate-form .errorlist")
        commitment.refresh_from_db()
        assert commitment.verdict == ""
        page.select_option("#id_verdict", "partly")
        page.click("#evaluate-form button[type=submit]")
        page.wait_for_selector("#commitment-verdict")
        commitment.refresh_from_db()
        assert (commitment.status, commitment.verdict) == (Commitment.Status.EVALUATED, "partly")
        _no_sideways_scroll(page)
        assert not [e for e in errors if "Content Security Policy" in e], errors
