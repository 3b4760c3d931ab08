"""At 375 px: township A's secretary opens the unit's KPI board (cards, no sideways scroll),
enters this month's value of a KPI on the phone, and finds it on the KPI's page, whose trend
chart (ECharts, fed by json_script under the CSP) draws the values and the target line."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.assess.models import KpiValue
from dangjian.assess.tests import fixtures_kpi as kf
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_secretary_enters_a_value_and_sees_the_trend_on_a_phone(
    browser,  # noqa: F811
    live_server,
    county,
):
    today = timezone.localdate()
    kpi = kf.kpi(county, name="村级组织活动场所规范化建设达标率", target="95")
    month = today.replace(day=1)
    earlier = []
    for back in range(1, 4):
        start = (month - datetime.timedelta(days=28 * back)).replace(day=1)
        earlier.append(start)
        kf.value(kpi, start, 92 + back)
    kf.kpi(county, name="党员教育培训学时", target="8", unit_of_measure="学时", frequency="quarter")
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    _login(page, base, "secretary_a")

    page.goto(base + reverse("assess:kpi-board", args=[county.township_a.pk]))
    cards = page.locator("#kpi-board [data-kpi]")
    assert cards.count() == 2
    assert page.locator(f"[data-kpi='{kpi.pk}'] [data-met]").get_attribute("data-met") in (
        "yes",
        "no",
    )
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-kpi-board-375.png"), full_page=True)

    page.locator(f"[data-kpi='{kpi.pk}']").get_by_role("link", name="填报数值").click()
    page.wait_for_load_state()
    page.select_option("#id_period", f"{month:%Y-%m}")
    page.fill("#id_value", "96.5")
    page.fill("#id_note", "新建两处场所已验收")
    page.click("#kpi-value-form button[type=submit]")
    page.wait_for_url(base + reverse("assess:kpi-detail", args=[kpi.pk]))
    row = KpiValue.objects.unscoped("test").get(kpi=kpi, period_start=month)
    assert str(row.value) == "96.50"

    page.wait_for_selector("#kpi-chart svg path", state="attached")
    labels = page.locator("#kpi-chart svg text").all_text_contents()
    assert any("95" in text for text in labels), labels  # the target's markLine label
    assert f"{month:%Y-%m}" in labels
    assert page.locator(f"#kpi-values tr[data-period='{month:%Y-%m}']").count() == 1
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-kpi-detail-375.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e or "echarts" in e], errors
