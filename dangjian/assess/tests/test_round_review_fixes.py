"""The review's findings, each pinned: appeals filed only by the assessed organization's own
chain and never decided by their filer; four eyes on approval; the fill job (locks, keeps an
inspector's points, history, audit, blocks submit and publish); bad numbers as 400 / form
errors; points at an item's two-decimal max; the 优秀 quota of a small category; the score
history on the sheet page."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from dangjian.assess import round_appeal_services as appeals
from dangjian.assess import round_fill_services as fill
from dangjian.assess import round_scoring as scoring
from dangjian.assess import round_services as services
from dangjian.assess import round_sheet_services as sheets
from dangjian.assess.models import (
    Appeal,
    RoundFillJob,
    RuleItem,
    Score,
    ScoreChange,
    ScoreSheet,
)
from dangjian.assess.tests import fixtures
from dangjian.assess.tests.matrix_round import published_round
from dangjian.lib.indicators import Measure, Period
from dangjian.orgs.models import AuditEntry


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _item(sheet, code):
    return RuleItem.objects.unscoped("test").get(ruleset_id=sheet.ruleset_id, code=code)


def _sheet(row, org):
    return (
        ScoreSheet.objects.unscoped("test").select_related("round", "org").get(round=row, org=org)
    )


# ---- 1. appeals: the assessed chain files, the level above decides, never the filer -------


def test_the_level_above_may_not_file_an_appeal(client, county):
    row = published_round(county)
    sheet = _sheet(row, county.township_a)
    with pytest.raises(PermissionDenied) as caught:
        appeals.appeal_submit(actor=county.dept_admin, sheet=sheet, text="我来申诉")
    assert str(caught.value) == "Only the assessed organization may appeal its result."
    client.force_login(county.dept_admin)
    url = reverse("assess:round-appeal-create", args=[sheet.pk])
    assert client.post(url, {"item": "", "text": "我来申诉"}).status_code == 403
    page = client.get(reverse("assess:round-sheet", args=[sheet.pk])).content.decode()
    assert url not in page
    assert not Appeal.objects.unscoped("test").exists()


def test_the_assessed_secretary_files_an_appeal(client, county):
    row = published_round(county)
    sheet = _sheet(row, county.township_a)
    client.force_login(county.secretary_a)
    url = reverse("assess:round-appeal-create", args=[sheet.pk])
    assert url in client.get(reverse("assess:round-sheet", args=[sheet.pk])).content.decode()
    assert client.post(url, {"item": "", "text": "得分偏低"}).status_code == 302
    appeal = Appeal.objects.unscoped("test").get()
    assert appeal.submitted_by == county.secretary_a


def test_the_filer_may_not_decide_the_appeal(client, county):
    row = published_round(county)
    sheet = _sheet(row, county.township_a)
    # An appeal filed by the level above (before filing was limited to the assessed chain).
    appeal = Appeal.objects.create(sheet=sheet, text="自诉", submitted_by=county.dept_admin)
    with pytest.raises(PermissionDenied) as caught:
        appeals.appeal_decide(
            actor=county.dept_admin, appeal=appeal, status="upheld", decision="自己裁决"
        )
    assert str(caught.value) == (
        "You filed this appeal: someone else at the level above must decide it."
    )
    client.force_login(county.dept_admin)
    url = reverse("assess:round-appeal", args=[appeal.pk])
    assert client.post(url, {"status": "upheld", "decision": "x"}).status_code == 403
    assert Appeal.objects.unscoped("test").get().status == "pending"


def test_a_decided_appeal_is_read_again_under_its_lock(county):
    row = published_round(county)
    sheet = _sheet(row, county.township_a)
    appeal = Appeal.objects.create(sheet=sheet, text="申诉", submitted_by=county.secretary_a)
    stale = Appeal.objects.unscoped("test").get(pk=appeal.pk)
    appeals.appeal_decide(actor=county.dept_admin, appeal=appeal, status="rejected", decision="a")
    with pytest.raises(ValidationError) as caught:  # a second decider holding the old row
        appeals.appeal_decide(actor=county.superuser, appeal=stale, status="upheld", decision="b")
    assert caught.value.messages == ["This appeal was already decided."]
    assert Appeal.objects.unscoped("test").get().decided_by == county.dept_admin


# ---- 2. four eyes on approval ------------------------------------------------------------


def _score_all(actor, sheet, scorer_of=None):
    for code, points in (("A1", 40), ("A2", 20), ("B", 40)):
        who = (scorer_of or {}).get(code, actor)
        sheets.score_set(actor=who, sheet=sheet, item=_item(sheet, code), points=points)


def test_the_submitter_may_not_approve(county):
    row = fixtures.round_(county)
    sheet = _sheet(row, county.township_a)
    _score_all(county.superuser, sheet)
    sheets.sheet_submit(actor=county.superuser, sheet=sheet)
    with pytest.raises(PermissionDenied) as caught:
        sheets.sheet_approve(actor=county.superuser, sheet=sheet)
    assert str(caught.value) == (
        "You submitted this sheet or entered scores on it: someone else must approve it."
    )
    assert ScoreSheet.objects.unscoped("test").get(pk=sheet.pk).status == "submitted"
    sheets.sheet_approve(actor=county.dept_admin, sheet=sheet)
    assert ScoreSheet.objects.unscoped("test").get(pk=sheet.pk).status == "approved"


def test_whoever_entered_a_score_may_not_approve(county):
    row = fixtures.round_(county)
    sheet = _sheet(row, county.township_b)
    _score_all(county.inspector_b, sheet, scorer_of={"A2": county.dept_admin})
    sheets.sheet_submit(actor=county.inspector_b, sheet=sheet)
    with pytest.raises(PermissionDenied):
        sheets.sheet_approve(actor=county.dept_admin, sheet=sheet)
    sheets.sheet_approve(actor=county.superuser, sheet=sheet)
    assert ScoreSheet.objects.unscoped("test").get(pk=sheet.pk).approved_by == county.superuser


# ---- 3. the fill job ---------------------------------------------------------------------


def _job(row, county):
    return RoundFillJob.objects.create(round=row, requested_by=county.dept_admin)


def _period(row):
    return Period(row.period_start, row.period_end)


def _b(org):
    return Score.objects.unscoped("test").get(sheet__org=org, item__code="B")


def test_the_fill_job_keeps_an_inspectors_points_and_writes_history(county):
    row = fixtures.round_(county)
    fill.fill_run(_job(row, county))
    computed = _b(county.township_a).points
    assert computed is not None
    first = ScoreChange.objects.unscoped("test").get(score=_b(county.township_a))
    assert (first.old_points, first.new_points) == (None, computed)
    assert (first.changed_by, first.reason) == (county.dept_admin, "computed from records")
    other = computed - 1 if computed >= 1 else computed + 1
    # A: the inspector entered the then computed points (no reason needed); the job keeps them.
    Score.objects.unscoped("test").filter(pk=_b(county.township_a).pk).update(
        points=other, auto_points=other, entered_by=county.inspector_b
    )
    # B: still the previous computed points, untouched: the job refreshes them.
    Score.objects.unscoped("test").filter(pk=_b(county.township_b).pk).update(
        points=other, auto_points=other
    )
    ScoreChange.objects.unscoped("test").all().delete()
    AuditEntry.objects.unscoped("test").filter(action="assess.sheet.fill").delete()
    fill.fill_run(_job(row, county))
    kept, refreshed = _b(county.township_a), _b(county.township_b)
    assert (kept.points, kept.auto_points) == (other, computed)
    assert refreshed.points == computed
    change = ScoreChange.objects.unscoped("test").get()
    assert (change.score_id, change.old_points, change.new_points) == (
        refreshed.pk,
        other,
        computed,
    )
    assert AuditEntry.objects.unscoped("test").filter(action="assess.sheet.fill").count() == 2


def test_the_fill_job_skips_a_sheet_submitted_meanwhile(county):
    row = fixtures.round_(county)
    sheet = _sheet(row, county.township_a)  # listed as open by the job
    ScoreSheet.objects.unscoped("test").filter(pk=sheet.pk).update(status="submitted")
    items = list(RuleItem.objects.unscoped("test").filter(ruleset_id=sheet.ruleset_id))
    assert fill.fill_sheet(sheet, items, _period(row)) is None
    assert not Score.objects.unscoped("test").filter(sheet=sheet).exists()


def test_submit_and_publish_wait_for_the_fill_job(county):
    row = fixtures.round_(county)
    sheet = _sheet(row, county.township_a)
    _score_all(county.superuser, sheet)
    _job(row, county)  # queued, no worker yet
    with pytest.raises(ValidationError) as caught:
        sheets.sheet_submit(actor=county.superuser, sheet=sheet)
    assert caught.value.messages == [
        "The automatic items are being filled; submit once the job has finished."
    ]
    ScoreSheet.objects.unscoped("test").filter(round=row).update(status="approved")
    with pytest.raises(ValidationError) as caught:
        services.round_publish(actor=county.dept_admin, round_=row)
    assert caught.value.messages == [
        "The automatic items are already being filled; wait for the job."
    ]
    assert _sheet(row, county.township_b).round.status == "scoring"


# ---- 4. bad input: 400 and form errors, never 500 ----------------------------------------


def test_huge_ids_in_the_api_are_400(client, county):
    row = fixtures.round_(county)
    client.force_login(county.inspector_b)
    url = reverse("api:assess-round-scores", args=[row.pk])
    payload = {"org": 10**20, "indicator": "A1", "points": 40}
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 400 and "org" in response.json()
    client.force_login(county.dept_admin)
    payload = {
        "org": county.root.pk,
        "name": "r",
        "period_kind": "month",
        "year": 2026,
        "number": 1,
        "rulesets": [10**20],
    }
    response = client.post(
        reverse("api:assess-round-list"), payload, content_type="application/json"
    )
    assert response.status_code == 400 and "rulesets" in response.json()


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("9e999999", "Enter points as a number, e.g. 8.5."),
        ("1e-999999", "Points are kept to one decimal place (e.g. 8.5)."),
    ],
)
def test_a_huge_exponent_on_the_sheet_page_is_a_form_error(client, county, points, message):
    row = fixtures.round_(county)
    sheet = fixtures.sheet(row, county.township_b)
    client.force_login(county.inspector_b)
    url = reverse("assess:round-sheet", args=[sheet.pk])
    fields = {"item": _item(sheet, "A1").pk, "points": points, "reason": "x"}
    response = client.post(url, fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Score.objects.unscoped("test").exists()


def test_a_huge_exponent_in_an_appeal_decision_is_a_form_error(client, county):
    row = published_round(county)
    sheet = _sheet(row, county.township_a)
    item = _item(sheet, "A1")
    appeal = Appeal.objects.create(
        sheet=sheet, item=item, text="申诉", submitted_by=county.secretary_a
    )
    client.force_login(county.dept_admin)
    url = reverse("assess:round-appeal", args=[appeal.pk])
    response = client.post(url, {"status": "upheld", "decision": "ok", "points": "9e999999"})
    assert response.status_code == 200
    assert "Enter points as a number, e.g. 8.5." in response.content.decode()
    assert Appeal.objects.unscoped("test").get().status == "pending"


# ---- 5. precision: an item's two-decimal max ---------------------------------------------


def test_an_item_max_of_19_95_is_scorable_and_never_exceeded(county):
    rules = fixtures.ruleset(county)
    RuleItem.objects.unscoped("test").filter(ruleset=rules, code="A2").update(max_points=D("19.95"))
    row = fixtures.round_(county, rules=rules)
    sheet = _sheet(row, county.township_b)
    scored = sheets.score_set(
        actor=county.inspector_b, sheet=sheet, item=_item(sheet, "A2"), points="19.95"
    )
    assert scored.score.points == D("19.95")
    with pytest.raises(ValidationError) as caught:  # other two-decimal points stay refused
        sheets.score_set(
            actor=county.inspector_b, sheet=sheet, item=_item(sheet, "A2"), points="19.85"
        )
    assert caught.value.message_dict == {
        "points": ["Points are kept to one decimal place (e.g. 8.5)."]
    }
    # Computed at full marks: rounded to 0.1 (20.0), then held at the max.
    assert scoring.auto_points(Measure(4, 4, "4 of 4"), D("19.95"), True).points == D("19.95")


# ---- 6. the 优秀 quota of a small category -------------------------------------------------


def test_the_excellent_quota_rounds_down_for_a_small_category():
    four = [D(95), D(85), D(82), D(70)]  # 4 × 20 % = 0.8 → no 优秀
    assert scoring.grades(four, 20) == ["good", "good", "good", "fair"]
    five = [D(95), D(85), D(82), D(70), D(91)]  # 5 × 20 % = 1
    assert scoring.grades(five, 20) == ["excellent", "good", "good", "fair", "good"]


# ---- 7. the score history on the sheet page ----------------------------------------------


def test_the_sheet_page_shows_each_scores_history(client, county):
    row = fixtures.round_(county)
    sheet = _sheet(row, county.township_b)
    item = _item(sheet, "A1")
    sheets.score_set(actor=county.inspector_b, sheet=sheet, item=item, points=40)
    sheets.score_set(actor=county.inspector_b, sheet=sheet, item=item, points=35, reason="缺额")
    client.force_login(county.dept_admin)
    page = client.get(reverse("assess:round-sheet", args=[sheet.pk])).content.decode()
    assert "Score history (2)" in page
    assert "inspector_b · 40 → 35 · 缺额" in page
    assert "inspector_b · — → 40" in page
