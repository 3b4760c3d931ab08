"""The report on a phone: a web essay on 26 sites is one listed source, its mirrors folded."""

import pytest
from django.urls import reverse

from dangjian.originality import services
from dangjian.originality.tests.texts import cjk
from dangjian.tests.test_browser import OUTPUT, _login, browser  # noqa: F401 (fixture)
from textreuse.loaders import SourceText

pytestmark = pytest.mark.browser
MIRRORS = 26


def test_26_mirrors_are_one_folded_entry_listed_first(
    browser,  # noqa: F811
    live_server,
    county,
    django_capture_on_commit_callbacks,
):
    essay = cjk(1500, seed=90)
    services.corpus_import(
        SourceText(
            ref=f"web/mirror-{i}",
            text=essay + cjk(20, seed=100 + i),
            title="网上范文",
            site=f"mirror{i}.example.cn",
        )
        for i in range(MIRRORS)
    )
    with django_capture_on_commit_callbacks(execute=True):
        check = services.text_check(
            actor=county.secretary_a,
            org=county.village_a1,
            title="学习心得",
            text=cjk(300, seed=91) + essay[200:500] + cjk(300, seed=92),
        )
    check.refresh_from_db()
    assert len(check.report["sources"]) == MIRRORS
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server.url, "secretary_a")
    page.goto(live_server.url + reverse("originality:check-detail", args=[check.pk]))

    rows = page.locator("#dj-sources tr.dj-source-row")
    assert rows.count() == 1
    summary = rows.first.locator("details.dj-mirrors summary")
    assert "还见于另外 25 个网站" in summary.text_content()
    mirrors = rows.first.locator("details.dj-mirrors li")
    assert mirrors.count() == MIRRORS - 1 and not mirrors.first.is_visible()  # folded
    # The list comes before the checked text and its source, stacked on the phone.
    sources = page.locator("#dj-sources").bounding_box()
    assert sources["y"] < page.locator("#dj-checked").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    summary.click()
    assert mirrors.first.is_visible() and "example.cn" in mirrors.first.text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "originality-mirrors-375.png"), full_page=True)
    context.close()


def test_author_list_follows_the_organization_chosen(browser, live_server, county):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server.url, "dept_admin")
    page.goto(live_server.url + reverse("originality:check-new"))
    gone = "name => !document.querySelector('#id_author').textContent.includes(name)"
    # The county is chosen first: both townships' people are offered.
    assert county.person_b.name in page.text_content("#id_author")
    assert county.person_a.name in page.text_content("#id_author")
    page.select_option("#id_org", str(county.village_a1.pk))
    page.wait_for_function(gone, arg=county.person_b.name)
    assert county.person_a.name in page.text_content("#id_author")
    page.select_option("#id_org", str(county.village_b1.pk))
    page.wait_for_function(gone, arg=county.person_a.name)
    assert county.person_b.name in page.text_content("#id_author")
    context.close()
