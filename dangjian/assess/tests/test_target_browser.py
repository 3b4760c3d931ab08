"""At 375 px: township A's secretary writes the month's targets on a phone (a row added with
the button, a refused empty measure, then submitted); the inspector of township B marks
township B's targets; the county's supervision list and a bulletin's preview fit the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.assess.models import MonthlyTarget, TargetItem
from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _phone(browser, base: str, username: str):  # noqa: F811
    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(page, base, username)
    return page


def test_a_secretary_submits_targets_and_an_inspector_marks_them(
    browser,  # noqa: F811
    live_server,
    county,
):
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)
    secretary = _phone(browser, base, "secretary_a")
    secretary.goto(base + reverse("assess:target-mine") + f"?org={county.township_a.pk}")
    assert secretary.locator("[data-row]").count() == 3
    secretary.click("#target-form button[name=add_row]")
    secretary.wait_for_load_state()
    assert secretary.locator("[data-row]").count() == 4
    secretary.fill("#id_items-0-goal", "规范三会一课制度落实")
    secretary.fill("#id_items-0-measures", "每月抽查各支部会议记录")
    secretary.fill("#id_items-3-goal", "推进发展党员工作")
    secretary.click("#target-form button[name=submit]")
    secretary.wait_for_load_state()
    # The empty rows are dropped: the second target kept is the second row shown.
    assert "第 2 项：请填写措施。" in secretary.content()
    assert secretary.input_value("#id_items-1-goal") == "推进发展党员工作"
    assert not MonthlyTarget.objects.unscoped("test").exists()
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "assess-target-refused-375.png"), full_page=True)
    secretary.fill("#id_items-1-measures", "对照25个步骤逐项检查")
    secretary.click("#target-form button[name=submit]")
    secretary.wait_for_load_state()
    target = MonthlyTarget.objects.unscoped("test").get()
    assert target.status == "submitted"
    assert TargetItem.objects.unscoped("test").filter(target=target).count() == 2
    assert secretary.locator("#target-items li").count() == 2
    _no_sideways_scroll(secretary)

    mine_b = fx.target(county, county.township_b, submitted_at=fx.on_day(fx.this_month(), 2))
    inspector = _phone(browser, base, "inspector_b")
    inspector.goto(base + reverse("assess:target-mark", args=[mine_b.pk]))
    inspector.select_option("#id_marks-0-mark", "done")
    inspector.select_option("#id_marks-1-mark", "not_done")
    inspector.fill("#id_marks-1-note", "未召开专题会议")
    _no_sideways_scroll(inspector)
    inspector.click("#mark-form button[type=submit]")
    inspector.wait_for_load_state()
    marks = list(
        TargetItem.objects.unscoped("test").filter(target=mine_b).values_list("mark", flat=True)
    )
    assert marks == ["done", "not_done"]
    assert "未召开专题会议" in inspector.content()
    inspector.screenshot(path=str(OUTPUT / "assess-target-marked-375.png"), full_page=True)

    admin = _phone(browser, base, "dept_admin")
    admin.goto(base + reverse("assess:target-supervision"))
    assert admin.locator("#target-rows tr[data-org]").count() == 3
    _no_sideways_scroll(admin)
    admin.screenshot(path=str(OUTPUT / "assess-target-supervision-375.png"), full_page=True)
    bulletin = fx.written(county, county.root)
    admin.goto(base + reverse("assess:bulletin-detail", args=[bulletin.pk]))
    assert admin.is_visible("#bulletin-preview")
    _no_sideways_scroll(admin)
    admin.screenshot(path=str(OUTPUT / "assess-bulletin-preview-375.png"), full_page=True)
