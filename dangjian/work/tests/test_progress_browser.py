"""At 375 px: the county's plan (dept_admin owns it) hands an item to township A; it is
overdue. The plan owner sees it in the overdue list; township A's secretary reports it not
done — the form refuses until reason, measures and new deadline are given; later reports it
done; the plan owner verifies and closes it (注销)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401
from dangjian.work import tracking
from dangjian.work.models import ItemReport, WorkItem
from dangjian.work.tests import fixtures

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _phone(browser, base: str, username: str):  # noqa: F811
    page = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(page, base, username)
    return page


def test_secretary_reports_not_done_and_the_plan_owner_closes(
    browser,  # noqa: F811
    live_server,
    county,
):
    plan = fixtures.plan(county, county.root, title="县委组织部年度党建工作计划")
    item = fixtures.item(
        county, plan, days=-2, org=county.township_a, owner=None, title="推进村级阵地建设"
    )
    running = fixtures.item(county, plan, number=2, days=20, org=county.township_a, owner=None)
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)

    owner = _phone(browser, base, "dept_admin")
    owner.goto(base + reverse("work:item-overdue"))
    row = owner.locator(f"#item-rows tr[data-item='{item.pk}']")
    assert row.locator("td[data-days]").get_attribute("data-days") == "2"
    assert "table-danger" in row.get_attribute("class")
    _no_sideways_scroll(owner)
    owner.screenshot(path=str(OUTPUT / "work-progress-overdue-375.png"), full_page=True)

    secretary = _phone(browser, base, "secretary_a")
    # On an item not overdue, the explanation shows once "not completed" is chosen.
    secretary.goto(base + reverse("work:item-report", args=[running.pk]))
    assert not secretary.is_visible("#report-explanation")
    secretary.click("label[for=id_outcome_2]")
    assert secretary.is_visible("#report-explanation")

    secretary.goto(base + reverse("work:item-report", args=[item.pk]))
    assert secretary.is_visible("#report-overdue")  # overdue: the explanation is always there
    secretary.click("label[for=id_outcome_2]")
    secretary.fill("#id_text", "村级活动场所改造滞后")
    secretary.click("#report-form button[type=submit]")
    secretary.wait_for_load_state()
    refused = secretary.locator("[data-error-for]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.errorFor).sort()"
    )
    assert refused == ["measures", "new_deadline", "reason"]
    assert not ItemReport.objects.unscoped("test").exists()
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "work-progress-refused-375.png"), full_page=True)

    secretary.fill("#id_reason", "施工队伍调整，工期延误")
    secretary.fill("#id_measures", "镇党委专人督办，每周调度")
    secretary.click("#report-form button[type=submit]")
    secretary.wait_for_load_state()
    refused = secretary.locator("[data-error-for]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.errorFor)"
    )
    assert refused == ["new_deadline"]
    later = tracking.local_today() + datetime.timedelta(days=20)
    secretary.fill("#id_new_deadline", later.isoformat())
    secretary.click("#report-form button[type=submit]")
    secretary.wait_for_selector("#item-reports [data-outcome='not_done']")
    assert later.isoformat() in secretary.text_content("#item-deadlines")
    _no_sideways_scroll(secretary)
    secretary.screenshot(path=str(OUTPUT / "work-progress-reported-375.png"), full_page=True)

    # No longer overdue: the new deadline stands.
    owner.goto(base + reverse("work:item-overdue"))
    assert owner.locator(f"#item-rows tr[data-item='{item.pk}']").count() == 0

    secretary.goto(base + reverse("work:item-report", args=[item.pk]))
    secretary.click("label[for=id_outcome_0]")
    secretary.fill("#id_text", "阵地改造完成，已投入使用")
    secretary.click("#report-form button[type=submit]")
    secretary.wait_for_selector("#item-state[data-status='reported']")

    owner.goto(base + reverse("work:item-detail", args=[item.pk]))
    assert "施工队伍调整" in owner.text_content("#item-reports")
    owner.click("#item-close-link")
    owner.fill("#id_note", "现场核实，同意注销")
    owner.click("#verify-form button[type=submit]")
    owner.wait_for_selector("#item-state[data-status='closed']")
    _no_sideways_scroll(owner)
    owner.screenshot(path=str(OUTPUT / "work-progress-closed-375.png"), full_page=True)
    assert WorkItem.objects.unscoped("test").get(pk=item.pk).status == "closed"
