"""At 375 px: a branch secretary records a committee meeting (支委会) with attendance on the
phone; the compliance view turns that month's committee cell green for the branch; the
township secretary sees which branches are missing it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.conftest import make_org, make_person, make_user
from dangjian.orglife.tests.matrix_meeting import with_committee
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_branch_secretary_records_a_committee_meeting_and_compliance_turns_green(
    browser,  # noqa: F811
    live_server,
    county,
    settings,
    tmp_path,
):
    settings.DANGJIAN_MEETING_DIR = tmp_path / "meetings"
    su = county.superuser
    village_a2 = make_org(su, county.township_a, "A2", "甲二村党支部")
    second = make_person(su, county.village_a1, "王甲二")
    # Seven full members each: both branches have a committee, so its meeting is due.
    with_committee(county, county.village_a1)
    with_committee(county, village_a2)
    make_user("sec_a1", ("secretary", county.village_a1))
    base = live_server.url

    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(phone, base, "sec_a1")
    phone.goto(base + reverse("orglife:meeting-create"))
    phone.select_option("#entry-start select[name=kind]", "committee")
    phone.click("#entry-start button[type=submit]")
    phone.wait_for_selector(f"#entry-form [data-person='{second.pk}']")
    _no_sideways_scroll(phone)
    # Everyone starts as present; one tap marks the second member on leave.
    assert phone.is_checked(f"#id_status_{county.person_a.pk}_0")
    phone.fill("#entry-form input[name=topic]", "研究五月党建工作")
    phone.click(f"label[for=id_status_{second.pk}_1]")
    phone.fill(f"#id_reason_{second.pk}", "外出务工")
    _no_sideways_scroll(phone)
    OUTPUT.mkdir(exist_ok=True)
    phone.screenshot(path=str(OUTPUT / "orglife-meeting-entry-375.png"), full_page=True)
    phone.click("#entry-form button[type=submit]")
    phone.wait_for_load_state()
    phone.wait_for_selector("#meeting-counts")
    assert "研究五月党建工作" in phone.text_content("main")
    statuses = phone.locator("#attendance-rows [data-status]").evaluate_all(
        "cells => cells.map(c => c.dataset.status).sort()"
    )
    assert statuses == ["leave"] + ["present"] * 6  # one tap: the rest stayed present
    _no_sideways_scroll(phone)
    phone.screenshot(path=str(OUTPUT / "orglife-meeting-recorded-375.png"), full_page=True)

    phone.goto(base + reverse("orglife:meeting-compliance"))
    cell = phone.locator(
        f"#compliance-table tr[data-org='{county.village_a1.pk}'] td[data-kind='committee']"
    )
    assert cell.get_attribute("data-state") == "ok"
    assert "table-success" in cell.get_attribute("class")
    _no_sideways_scroll(phone)

    township = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    _login(township, base, "secretary_a")
    township.goto(base + reverse("orglife:meeting-compliance"))
    rows = "#compliance-table tbody tr"
    a2_committee = township.locator(f"{rows}[data-org='{village_a2.pk}'] td[data-kind='committee']")
    assert a2_committee.get_attribute("data-state") == "missing"
    a1_committee = township.locator(
        f"{rows}[data-org='{county.village_a1.pk}'] td[data-kind='committee']"
    )
    assert a1_committee.get_attribute("data-state") == "ok"
    # Only the branches missing it.
    township.select_option("#compliance-missing", "committee")
    township.click(".dj-filters button[type=submit]")
    township.wait_for_url("**missing=committee**")
    orgs = township.locator(rows).evaluate_all("rows => rows.map(r => r.dataset.org)")
    assert orgs == [str(village_a2.pk)]
    assert "甲二村党支部" in township.text_content("#compliance-table")
    _no_sideways_scroll(township)
    township.screenshot(path=str(OUTPUT / "orglife-meeting-compliance-375.png"), full_page=True)
