"""At 375 px: township B's inspector opens B's scoring sheet, sees the automatic item's
explanation, enters points below the max of A1, is refused without a reason, adds the reason,
saves; the sheet's total updates."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from dangjian.assess import round_fill_services
from dangjian.assess.models import RoundFillJob, RuleItem, Score, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_inspector_scores_an_org_on_a_phone(browser, live_server, county):  # noqa: F811
    row = fixtures.round_(county)
    round_fill_services.fill_run(
        RoundFillJob.objects.create(round=row, requested_by=county.dept_admin)
    )
    sheet = fixtures.sheet(row, county.township_b)
    auto = Score.objects.unscoped("test").get(sheet=sheet, item__code="B")
    a1 = RuleItem.objects.unscoped("test").get(ruleset=sheet.ruleset, code="A1")
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)

    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(page, base, "inspector_b")
    page.goto(base + reverse("assess:round-sheet", args=[sheet.pk]))
    explanation = page.locator(f"#item-{auto.item_id} .auto-explanation").text_content()
    assert explanation.strip() == auto.explanation
    before = D(page.text_content("#sheet-total"))
    assert before == auto.points
    _no_sideways_scroll(page)

    form = page.locator(f"form.score-form[data-item='{a1.pk}']")
    form.locator("input[name=points]").fill("36")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    refused = page.locator("[data-error-for]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.errorFor)"
    )
    assert refused == ["reason"]
    # Filling made A1's row, unscored; the refusal saved nothing.
    assert Score.objects.unscoped("test").get(sheet=sheet, item=a1).points is None
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-round-sheet-refused-375.png"), full_page=True)

    form = page.locator(f"form.score-form[data-item='{a1.pk}']")
    assert form.locator("input[name=points]").input_value() == "36"
    form.locator("textarea[name=reason]").fill("班子成员缺额一人，扣4分")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert D(page.text_content("#sheet-total")) == before + 36
    assert ScoreSheet.objects.unscoped("test").get(pk=sheet.pk).total == before + 36
    assert Score.objects.unscoped("test").get(sheet=sheet, item=a1).reason.startswith("班子")
    _no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "assess-round-sheet-375.png"), full_page=True)
