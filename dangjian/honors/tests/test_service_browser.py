"""At 375 px: a member reports service on the phone (an overlapping report is refused on the
form, naming the record), checks in with the code on the organiser's screen (one tap; the
screen renews its code by htmx), and sees the check-in's hours — verified by the organiser's
check-in — on the progress bar, and scanning again shows the check-in, not the button; the
township's secretary verifies the report from the queue (a rejection without a reason is
refused on the form, the choice kept) and the member's verified hours grow."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.honors.models import ServiceRecord
from dangjian.honors.tests import fixtures_service as fx
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _context(browser):  # noqa: F811
    return browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")


def test_member_reports_checks_in_and_is_verified_on_a_phone(browser, live_server, county):  # noqa: F811
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    fx.record(county.person_a, yesterday, "08:00", "09:00", activity="敬老院送餐")
    activity = fx.current_activity(
        county.township_a, title="河道清理行动", created_by=county.secretary_a
    )
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)
    page = _context(browser).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, "member_a")

    page.goto(base + reverse("honors:service-report"))
    page.fill("#id_date", yesterday.isoformat())
    page.fill("#id_start", "08:30")
    page.fill("#id_end", "10:00")
    page.fill("#id_activity", "清扫村道")
    page.fill("#id_beneficiary", "全体村民")
    with page.expect_navigation():
        page.click("#service-report-form button[type=submit]")
    problem = page.locator(
        "#service-report-form .invalid-feedback, #service-report-form .errorlist"
    )
    assert (
        "08:00–09:00" in problem.first.inner_text() and "敬老院送餐" in problem.first.inner_text()
    )
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-service-overlap-375.png"), full_page=True)
    page.fill("#id_start", "09:00")
    page.click("#service-report-form button[type=submit]")
    page.wait_for_url(base + reverse("honors:service-mine"))
    reported = ServiceRecord.objects.unscoped("test").get(activity="清扫村道")
    assert (reported.status, str(reported.hours)) == ("pending", "1.00")

    # The organiser's screen at the place: its QR code's link, renewed in place by htmx.
    secretary = _context(browser).new_page()
    secretary.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(secretary, base, "secretary_a")
    secretary.goto(base + reverse("honors:service-activity-poster", args=[activity.pk]))
    first_link = secretary.locator("#checkin-link").get_attribute("href")
    assert secretary.locator("#checkin-live svg").is_visible()
    secretary.wait_for_timeout(1100)  # a code carries its second: the next one differs
    secretary.evaluate(
        "htmx.ajax('GET', location.pathname,"
        " {target: '#checkin-live', select: '#checkin-live', swap: 'outerHTML'})"
    )
    secretary.wait_for_function(
        "first => document.querySelector('#checkin-link')?.getAttribute('href') !== first",
        arg=first_link,
    )
    link = secretary.locator("#checkin-link").get_attribute("href")
    assert link.startswith(base) and link != first_link
    assert secretary.locator("#checkin-live").get_attribute("hx-trigger") == "every 120s"
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "honors-service-poster-375.png"), full_page=True)

    page.goto(link)
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-service-checkin-375.png"), full_page=True)
    page.click("#checkin-form button[type=submit]")
    page.wait_for_url(base + reverse("honors:service-mine"))
    checked_in = ServiceRecord.objects.unscoped("test").get(source_activity=activity)
    assert (checked_in.status, checked_in.verified_by) == ("verified", county.secretary_a)
    verified_before = 1 + checked_in.hours  # the 08:00–09:00 record was written verified
    progress = page.locator("#service-progress")
    assert progress.get_attribute("data-verified") == f"{verified_before:.2f}"
    assert page.locator("#service-progress progress").is_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-service-mine-375.png"), full_page=True)
    # Scanning again: the check-in is shown (a success box), no button, no error box.
    page.goto(link)
    assert page.locator("#checkin-done.alert-success").is_visible()
    assert "已核实" in page.locator("#checkin-done").inner_text()
    assert page.locator("#checkin-form").count() == page.locator(".alert-danger").count() == 0
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-service-checkin-again-375.png"), full_page=True)

    secretary.goto(base + reverse("honors:service-queue"))
    secretary.locator(f"[data-record='{reported.pk}'] a").click()
    secretary.wait_for_load_state()
    # Rejecting without a reason: refused on the form, the choice kept, the reason marked.
    secretary.check("#decision-rejected")
    # The refused form is a new page: wait for it (load state alone may be the old page's).
    with secretary.expect_navigation():
        secretary.click("#service-verify-form button[type=submit]")
    assert secretary.locator("#decision-rejected").is_checked()
    assert secretary.locator("#service-verify-form textarea.is-invalid").is_visible()
    assert "请说明未通过核实的理由" in secretary.locator("#service-verify-form").inner_text()
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "honors-service-verify-refused-375.png"), full_page=True)
    reported.refresh_from_db()
    assert reported.status == "pending"
    secretary.check("#decision-verified")
    secretary.click("#service-verify-form button[type=submit]")
    secretary.wait_for_url(base + reverse("honors:service-queue"))
    _no_sideways_scroll(secretary)
    reported.refresh_from_db()
    assert reported.status == "verified"
    secretary.goto(base + reverse("honors:service-progress") + f"?org={county.township_a.pk}")
    row = secretary.locator(f"#service-members [data-person='{county.person_a.pk}']")
    assert row.get_attribute("data-verified") == f"{verified_before + 1:.2f}"
    assert secretary.locator(f"#service-children [data-org='{county.village_a1.pk}']").count() == 1
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "honors-service-progress-375.png"), full_page=True)

    page.goto(base + reverse("honors:service-mine"))
    assert page.locator("#service-progress").get_attribute("data-verified") == (
        f"{verified_before + 1:.2f}"
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors
