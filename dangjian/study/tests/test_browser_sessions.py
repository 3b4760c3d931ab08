"""At 375 px: the secretary shows the room's QR code, a member opens its link and signs in
with one tap, the secretary sees them present (出席); the calendar is a list, without
sideways scroll (see dangjian/tests/test_browser.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.study.tests.matrix_sessions import running_session
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_member_signs_in_by_the_qr_link_and_the_secretary_sees_them_present(
    browser,  # noqa: F811
    live_server,
    county,
):
    session = running_session(county, themes="学习新修订的党章\n" * 12)
    base = live_server.url

    secretary = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(secretary, base, "secretary_a")
    secretary.goto(base + reverse("study:session-qr", args=[session.pk]))
    assert secretary.locator("#session-qr svg").count() == 1
    _no_sideways_scroll(secretary)
    link = secretary.get_attribute("#session-qr-link", "href")
    assert link.startswith(base)

    member = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(member, base, "member_a")
    # The session's own month: a session running across local midnight at a month's end
    # would otherwise fall in the month before the calendar's default one.
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    member.goto(base + reverse("study:session-calendar") + f"?month={month}")
    assert member.locator("#calendar-list").is_visible()
    assert not member.locator("#calendar-grid").is_visible()
    assert "学习新修订的党章" in member.text_content("#calendar-list")
    _no_sideways_scroll(member)
    member.goto(link)
    _no_sideways_scroll(member)
    member.click("main button[type=submit]")
    member.wait_for_url(base + reverse("study:session-detail", args=[session.pk]))
    assert member.text_content("#own-attendance [data-status]") == "出席"
    _no_sideways_scroll(member)
    OUTPUT.mkdir(exist_ok=True)
    member.screenshot(path=str(OUTPUT / "study-session-signed-in-375.png"), full_page=True)

    secretary.goto(base + reverse("study:session-detail", args=[session.pk]))
    row = secretary.locator(f"#attendance-list tr[data-person='{county.person_a.pk}']")
    assert row.locator("[data-status]").text_content() == "出席"
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "study-session-attendance-375.png"), full_page=True)

    # On a wide screen the calendar is the month grid.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    _login(desk, base, "secretary_a")
    desk.goto(base + reverse("study:session-calendar") + f"?month={month}")
    assert desk.locator("#calendar-grid").is_visible()
    assert not desk.locator("#calendar-list").is_visible()
    assert desk.locator("#calendar-grid a", has_text="学习新修订的党章").count() == 1
    desk.screenshot(path=str(OUTPUT / "study-session-calendar-1280.png"), full_page=True)
