"""At 375 px: a township secretary creates a key project with milestone rows on a phone; the
responsible cadre (a member) finds it on the board, a list grouped by status, and reports
progress meeting its first milestone; nothing scrolls sideways."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401
from dangjian.work.models import KeyProject, ProjectMilestone
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_project_created_and_reported_on_a_phone(browser, live_server, county):  # noqa: F811
    base = live_server.url
    year = local_today().year
    secretary = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = secretary.new_page()
    _login(page, base, "secretary_a")
    page.goto(base + reverse("work:project-create") + f"?org={county.village_a1.pk}")
    _no_sideways_scroll(page)
    page.fill("#project-form input[name=title]", "甲一村党建示范点创建")
    page.select_option("#project-form select[name=responsible]", str(county.person_a.pk))
    page.fill("#project-form textarea[name=statement]", "年底建成示范点。")
    # The second row after the year: refused, naming the row and the date.
    page.fill("input[name=milestones-0-due_on]", f"{year}-12-01")
    page.fill("input[name=milestones-0-title]", "建成")
    page.fill("input[name=milestones-1-due_on]", f"{year + 1}-01-15")
    page.fill("input[name=milestones-1-title]", "验收")
    page.click("#project-form button[type=submit]")
    page.wait_for_load_state()
    assert f"{year + 1}-01-15" in page.text_content("#project-milestone-rows")
    assert not KeyProject.objects.unscoped("test").exists()
    page.fill("input[name=milestones-1-due_on]", f"{year}-12-31")
    _no_sideways_scroll(page)
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "work-project-create-375.png"), full_page=True)
    page.click("#project-form button[type=submit]")
    page.wait_for_selector("#project-milestones")
    project = KeyProject.objects.unscoped("test").get()
    assert ProjectMilestone.objects.unscoped("test").filter(project=project).count() == 2

    member = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(member, base, "member_a")
    member.goto(base + reverse("work:project-board"))
    card = member.locator(f".project-card[data-project='{project.pk}']")
    assert "甲一村党建示范点创建" in card.text_content()
    _no_sideways_scroll(member)
    member.screenshot(path=str(OUTPUT / "work-project-board-375.png"), full_page=True)
    card.locator("a").click()
    member.click(f"a[href='{reverse('work:project-report', args=[project.pk])}']")
    member.fill("#project-report-form textarea[name=text]", "示范点阵地改造完成")
    first = ProjectMilestone.objects.unscoped("test").filter(project=project).order_by("due_on")[0]
    member.select_option("#project-report-form select[name=milestone]", str(first.pk))
    _no_sideways_scroll(member)
    member.screenshot(path=str(OUTPUT / "work-project-report-375.png"), full_page=True)
    member.click("#project-report-form button[type=submit]")
    member.wait_for_selector("#project-reports")
    assert "示范点阵地改造完成" in member.text_content("#project-reports")
    first.refresh_from_db()
    assert first.met_on == local_today()
    assert datetime.date(year, 12, 1) == first.due_on
    _no_sideways_scroll(member)
