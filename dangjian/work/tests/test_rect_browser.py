"""At 375 px: the responsible member reports a rectification not done — the form refuses
until reason, measures and new deadline are given — then reports it done; the township
secretary (the issuing level) accepts and closes it (销号)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401
from dangjian.work.tests.matrix_rect import rect
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_member_reports_not_done_then_done_and_the_township_closes_it(
    browser,  # noqa: F811
    live_server,
    county,
):
    row = rect(county, days=-2)  # overdue: every report needs the explanation
    base = live_server.url
    detail = base + reverse("work:rect-detail", args=[row.pk])

    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(phone, base, "member_a")
    phone.goto(detail)
    _no_sideways_scroll(phone)
    phone.click("label[for=id_outcome_2]")  # not completed
    phone.fill("#rect-report-form textarea[name=text]", "资料仍在收集")
    phone.click("#rect-report-form button[type=submit]")
    phone.wait_for_load_state()
    for field in ("reason", "measures", "new_deadline"):
        assert phone.locator(f"#id_{field} ~ .errorlist, #id_{field} + .errorlist").count() == 1
    phone.fill("#id_reason", "村干部外出培训")
    phone.fill("#id_measures", "安排专人补齐")
    new = local_today() + datetime.timedelta(days=7)
    phone.fill("#id_new_deadline", new.isoformat())
    _no_sideways_scroll(phone)
    OUTPUT.mkdir(exist_ok=True)
    phone.screenshot(path=str(OUTPUT / "work-rect-report-375.png"), full_page=True)
    phone.click("#rect-report-form button[type=submit]")
    phone.wait_for_selector("#rect-deadlines")
    assert new.isoformat() in phone.text_content("#rect-deadlines")
    phone.click("label[for=id_outcome_0]")  # completed
    phone.fill("#rect-report-form textarea[name=text]", "全部补齐")
    phone.click("#rect-report-form button[type=submit]")
    phone.wait_for_load_state()
    assert phone.locator("#rect-report-form").count() == 0  # awaits acceptance

    township = browser.new_context(viewport=PHONE, device_scale_factor=2).new_page()
    _login(township, base, "secretary_a")
    township.goto(detail)
    township.click(f"a[href='{reverse('work:rect-accept', args=[row.pk])}']")
    township.click("label[for=id_decision_0]")
    township.fill("#id_note", "验收合格")
    _no_sideways_scroll(township)
    township.click("#rect-accept-form button[type=submit]")
    township.wait_for_selector("#rect-facts")
    row.refresh_from_db()
    assert row.status == "closed" and row.acceptance_note == "验收合格"
