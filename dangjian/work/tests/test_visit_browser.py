"""At 375 px: a county unit's cadre records a visit to their contact village on the phone in a
few taps (the village a big button, today's date kept, a purpose chip); the township
secretary's coverage tree then shows the village visited and the other one not."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse

from dangjian.conftest import make_user
from dangjian.orgs.scoping import Role
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401
from dangjian.work.models import Visit
from dangjian.work.tests.matrix_visit import assignment
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_cadre_records_a_visit_in_a_few_taps_and_coverage_shows_it(
    browser,  # noqa: F811
    live_server,
    county,
):
    row = assignment(county, started_on=datetime.date(2025, 1, 1))
    user = make_user("cadre_u", (Role.MEMBER, county.unit))
    row.cadre.user = user
    row.cadre.save()
    base = live_server.url
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(phone, base, "cadre_u")
    started = time.monotonic()
    phone.goto(base + reverse("work:visit-record"))
    _no_sideways_scroll(phone)
    phone.click("#visit-assigned label")  # the contact village, one big button
    phone.click("#visit-chips label >> nth=0")  # 政策宣讲
    phone.click("#visit-form button[type=submit]")
    phone.wait_for_selector("#visit")
    assert time.monotonic() - started < 60
    visit = Visit.objects.unscoped("test").get()
    assert (visit.org, visit.visitor, visit.visited_on) == (
        county.village_a1,
        row.cadre,
        local_today(),
    )
    assert visit.purpose == "政策宣讲"
    OUTPUT.mkdir(exist_ok=True)
    phone.goto(base + reverse("work:visit-record"))
    phone.screenshot(path=str(OUTPUT / "work-visit-record-375.png"), full_page=True)

    secretary = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = secretary.new_page()
    _login(page, base, "secretary_a")
    page.goto(base + reverse("work:visit-coverage"))
    _no_sideways_scroll(page)
    tree = page.text_content("#coverage-tree")
    assert county.village_a1.name in tree and "1 / 1" in tree
    assert page.locator("#coverage-tree .text-bg-success").count() == 1
    page.screenshot(path=str(OUTPUT / "work-visit-coverage-375.png"), full_page=True)
