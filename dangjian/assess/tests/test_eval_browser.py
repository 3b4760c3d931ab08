"""At 375 px: a member of the public opens the address the unit's QR code encodes, enters the
code from a slip, chooses 满意 and submits → the thank-you page; the same code a second time
is refused politely (the message is visible) and nothing more is stored."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.assess.eval_services import display_code
from dangjian.assess.models import Evaluation
from dangjian.assess.tests import fixtures_eval as fx
from dangjian.tests.test_browser import OUTPUT, PHONE, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _qr_address(county, base: str) -> str:
    """The address inside the unit's QR code (its SVG's title), asked as the secretary would
    from the setup page, on the live server's host."""
    staff = Client(HTTP_HOST=urlsplit(base).netloc)
    staff.force_login(county.secretary_a)
    svg = staff.get(reverse("assess:eval-qr", args=[county.township_a.pk]) + "?format=svg")
    assert svg.status_code == 200
    return re.search(r"<title>([^<]+)</title>", svg.content.decode())[1]


def test_public_evaluates_from_the_qr_page_and_a_second_use_is_refused(
    browser,  # noqa: F811
    live_server,
    county,
    settings,
):
    settings.DANGJIAN_SITE_URL = ""  # the QR carries the live server's own address
    point = fx.point(county, intro="甲镇便民服务中心欢迎您的评议")
    slip = fx.code(county)
    base = live_server.url
    address = _qr_address(county, base)
    assert address == base + reverse("assess:eval-public", args=[point.public_key])
    OUTPUT.mkdir(exist_ok=True)

    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    page.goto(address)
    assert page.inner_text("#eval-unit") == "甲镇党委"
    _no_sideways_scroll(page)
    page.fill("#id_code", display_code(slip.code).lower())  # as typed from the slip
    page.click("label[for=id_overall_0]")  # 满意, a big button
    assert page.is_checked("#id_overall_0")
    page.screenshot(path=str(OUTPUT / "assess-eval-form-375.png"), full_page=True)
    page.click("#eval-form button[type=submit]")
    page.wait_for_selector("#eval-thanks")
    assert "谢谢" in page.inner_text("#eval-thanks")
    _no_sideways_scroll(page)
    stored = Evaluation.objects.unscoped("test")
    assert stored.count() == 1
    assert (stored.get().overall, stored.get().code_id) == ("satisfied", slip.pk)

    # The same slip again (another person, or the same one twice): refused politely.
    page.goto(address)
    page.fill("#id_code", display_code(slip.code))
    page.click("label[for=id_overall_2]")  # 不满意
    page.click("#eval-form button[type=submit]")
    page.wait_for_selector("#eval-refused")
    message = page.inner_text("#eval-refused")
    assert "已经使用过" in message and "谢谢" in message
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-eval-refused-375.png"), full_page=True)
    assert stored.count() == 1 and stored.get().overall == "satisfied"


def test_secretary_makes_codes_and_reads_results_on_a_phone(
    browser,  # noqa: F811
    live_server,
    county,
):
    from dangjian.tests.test_browser import _login

    fx.point(county)
    for overall in ("satisfied", "basic", "dissatisfied", "satisfied"):
        fx.evaluation(county, overall=overall, dimensions={"attitude": overall})
    base = live_server.url
    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(page, base, "secretary_a")
    page.goto(base + reverse("assess:eval-codes", args=[county.township_a.pk]))
    page.fill("#id_count", "8")
    page.click("#codes-form button[type=submit]")
    page.wait_for_selector("#eval-slips .dj-slip")
    assert page.locator("#eval-slips .dj-slip").count() == 8
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-eval-slips-375.png"), full_page=True)
    page.goto(base + reverse("assess:eval-results", args=[county.township_a.pk]))
    assert page.inner_text("[data-count=count]") == "4"
    assert page.inner_text("[data-share=rate]") == "75.0 %"
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-eval-results-375.png"), full_page=True)


def test_overview_empty_list_message_is_left_aligned_at_375(
    browser,  # noqa: F811
    live_server,
    county,
):
    from dangjian.tests.test_browser import _login

    base = live_server.url
    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(page, base, "member_a")
    page.goto(base + reverse("assess:eval-overview"))
    cell = page.locator("#eval-points td[colspan]")
    box = cell.bounding_box()
    table = page.locator("#eval-points").bounding_box()
    # The text starts at the cell's left edge, not pushed to the right of an empty label.
    text_left = page.evaluate(
        "() => { const td = document.querySelector('#eval-points td[colspan]');"
        " const r = document.createRange(); r.selectNodeContents(td);"
        " return r.getBoundingClientRect().left; }"
    )
    assert text_left - box["x"] < 20 and box["x"] - table["x"] < 20, (text_left, box, table)
    _no_sideways_scroll(page)
