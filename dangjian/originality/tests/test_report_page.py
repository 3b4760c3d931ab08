"""The report page: mirrors listed once, folded sources, generated colours, edited copies
(疑似改写) beside the exact ones, and another organization's texts kept hidden."""

import re

import pytest
from django.urls import reverse

from dangjian.originality import services
from dangjian.originality.models import Check
from dangjian.originality.report_view import hue
from dangjian.originality.tests.texts import cjk, edited
from textreuse.loaders import SourceText

ESSAY = cjk(600, seed=60)  # the web essay, on three sites
PARTIAL = ESSAY[:200] + cjk(400, seed=61)  # shares 200 characters with the essay: folded
OTHER = cjk(600, seed=62)  # a second essay, copied less
REWRITTEN = cjk(600, seed=63)  # copied with one character in 12 changed
QUERY = (
    cjk(100, seed=64)
    + ESSAY[:300]
    + cjk(50, seed=65)
    + OTHER[:100]
    + "\n\n"
    + cjk(50, seed=66)
    + edited(REWRITTEN[:300])
    + cjk(50, seed=67)
)


@pytest.fixture
def report_page(client, county, django_capture_on_commit_callbacks):
    services.corpus_import(
        [
            SourceText(
                ref=f"web/essay-{i}",
                text=ESSAY + cjk(20, seed=70 + i),
                title=f"范文{i}",
                site=f"site{i}.cn",
            )
            for i in range(3)
        ]
        + [
            SourceText(ref="web/partial", text=PARTIAL, title="部分转载", site="part.cn"),
            SourceText(ref="web/other", text=OTHER, title="另一篇", site="other.cn"),
            SourceText(ref="web/rewritten", text=REWRITTEN, title="被洗稿的文章", site="re.cn"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        check = services.text_check(
            actor=county.secretary_a, org=county.village_a1, title="心得", text=QUERY
        )
    client.force_login(county.secretary_a)
    check = Check.objects.unscoped("test").get(pk=check.pk)
    return check, client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr class="dj-source-row">(.*?)</tr>', page, re.S)


def test_sources_are_listed_by_credited_characters_mirrors_once(report_page):
    _check, page = report_page
    rows = _rows(page)
    assert len(rows) == 3  # the essay (3 sites), the other essay, the rewritten one
    assert "范文0" in rows[0] or "范文1" in rows[0] or "范文2" in rows[0]
    assert "另一篇" in rows[1] and "被洗稿的文章" in rows[2]
    details = re.search(r'<details class="dj-mirrors">(.*?)</details>', rows[0], re.S).group(1)
    assert "还见于另外 2 个网站" in details
    assert sum(f"site{i}.cn" in details for i in range(3)) == 2
    # The partial reprint shares characters, all credited to the essay: folded away.
    assert "部分转载" not in "".join(rows)
    folded = re.search(r'<details class="dj-folded mt-2">(.*?)</details>', page, re.S).group(1)
    assert "部分转载" in folded and "200" in folded


def test_each_listed_source_has_its_own_generated_colour(report_page):
    _check, page = report_page
    hues = [int(h) for h in re.findall(r'<span class="dj-swatch" style="--dj-hue: (\d+)"', page)]
    # Three table rows and the two panels whose text may be shown, in list order.
    assert hues[:3] == [hue(0), hue(1), hue(2)] and len(set(hues[:3])) == 3
    assert len({hue(i) for i in range(26)}) == 26  # no repeats at the 26 sources
    assert 'class="dj-copy c0' not in page


def test_edited_passage_is_marked_apart_with_its_similarity(report_page):
    check, page = report_page
    report = check.report
    assert check.copied_chars == 400 and report["edited_chars"] == 300
    assert "31.6%" in re.search(r'id="dj-edited-ratio">(.*?)</div></div>', page, re.S).group(1)
    marks = re.findall(r'<mark class="dj-copy dj-edited"[^>]*(?:data-source|id=)[^>]*>', page)
    left = [m for m in marks if "data-source" in m]
    similarity = f"{report['edited_spans'][0]['similarity'] * 100:.1f}%"
    # The first piece of the passage carries its similarity (shown after it by the CSS).
    assert left and f'data-similarity="{similarity}"' in left[0]
    assert all(f'title="疑似改写 · 相似度 {similarity}"' in m for m in left)
    assert all(f"--dj-hue: {hue(2)}" in m for m in marks)
    # Its twin in the rewritten essay's panel, which the passage points at.
    twin = re.search(r'data-twin="([^"]+)"', left[0]).group(1)
    assert f'id="{twin}"' in page
    # Exact copies keep their own style.
    assert len(re.findall(r'<mark class="dj-copy" style[^>]*data-source', page)) == 2


def test_another_townships_note_found_as_edited_copy_stays_hidden(
    client, county, django_capture_on_commit_callbacks
):
    note = cjk(400, seed=80)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_b1,
            title="乙镇机密心得",
            text=note,
            author=county.person_b,
            index_it=True,
        )
        check = services.text_check(
            actor=county.secretary_a,
            org=county.village_a1,
            title="甲",
            text=cjk(60, seed=81) + edited(note[:300]),
        )
    check = Check.objects.unscoped("test").get(pk=check.pk)
    assert check.copied_chars == 0 and check.report["edited_chars"] == 300
    url = reverse("originality:check-detail", args=[check.pk])
    client.force_login(county.secretary_a)
    page = client.get(url).content.decode()
    assert "乙镇机密心得" not in page and note[100:130] not in page
    assert "其他组织的文本" in page and "dj-edited" in page
    client.force_login(county.dept_admin)
    page = client.get(url).content.decode()
    assert "乙镇机密心得" in page and note[100:130] in page


def test_report_stored_before_grouping_still_renders(client, county, report_page):
    """Reports of earlier versions have no source_groups / edited keys."""
    check, _page = report_page
    old = {
        k: v
        for k, v in check.report.items()
        if k not in ("source_groups", "edited_spans", "edited_sources", "edited_ratio")
    }
    Check.objects.unscoped("test").filter(pk=check.pk).update(report=old)
    page = client.get(reverse("originality:check-detail", args=[check.pk])).content.decode()
    # Ungrouped: the mirrors with nothing credited are folded with the partial reprint.
    assert len(_rows(page)) == 2
    folded = re.search(r'<details class="dj-folded mt-2">(.*?)</details>', page, re.S).group(1)
    assert "部分转载" in folded and folded.count("<li>") == 3
