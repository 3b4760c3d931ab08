"""干训讲堂 on a phone (375 px, Debian's Chromium): a member searches, opens a material, reads
to the end (recorded by the page's sentinel), leaves a suggestion that is shown only once
township A's secretary approved it."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from dangjian.conftest import PASSWORD, make_person
from dangjian.orgs.models import User
from dangjian.study.models import MaterialRead, Suggestion
from dangjian.study.tests.matrix_hall import material
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def hall_dir(settings, tmp_path):
    settings.DANGJIAN_HALL_DIR = tmp_path / "hall"


def _phone(browser, base: str, username: str):  # noqa: F811
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(page, base, username)
    return page


def _until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_member_searches_reads_to_the_end_and_suggests_on_a_phone(browser, live_server, county):  # noqa: F811
    long_text = "\n\n".join(f"第{i}段：加强党建工作，推动基层治理走深走实。" * 3 for i in range(60))
    target = material(county, actor=county.secretary_a, title="党建引领基层治理", body=long_text)
    material(county, title="队伍建设", body="党员队伍建设要在思想上下功夫。")
    colleague = make_person(county.superuser, county.village_a1, "同村党员")
    colleague.user = User.objects.create_user(username="colleague", password=PASSWORD)
    colleague.save()
    base = live_server.url

    member = _phone(browser, base, "member_a")
    member.goto(base + reverse("study:hall-list"))
    member.fill("input[name=q]", "党建")
    member.click("form[role=search] button[type=submit]")
    member.wait_for_selector("#hall-materials")
    listed = member.locator("#hall-materials [data-material]")
    assert listed.count() == 1 and "党建引领基层治理" in listed.text_content()
    assert member.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    listed.locator("a").click()
    member.wait_for_url(base + reverse("study:hall-detail", args=[target.pk]))
    read = MaterialRead.objects.unscoped("test")
    assert read.get().finished_at is None  # opened, not yet read to the end
    member.locator("[data-hall-end]").scroll_into_view_if_needed()
    member.wait_for_selector("[data-hall-end][data-hall-reported='1']", state="attached")
    assert read.get().finished_at is not None

    member.fill("#hall-suggestions textarea[name=body]", "建议结合本村实际多讲案例")
    member.click("#hall-suggestions button[type=submit]")
    member.wait_for_selector("[data-suggestion][data-status='pending']")
    assert "建议结合本村实际多讲案例" in member.text_content("#hall-suggestions")

    other = _phone(browser, base, "colleague")
    other.goto(base + reverse("study:hall-detail", args=[target.pk]))
    assert "建议结合本村实际多讲案例" not in other.text_content("#hall-suggestions")

    secretary = _phone(browser, base, "secretary_a")
    secretary.goto(base + reverse("study:hall-detail", args=[target.pk]))
    secretary.click("[data-status='pending'] button[value=approved]")
    _until(lambda: Suggestion.objects.unscoped("test").get().status == "approved")

    other.reload()
    assert "建议结合本村实际多讲案例" in other.text_content("#hall-suggestions")
    OUTPUT.mkdir(exist_ok=True)
    other.screenshot(path=str(OUTPUT / "study-hall-suggestion-375.png"), full_page=True)
