"""The rule set pages: list and detail (tree, totals, guidance), the defaults, items of a
draft (bad input shown, nothing saved), activation refused with the totals, import and
export, the 403 message."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess import ruleset_services as services
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.tests.fixtures_ruleset import draft
from dangjian.assess.tests.matrix_ruleset import sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The messages are matched in English (the catalogue translates them otherwise)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _items(ruleset) -> list[str]:
    return [item.code for item in selectors.ruleset_items(ruleset)]


def test_list_and_detail_show_the_tree_with_totals_and_guidance(client, county):
    ruleset = draft(county)
    services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    client.force_login(county.member_a)
    page = client.get(reverse("assess:ruleset-list")).content.decode()
    assert f'data-ruleset="{ruleset.pk}"' in page and "乡镇党委创先争优百分考核细则" in page
    assert "Create the default rule sets" not in page
    page = client.get(reverse("assess:ruleset-detail", args=[ruleset.pk])).content.decode()
    assert "Top-level indicators: 100 of 100 points." in page
    assert "Bonus up to 5." in page and "Deductions up to 10." in page
    assert "班子成员缺额扣5分" in page and "orglife.meeting_compliance" in page
    assert page.count('data-item="') == 6
    assert "Make a new version" not in page  # a member changes nothing
    client.force_login(county.dept_admin)
    page = client.get(reverse("assess:ruleset-list") + "?year=2025").content.decode()
    assert f'data-ruleset="{ruleset.pk}"' not in page
    page = client.get(reverse("assess:ruleset-list") + "?category=rural").content.decode()
    assert f'data-ruleset="{ruleset.pk}"' not in page


def test_defaults_page_creates_four_drafts(client, county):
    client.force_login(county.dept_admin)
    response = client.post(
        reverse("assess:ruleset-defaults"), {"org": county.root.pk, "year": 2026}
    )
    assert response.status_code == 302
    assert RuleSet.objects.unscoped("test").filter(year=2026, status="draft").count() == 4
    # Again: refused, the reason shown, nothing more saved.
    response = client.post(
        reverse("assess:ruleset-defaults"), {"org": county.root.pk, "year": 2026}
    )
    assert "already has rule sets for 2026" in response.content.decode()
    assert RuleSet.objects.unscoped("test").count() == 4
    client.force_login(county.member_a)
    response = client.get(reverse("assess:ruleset-defaults"))
    assert response.status_code == 403
    assert "You may not issue rule sets" in response.content.decode()


def test_item_form_shows_each_error_and_saves_nothing(client, county):
    ruleset = draft(county)
    client.force_login(county.dept_admin)
    url = reverse("assess:ruleset-item-add", args=[ruleset.pk])
    response = client.post(
        url,
        {
            "code": "A1",
            "name": "重复",
            "kind": "indicator",
            "max_points": "0",
            "scoring": "auto",
            "auto_indicator": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The code A1 is used twice." in page
    assert "The maximum points are more than 0 and at most 100." in page
    assert "An automatic item names the indicator it is computed from" in page
    assert _items(ruleset) == ["A", "A1", "A2", "B", "X", "Y"]
    a = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A")
    response = client.post(
        url + f"?parent={a.pk}",
        {
            "parent": a.pk,
            "code": "A3",
            "name": "制度建设",
            "kind": "indicator",
            "max_points": "5",
            "scoring": "manual",
        },
    )
    assert response.status_code == 302
    assert _items(ruleset) == ["A", "A1", "A2", "A3", "B", "X", "Y"]
    page = client.get(reverse("assess:ruleset-detail", args=[ruleset.pk])).content.decode()
    assert "A 党建基础 is 60 but its items add up to 65." in page
    # Activation refused, the totals shown, nothing changed.
    response = client.post(reverse("assess:ruleset-activate", args=[ruleset.pk]))
    assert response.status_code == 200
    assert "A 党建基础 is 60 but its items add up to 65." in response.content.decode()
    ruleset.refresh_from_db()
    assert ruleset.status == "draft"
    a3 = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A3")
    response = client.post(reverse("assess:ruleset-item-delete", args=[a3.pk]))
    assert response.status_code == 302
    response = client.post(reverse("assess:ruleset-activate", args=[ruleset.pk]))
    assert response.status_code == 302
    ruleset.refresh_from_db()
    assert ruleset.status == "active"
    # In force: its items are not changed any more (403 with the reason).
    a1 = RuleItem.objects.unscoped("test").get(ruleset=ruleset, code="A1")
    response = client.get(reverse("assess:ruleset-item-edit", args=[a1.pk]))
    assert response.status_code == 403 and "never changed" in response.content.decode()
    response = client.post(reverse("assess:ruleset-new-version", args=[ruleset.pk]))
    assert response.status_code == 302
    copy = RuleSet.objects.unscoped("test").get(version=2)
    assert response["Location"] == reverse("assess:ruleset-detail", args=[copy.pk])


def test_import_and_export_pages(client, county):
    ruleset = draft(county)
    client.force_login(county.dept_admin)
    export = client.get(reverse("assess:ruleset-export", args=[ruleset.pk]))
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert [row[0] for row in rows[1:]] == ["A", "A1", "A2", "B", "X", "Y"]
    url = reverse("assess:ruleset-import", args=[ruleset.pk])
    assert "This field is required." in client.post(url, {}).content.decode()
    bad = SimpleUploadedFile("bad.xlsx", b"not a workbook")
    response = client.post(url, {"file": bad})
    assert "not a readable .xlsx workbook" in response.content.decode()
    assert _items(ruleset) == ["A", "A1", "A2", "B", "X", "Y"]
    response = client.post(url, sheet(county))
    assert response.status_code == 302
    assert _items(ruleset) == ["A", "A1", "A2", "B"]


def test_hub_link_for_issuers_and_for_whoever_sees_a_rule_set(client, county):
    url = reverse("assess:ruleset-list")
    client.force_login(county.member_a)
    assert url not in client.get(reverse("assess:home")).content.decode()
    client.force_login(county.dept_admin)
    assert url in client.get(reverse("assess:home")).content.decode()
    ruleset = draft(county)
    client.force_login(county.member_a)
    assert url not in client.get(reverse("assess:home")).content.decode()  # a draft
    services.ruleset_activate(actor=county.dept_admin, ruleset=ruleset)
    assert url in client.get(reverse("assess:home")).content.decode()
