"""Pages of rounds: create, detail with start and publish, the scoring sheet (save per item,
a refusal names the reason), review, ranking, appeals; members see nothing of rounds."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.assess.models import Appeal, AssessRound, RoundFillJob, Score, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.assess.tests.matrix_round import item_pk, published_round, round_fields


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_create_start_and_see_the_job(client, county, django_capture_on_commit_callbacks):
    client.force_login(county.dept_admin)
    response = client.post(reverse("assess:round-create"), round_fields(county))
    row = AssessRound.objects.unscoped("test").get()
    assert response.url == reverse("assess:round-detail", args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assess:round-start", args=[row.pk]))
    assert response.status_code == 302
    page = client.get(reverse("assess:round-detail", args=[row.pk])).content.decode()
    job = RoundFillJob.objects.unscoped("test").get()
    assert 'id="fill-job"' in page and f'data-status="{job.status}"' in page
    assert "甲镇党委" in page and "乙镇党委" in page


def test_create_refusal_is_shown_on_the_form(client, county):
    client.force_login(county.dept_admin)
    fields = round_fields(county) | {"number": 14}
    page = client.post(reverse("assess:round-create"), fields).content.decode()
    assert "Enter a month between 1 and 12." in page
    assert not AssessRound.objects.unscoped("test").exists()


def test_the_sheet_saves_per_item_and_refuses_a_deduction_without_reason(client, county):
    row = fixtures.round_(county)
    sheet = fixtures.sheet(row, county.township_b)
    client.force_login(county.inspector_b)
    url = reverse("assess:round-sheet", args=[sheet.pk])
    fields = {"item": item_pk(county, "A1"), "points": "36", "reason": "", "evidence": ""}
    page = client.post(url, fields).content.decode()
    assert 'data-error-for="reason"' in page
    assert "36 of 40 is a deduction of 4 points: give the reason." in page
    response = client.post(url, fields | {"reason": "班子缺额"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert '<strong id="sheet-total">36.0</strong>' in page


def test_review_returns_with_reason_then_approves(client, county):
    row = fixtures.round_(county)
    sheet = fixtures.sheet(row, county.township_b)
    ScoreSheet.objects.unscoped("test").filter(pk=sheet.pk).update(status="submitted")
    client.force_login(county.dept_admin)
    url = reverse("assess:round-sheet-review", args=[sheet.pk])
    page = client.post(url, {"decision": "return", "reason": ""}).content.decode()
    assert "Say why the sheet is returned." in page
    assert client.post(url, {"decision": "return", "reason": "依据不足"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "returned" and sheet.return_reason == "依据不足"


def test_publish_from_the_round_page(client, county, django_capture_on_commit_callbacks):
    row = fixtures.round_(county)
    ScoreSheet.objects.unscoped("test").filter(round=row, org=county.township_a).update(
        status="approved", total=D(91)
    )
    client.force_login(county.dept_admin)
    response = client.post(reverse("assess:round-publish", args=[row.pk]))
    assert response.url == reverse("assess:round-detail", args=[row.pk])  # B not approved
    ScoreSheet.objects.unscoped("test").filter(round=row).update(status="approved")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assess:round-publish", args=[row.pk]))
    assert response.url == reverse("assess:round-ranking", args=[row.pk])
    page = client.get(response.url).content.decode()
    assert "甲镇党委" in page and "Good (良好)" in page


def test_ranking_for_a_township_secretary_shows_only_its_own(client, county):
    row = published_round(county)
    client.force_login(county.secretary_b)
    page = client.get(reverse("assess:round-ranking", args=[row.pk])).content.decode()
    assert "乙镇党委" in page and "甲镇党委" not in page


def test_appeal_submitted_and_decided(client, county, django_capture_on_commit_callbacks):
    row = published_round(county)
    sheet = fixtures.sheet(row, county.township_a)
    client.force_login(county.secretary_a)
    url = reverse("assess:round-appeal-create", args=[sheet.pk])
    page = client.post(url, {"item": "", "text": ""}).content.decode()
    assert not Appeal.objects.unscoped("test").exists() and "text-danger" in page
    response = client.post(url, {"item": "", "text": "总分核算有误"})
    appeal = Appeal.objects.unscoped("test").get()
    assert response.url == reverse("assess:round-appeal", args=[appeal.pk])
    listed = client.get(reverse("assess:round-appeal-list")).content.decode()
    assert f'data-appeal="{appeal.pk}"' in listed
    client.force_login(county.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"status": "rejected", "decision": "复核无误", "points": ""})
    appeal.refresh_from_db()
    assert appeal.status == "rejected" and appeal.decision == "复核无误"


def test_members_see_nothing_of_rounds(client, county):
    row = published_round(county)
    client.force_login(county.member_a)
    assert client.get(reverse("assess:round-ranking", args=[row.pk])).status_code == 404
    assert "round-rows" in client.get(reverse("assess:round-list")).content.decode()
    assert reverse("assess:round-list") not in client.get(reverse("assess:home")).content.decode()
    assert not Score.objects.unscoped("test").exists()


def test_a_refusal_shows_the_services_message(client, county):
    client.force_login(county.inspector_b)
    response = client.get(reverse("assess:round-create"))
    assert response.status_code == 403
    assert "You may not issue assessment rounds." in response.content.decode()
    row = fixtures.round_(county)
    response = client.post(reverse("assess:round-start", args=[row.pk]))
    assert response.status_code == 403
    assert "You may not issue or change assessment rounds" in response.content.decode()


def test_an_item_not_on_the_sheet_is_refused_with_a_message(client, county):
    # Another rule set's item (or junk) matches no line of the sheet: the page says why
    # instead of reloading in silence, and nothing is stored.
    row = fixtures.round_(county)
    other = fixtures.ruleset(county, category="rural")
    foreign = other.items.model.objects.unscoped("test").get(ruleset=other, code="A1")
    sheet = fixtures.sheet(row, county.township_b)
    client.force_login(county.inspector_b)
    url = reverse("assess:round-sheet", args=[sheet.pk])
    for item in (foreign.pk, "junk"):
        fields = {"item": item, "points": "30", "reason": "x", "evidence": ""}
        page = client.post(url, fields).content.decode()
        assert 'class="alert alert-danger' in page or "alert-danger" in page, item
    assert not Score.objects.unscoped("test").filter(points=D(30)).exists()


def test_minus_nought_points_are_nought(client, county):
    # "-0" is nought: the deduction message reads "0 of 40", never "-0 of 40".
    row = fixtures.round_(county)
    sheet = fixtures.sheet(row, county.township_b)
    client.force_login(county.inspector_b)
    url = reverse("assess:round-sheet", args=[sheet.pk])
    fields = {"item": item_pk(county, "A1"), "points": "-0", "reason": "", "evidence": ""}
    page = client.post(url, fields).content.decode()
    assert "0 of 40 is a deduction of 40 points" in page and "-0 of 40" not in page
