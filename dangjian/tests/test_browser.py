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


def _report(county, django_capture_on_commit_callbacks):
    from dangjian.originality import services
    from dangjian.originality.tests.texts import cjk
    from textreuse.loaders import SourceText

    source = cjk(2000, seed=40)
    services.corpus_import([SourceText(ref="web/a.txt", text=source, title="网上范文")])
    text = (
        cjk(300, seed=41)
        + source[1500:1560]
        + "\n\n"
        + cjk(400, seed=42)
        + "“"
        + source[100:130]
        + "”"
        + cjk(200, seed=43)
    )
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="学习心得", text=text
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.check_request(actor=county.secretary_a, submission=submission)


@pytest.mark.parametrize("width", [375, 1280])
def test_report_tap_scrolls_the_source_to_its_twin(
    browser, live_server, county, width, django_capture_on_commit_callbacks
):
    check = _report(county, django_capture_on_commit_callbacks)
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    _login(page, live_server.url, "secretary_a")
    page.goto(live_server.url + reverse("originality:check-detail", args=[check.pk]))
    assert "总文字复制比" in page.text_content("main")
    checked = page.locator("#dj-checked").bounding_box()
    panel = page.locator("#dj-source-0").bounding_box()
    if width < 992:
        assert panel["y"] > checked["y"] + checked["height"] - 1  # stacked on a phone
    else:
        assert abs(panel["y"] - checked["y"]) < 80  # side by side on a desktop
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    copied = page.locator("#dj-checked mark.dj-copy").first
    twin_id = copied.get_attribute("data-twin")
    copied.click()
    page.wait_for_timeout(900)  # smooth scrolling
    twin = page.locator(f"#{twin_id}")
    assert "dj-flash" in twin.get_attribute("class")
    box = twin.bounding_box()
    assert 0 <= box["y"] <= 800 - box["height"] / 2, box  # scrolled into view
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"originality-report-{width}.png"))
    context.close()


def test_county_admin_creates_an_account_that_sees_only_its_branch(browser, live_server, county):
    """At 375 px: account for a person, secretary role on a village branch, first login with
    the one-time password forces a change, then the new user sees only that branch; a
    township secretary is not offered (and cannot post) a role above their own."""
    from dangjian.conftest import make_person

    person = make_person(county.superuser, county.village_b1, "王新书记")
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "dept_admin")

    page.goto(base + reverse("orgs:account-create") + f"?person={person.pk}")
    page.fill("#id_username", "wang_b1")
    page.click("main button[type=submit]")
    password = page.text_content("#one-time-password").strip()
    assert len(password) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("main a.btn-primary")  # Done → the account page

    page.select_option("#id_role", "secretary")
    page.select_option("#id_org", str(county.village_b1.pk))
    page.click("form[action$='/roles/'] button[type=submit]")
    page.wait_for_selector("text=已授予角色")
    assert county.village_b1.name in page.text_content("main")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "account-granted-375.png"), full_page=True)

    # The new user: the one-time password works once, and must be changed first.
    fresh = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    user_page = fresh.new_page()
    user_page.goto(base + reverse("login"))
    user_page.fill("#id_username", "wang_b1")
    user_page.fill("#id_password", password)
    user_page.click("button[type=submit]")
    user_page.wait_for_url(base + reverse("password_change"))
    user_page.goto(base + reverse("orgs:org-list"))
    assert user_page.url == base + reverse("password_change")
    user_page.fill("#id_old_password", password)
    user_page.fill("#id_new_password1", "my-own-secret-77")
    user_page.fill("#id_new_password2", "my-own-secret-77")
    user_page.click("main button[type=submit]")
    user_page.wait_for_url(base + reverse("password_change_done"))
    user_page.goto(base + reverse("orgs:org-list"))
    text = user_page.text_content("main")
    assert county.village_b1.name in text
    for hidden in (county.township_b, county.township_a, county.village_a1, county.root):
        assert hidden.name not in text
    assert user_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    user_page.screenshot(path=str(OUTPUT / "new-branch-secretary-375.png"), full_page=True)

    # A township secretary: no role or organization above their own is even offered.
    secretary = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    _login(secretary, base, "secretary_a")
    secretary.goto(base + reverse("orgs:account-detail", args=[county.member_a.pk]))
    roles = secretary.eval_on_selector_all("#id_role option", "els => els.map(e => e.value)")
    orgs = secretary.eval_on_selector_all("#id_org option", "els => els.map(e => e.value)")
    assert "dept_admin" not in roles and "inspector" not in roles
    assert str(county.root.pk) not in orgs and str(county.township_b.pk) not in orgs
    # Posting it anyway is refused and grants nothing.
    status = secretary.evaluate(
        """async ([url, org]) => {
            const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
            const body = new URLSearchParams({csrfmiddlewaretoken: token, role: "secretary",
                                              org: org});
            return (await fetch(url, {method: "POST", body})).status;
        }""",
        [reverse("orgs:role-grant", args=[county.member_a.pk]), str(county.root.pk)],
    )
    assert status == 400
    from dangjian.orgs.models import RoleAssignment

    assert (
        not RoleAssignment.objects.unscoped("test")
        .filter(org=county.root, user=county.member_a)
        .exists()
    )
