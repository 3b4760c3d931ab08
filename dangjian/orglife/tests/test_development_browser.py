"""At 375 px: township A's secretary opens an applicant's 纪实, records the talk on the phone
form, sees it listed; the pipeline table scrolls inside itself, never the page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.orglife.tests.development_helpers import applicant, walk
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_secretary_records_a_talk_on_a_phone(browser, live_server, county):  # noqa: F811
    person = applicant(county, "手机申请人")
    walk(county, person, "applicant")
    base = live_server.url
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(page, base, "secretary_a")
    page.goto(base + reverse("orglife:development-person", args=[person.pk]))
    _no_sideways_scroll(page)
    page.fill("#id_talk_date", timezone.localdate().isoformat())
    page.click("#step-form-talk button[type=submit]")
    page.wait_for_selector("#development-steps [data-step='talk']")
    assert "逾期" in page.text_content("#development-steps [data-step='talk']")
    _no_sideways_scroll(page)
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "orglife-development-record-375.png"), full_page=True)
    page.goto(base + reverse("orglife:development-pipeline"))
    assert page.locator("#pipeline").is_visible()
    _no_sideways_scroll(page)
