"""Browser tests in Debian's Chromium, driven by Playwright for Python (no downloaded browser).

Skipped with a stated reason where /usr/bin/chromium is absent, unless
DANGJIAN_REQUIRE_BROWSER=1 (as in .ci/run), which makes a missing browser a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from dangjian.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("DANGJIAN_CHROMIUM", "/usr/bin/chromium"))
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PHONE = {"width": 375, "height": 812}

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("DANGJIAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and DANGJIAN_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in this thread; the live server's
    # database work happens in its own thread, so Django's async guard does not apply.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def _login(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("home"))


def test_township_secretary_on_a_phone_sees_only_their_subtree(browser, live_server, county):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server.url, "secretary_a")
    assert "欢迎" in page.text_content("main")

    page.goto(live_server.url + reverse("orgs:org-list"))
    tree = page.locator("main")
    assert county.township_a.name in tree.text_content()
    # The only top organization opens by itself; its branch opens on a tap.
    page.wait_for_selector(f"text={county.village_a1.name}")
    page.click(f"button[hx-get='{reverse('orgs:org-children', args=[county.village_a1.pk])}']")
    page.wait_for_selector(f"text={county.group_a1.name}")
    text = tree.text_content()
    assert county.village_a1.name in text
    assert county.township_b.name not in text and county.village_b1.name not in text
    assert county.root.name not in text

    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "township-secretary-375.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # Another township's organization by id: 404, in the browser too.
    response = page.goto(live_server.url + reverse("orgs:org-detail", args=[county.village_b1.pk]))
    assert response.status == 404
    context.close()


def test_search_in_people_list_updates_results_in_place(browser, live_server, county):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server.url, "dept_admin")
    page.goto(live_server.url + reverse("orgs:person-list"))
    assert county.person_b.name in page.text_content("#results")
    page.fill("#id_q", county.person_a.name)
    page.wait_for_function(
        "name => !document.querySelector('#results').textContent.includes(name)",
        arg=county.person_b.name,
    )
    assert county.person_a.name in page.text_content("#results")
    assert f"q={county.person_a.name}" in page.url or "q=%E5%BC%A0" in page.url
    context.close()
