"""At 375 px: township A's secretary issues a letter from village A1 to village B1, township
B's secretary sees it 转接中 and accepts it on a phone; no page scrolls sideways (see
dangjian/tests/test_browser.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.orglife.models import Transfer
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_letter_is_issued_and_accepted_on_a_phone(browser, live_server, county):  # noqa: F811
    base = live_server.url
    sender = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(sender, base, "secretary_a")
    sender.goto(base + reverse("orglife:transfer-issue"))
    _no_sideways_scroll(sender)
    sender.select_option("#id_org", str(county.village_a1.pk))
    sender.click("main button[type=submit]")
    sender.select_option("#id_person", str(county.person_a.pk))
    sender.fill("#id_to_org_code", "B1")
    sender.fill("#id_reason", "外出务工")
    _no_sideways_scroll(sender)
    sender.click("main button[type=submit]")
    transfer = Transfer.objects.unscoped("test").get()
    sender.wait_for_url(base + reverse("orglife:transfer-detail", args=[transfer.pk]))
    assert transfer.letter_number in sender.text_content("h1")
    _no_sideways_scroll(sender)

    receiver = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(receiver, base, "secretary_b")
    receiver.goto(base + reverse("orglife:transfer-list"))
    row = receiver.locator(f"#transfer-{transfer.pk}")
    assert "转接中" in row.text_content() and county.person_a.name in row.text_content()
    _no_sideways_scroll(receiver)
    OUTPUT.mkdir(exist_ok=True)
    receiver.screenshot(path=str(OUTPUT / "orglife-transfers-pending-375.png"), full_page=True)
    row.locator("a").click()
    receiver.click("button.btn-success")
    receiver.wait_for_url(base + reverse("orglife:transfer-detail", args=[transfer.pk]))
    assert "已接收" in receiver.text_content("h1")
    _no_sideways_scroll(receiver)
    receiver.screenshot(path=str(OUTPUT / "orglife-transfer-accepted-375.png"), full_page=True)
    transfer.refresh_from_db()
    assert transfer.status == "accepted"
