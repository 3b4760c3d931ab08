"""At 375 px: the county's department administrator sets last year's criteria, rates the
county (a background job, run at once here), sees village A1 capped at two stars for its
overdue rectification with the reason, publishes, prints the plaque list; a visitor without
an account reads the public plaque list. No sideways scroll on any page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.honors.models import StarCriteria
from dangjian.honors.tests.fixtures_star import last_year, published_round, rating_of
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_department_rates_publishes_and_prints_on_a_phone(
    browser,  # noqa: F811
    live_server,
    county,
    settings,
):
    from dangjian.work.tests.test_rect_selectors import _row

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    year = last_year()
    published_round(
        county, {county.township_a: "92", county.village_a1: "96.5", county.township_b: "91"}
    )
    _row(county, datetime.date(year, 6, 30), "open")  # village A1's, never closed
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    _login(page, base, "dept_admin")

    page.goto(base + reverse("honors:star-criteria", args=[county.root.pk, year]))
    page.fill("#id_min_4", "91")
    page.click("#criteria-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    criteria = StarCriteria.objects.unscoped("test").get(org=county.root, year=year)
    assert criteria.thresholds[1] == {"stars": 4, "min_score": "91"}
    assert criteria.vetoes[0]["indicator"] == "work.rectifications_on_time"
    _no_sideways_scroll(page)

    page.goto(base + reverse("honors:star-list"))
    page.select_option("#star-run-form select[name=issuer]", str(county.root.pk))
    page.fill("#star-run-form input[name=year]", str(year))
    page.click("#star-run-form button[formaction$='/run/']")
    page.locator("#star-run-panel summary").click()  # closed now that there are ratings
    page.wait_for_selector("#star-jobs [data-status=done]")
    page.click("#star-jobs a")  # show the ratings
    village = page.locator(f"#star-ratings tr[data-org='{county.village_a1.pk}']")
    assert village.get_attribute("data-stars") == "2"
    assert "整改未按期完成" in village.inner_text()
    # Township A: 92 ≥ 91 → 4★, but the rectification lies in its subtree too → 2★;
    # township B: 91 → 4★ (the line moved from 90 to 91 still holds it).
    township = page.locator(f"#star-ratings tr[data-org='{county.township_a.pk}']")
    assert township.get_attribute("data-stars") == "2"
    other = page.locator(f"#star-ratings tr[data-org='{county.township_b.pk}']")
    assert other.get_attribute("data-stars") == "4"
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-star-list-375.png"), full_page=True)

    page.locator("#star-run-panel summary").click()
    page.select_option("#star-run-form select[name=issuer]", str(county.root.pk))
    page.fill("#star-run-form input[name=year]", str(year))
    page.click("#star-run-form button[formaction$='/publish/']")
    page.wait_for_selector(".alert-success")
    assert rating_of(county.village_a1).published

    page.goto(base + reverse("honors:star-plaque", args=[year]))
    rows = page.locator("#star-plaque tbody tr")
    stars = [rows.nth(i).get_attribute("data-stars") for i in range(rows.count())]
    assert stars == ["4", "2", "2"]  # by stars: township B; then village A1, township A
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "honors-star-plaque-375.png"), full_page=True)

    visitor = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    visitor.goto(base + reverse("honors:star-public", args=[year]))
    text = visitor.locator("#star-public").inner_text()
    assert "甲镇党委" in text and "甲一村党支部" in text and "乙镇党委" in text
    _no_sideways_scroll(visitor)
    assert not [e for e in errors if "Content Security Policy" in e], errors
