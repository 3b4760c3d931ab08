"""At 375 px: a member sees their dues month by month, writes their self-assessment and rates
another member of the review round, without sideways scroll; the secretary's round page shows
the counts only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.orglife.tests.dues_fixtures import declare, pay
from dangjian.orglife.tests.reviews_fixtures import review_round
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_member_dues_and_review_on_a_phone(browser, live_server, county):  # noqa: F811
    declare(county)
    pay(county)
    round_ = review_round(county, extra=1)
    base = live_server.url
    member = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(member, base, "member_a")

    member.goto(base + reverse("orglife:dues-home"))
    assert "42.00" in member.text_content("#own-dues")
    _no_sideways_scroll(member)

    member.goto(base + reverse("orglife:review-self", args=[round_.pk]))
    _no_sideways_scroll(member)
    member.fill("textarea[name=text]", "一年来按时参加组织生活，认真学习党章党规。")
    member.click("main button[type=submit]")
    member.wait_for_url(base + reverse("orglife:review-detail", args=[round_.pk]))
    assert "已填写" in member.text_content("#own-review")
    _no_sideways_scroll(member)

    member.goto(base + reverse("orglife:review-rate", args=[round_.pk]))
    member.select_option("main select", "excellent")
    member.click("main button[type=submit]")
    member.wait_for_url(base + reverse("orglife:review-detail", args=[round_.pk]))
    _no_sideways_scroll(member)
    OUTPUT.mkdir(exist_ok=True)
    member.screenshot(path=str(OUTPUT / "orglife-review-member-375.png"), full_page=True)

    secretary = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(secretary, base, "secretary_a")
    secretary.goto(base + reverse("orglife:review-detail", args=[round_.pk]))
    counts = secretary.locator("#review-entries .mutual-counts").all_text_contents()
    assert any(text.startswith("1 / 0 / 0 / 0") for text in counts)
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "orglife-review-committee-375.png"), full_page=True)
