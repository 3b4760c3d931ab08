"""Services of rounds: create (scope, rule sets, bad input), start scoring (the fill job),
scores (rights, the rules of a reason, history and audit, totals), submit, approve and
return, publish (ranks, grades, notices), appeals (deadline, decision, re-rank)."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from dangjian.assess import round_appeal_services as appeals
from dangjian.assess import round_services as services
from dangjian.assess import round_sheet_services as sheets
from dangjian.assess.models import (
    Appeal,
    AssessRound,
    RoundFillJob,
    RuleItem,
    Score,
    ScoreChange,
    ScoreSheet,
)
from dangjian.assess.tests import fixtures
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry, Organization


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _item(rules, code):
    return RuleItem.objects.unscoped("test").get(ruleset=rules, code=code)


def _sheet(row, org):
    return (
        ScoreSheet.objects.unscoped("test").select_related("round", "org").get(round=row, org=org)
    )


def _create(county, **extra):
    today = timezone.localdate()
    fields = {
        "actor": county.dept_admin,
        "org": county.root,
        "name": "十一月考核",
        "period_kind": "month",
        "year": today.year,
        "number": today.month,
    } | extra
    return services.round_create(**fields)


def test_create_makes_one_sheet_per_assessed_org_with_the_rule_set_in_force(county):
    rules = fixtures.ruleset(county)
    row = _create(county)
    assert row.status == AssessRound.Status.DRAFT
    links = AssessRound.rulesets.through.objects.filter(assessround=row)
    assert list(links.values_list("ruleset_id", flat=True)) == [rules.pk]
    orgs = set(ScoreSheet.objects.unscoped("test").values_list("org__name", flat=True))
    # Only the township category has a rule set: the villages, the unit are not assessed.
    assert orgs == {"甲镇党委", "乙镇党委"}
    assert AuditEntry.objects.unscoped("test").filter(action="assess.round.create").count() == 1


def test_create_refuses_bad_input_naming_each_field_and_saves_nothing(county):
    fixtures.ruleset(county)
    with pytest.raises(ValidationError) as caught:
        _create(county, name=" ", number=13, excellent_quota_percent=120)
    errors = caught.value.message_dict
    assert errors["name"] == ["Give the round a name."]
    assert errors["number"] == ["Enter a month between 1 and 12."]
    assert errors["excellent_quota_percent"] == ["Enter a share between 0 and 100 %."]
    assert not AssessRound.objects.unscoped("test").exists()


def test_a_year_out_of_range_gets_one_message_not_a_second_about_rule_sets(county):
    fixtures.ruleset(county)
    with pytest.raises(ValidationError) as caught:
        _create(county, year=1999)
    assert set(caught.value.message_dict) == {"year"}


def test_create_without_a_rule_set_in_force_says_so(county):
    fixtures.ruleset(county, status="draft")
    with pytest.raises(ValidationError) as caught:
        _create(county)
    assert "No rule set in force" in caught.value.message_dict["rulesets"][0]


def test_create_needs_change_at_the_issuer(county):
    fixtures.ruleset(county)
    with pytest.raises(Organization.DoesNotExist):
        _create(county, actor=county.secretary_a)
    with pytest.raises(ValidationError):  # township A has no township below it
        _create(county, actor=county.secretary_a, org=county.township_a)


def test_start_fills_every_sheet_in_a_job(county, django_capture_on_commit_callbacks):
    rules = fixtures.ruleset(county)
    row = _create(county)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.round_start(actor=county.dept_admin, round_=row)
    job = RoundFillJob.objects.unscoped("test").get(pk=job.pk)
    assert (job.status, job.progress_done, job.progress_total) == ("done", 2, 2)
    row.refresh_from_db()
    assert row.status == AssessRound.Status.SCORING
    scores = Score.objects.unscoped("test").filter(sheet__org=county.township_a)
    assert scores.count() == 6
    auto = scores.get(item=_item(rules, "B"))
    assert auto.auto_points is not None and auto.points == auto.auto_points
    assert auto.explanation.endswith(f": {auto.auto_points.normalize():f} of 40")
    assert _sheet(row, county.township_a).total == auto.points


def test_start_needs_change_at_the_issuer(county):
    row = fixtures.round_(county, status="draft")
    with pytest.raises(AssessRound.DoesNotExist):  # the county's round is out of B's sight
        services.round_start(actor=county.inspector_b, round_=row)


def test_a_deduction_needs_a_reason_and_is_recorded(county):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    sheet = _sheet(row, county.township_b)
    a1 = _item(rules, "A1")
    with pytest.raises(ValidationError) as caught:
        sheets.score_set(actor=county.inspector_b, sheet=sheet, item=a1, points="35")
    assert caught.value.message_dict == {
        "reason": ["35 of 40 is a deduction of 5 points: give the reason."]
    }
    assert not Score.objects.unscoped("test").exists()
    done = sheets.score_set(
        actor=county.inspector_b, sheet=sheet, item=a1, points="35", reason="班子缺额一人"
    )
    assert done.created and done.total == D(35)
    sheets.score_set(actor=county.inspector_b, sheet=sheet, item=a1, points="40")
    change = ScoreChange.objects.unscoped("test").order_by("pk").last()
    assert (change.old_points, change.new_points, change.changed_by) == (
        D(35),
        D(40),
        county.inspector_b,
    )
    entry = (
        AuditEntry.objects.unscoped("test").filter(action="assess.score.set").order_by("pk").last()
    )
    assert entry.data["old"] == "35.00" and entry.data["new"] == "40"
    assert _sheet(row, county.township_b).total == D(40)


@pytest.mark.parametrize(
    ("code", "points", "field", "message"),
    [
        ("A1", "41", "points", "Enter points between 0 and 40."),
        ("A1", "-1", "points", "Enter points between 0 and 40."),
        ("A1", "abc", "points", "Enter points as a number, e.g. 8.5."),
        ("A1", "8.25", "points", "Points are kept to one decimal place (e.g. 8.5)."),
        ("Y", "3", "reason", "A deduction of 3 points needs its reason."),
        ("X", "6", "points", "Enter points between 0 and 5."),
        ("A", "50", "indicator", "A is scored through its sub-indicators."),
    ],
)
def test_bad_scores_are_refused_with_their_rule(county, code, points, field, message):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    sheet = _sheet(row, county.township_b)
    with pytest.raises(ValidationError) as caught:
        sheets.score_set(
            actor=county.inspector_b, sheet=sheet, item=_item(rules, code), points=points
        )
    assert caught.value.message_dict == {field: [message]}
    assert not ScoreChange.objects.unscoped("test").exists()


def test_adjusting_an_automatic_score_needs_a_reason(county):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    sheet = _sheet(row, county.township_b)
    b = _item(rules, "B")
    Score.objects.create(sheet=sheet, item=b, points=D(30), auto_points=D(30), explanation="x")
    with pytest.raises(ValidationError) as caught:
        sheets.score_set(actor=county.inspector_b, sheet=sheet, item=b, points="35")
    assert caught.value.message_dict == {
        "reason": ["The computed points are 30: say why you change them to 35."]
    }
    sheets.score_set(actor=county.inspector_b, sheet=sheet, item=b, points="30")


def test_who_may_score(county):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    a1 = _item(rules, "A1")
    with pytest.raises(PermissionDenied):  # township B's secretary sees but may not score
        sheets.score_set(
            actor=county.secretary_b, sheet=_sheet(row, county.township_b), item=a1, points=40
        )
    with pytest.raises(ScoreSheet.DoesNotExist):  # township A is out of B's inspector's sight
        sheets.score_set(
            actor=county.inspector_b, sheet=_sheet(row, county.township_a), item=a1, points=40
        )
    # The department may step in for an inspector.
    sheets.score_set(
        actor=county.dept_admin, sheet=_sheet(row, county.township_a), item=a1, points=40
    )


def test_assign_needs_an_inspector_who_may_score_there(county):
    row = fixtures.round_(county)
    sheet = _sheet(row, county.township_a)
    with pytest.raises(ValidationError) as caught:
        sheets.sheet_assign(actor=county.dept_admin, sheet=sheet, inspector=county.inspector_b)
    assert caught.value.message_dict == {
        "inspector": ["inspector_b may not score 甲镇党委: choose an inspector who may."]
    }
    sheets.sheet_assign(actor=county.dept_admin, sheet=sheet, inspector=county.dept_admin)
    with pytest.raises(AssessRound.DoesNotExist):
        sheets.sheet_assign(
            actor=county.inspector_b, sheet=_sheet(row, county.township_b), inspector=None
        )


def _score_all(county, rules, sheet, actor, a1=40, a2=20, b=40):
    for code, points in (("A1", a1), ("A2", a2), ("B", b)):
        reason = "" if points == _item(rules, code).max_points else "扣分"
        sheets.score_set(
            actor=actor, sheet=sheet, item=_item(rules, code), points=points, reason=reason
        )


def test_submit_approve_return(county, django_capture_on_commit_callbacks):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    sheet = _sheet(row, county.township_b)
    with pytest.raises(ValidationError) as caught:
        sheets.sheet_submit(actor=county.inspector_b, sheet=sheet)
    assert caught.value.messages == [
        "Not scored yet: A1、A2、B. Score every item before submitting."
    ]
    _score_all(county, rules, sheet, county.inspector_b, a1=36)
    sheets.sheet_submit(actor=county.inspector_b, sheet=sheet)
    with pytest.raises(ValidationError):  # submitted: locked
        sheets.score_set(actor=county.inspector_b, sheet=sheet, item=_item(rules, "A1"), points=40)
    with pytest.raises(PermissionDenied):  # a township never approves its own sheet
        sheets.sheet_approve(actor=county.secretary_b, sheet=sheet)
    with pytest.raises(ValidationError) as caught:
        sheets.sheet_return(actor=county.dept_admin, sheet=sheet, reason=" ")
    assert caught.value.message_dict == {"reason": ["Say why the sheet is returned."]}
    with django_capture_on_commit_callbacks(execute=True):
        sheets.sheet_return(actor=county.dept_admin, sheet=sheet, reason="A1扣分依据不足")
    notice = Notice.objects.get(recipient=county.inspector_b)
    assert "A1扣分依据不足" in notice.subject and "乙镇党委" in notice.subject
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.RETURNED
    sheets.sheet_submit(actor=county.inspector_b, sheet=sheet)
    sheets.sheet_approve(actor=county.dept_admin, sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == "approved" and sheet.approved_by == county.dept_admin


def _publish(county, rules, row, django_capture_on_commit_callbacks, a1_b=36):
    for org, a1 in ((county.township_a, 40), (county.township_b, a1_b)):
        sheet = _sheet(row, org)
        # Four eyes: the superuser scores and submits, the department approves.
        _score_all(county, rules, sheet, county.superuser, a1=a1)
        sheets.sheet_submit(actor=county.superuser, sheet=sheet)
        sheets.sheet_approve(actor=county.dept_admin, sheet=sheet)
    with django_capture_on_commit_callbacks(execute=True):
        return services.round_publish(actor=county.dept_admin, round_=row)


def test_publish_needs_every_sheet_approved(county):
    row = fixtures.round_(county)
    with pytest.raises(ValidationError) as caught:
        services.round_publish(actor=county.dept_admin, round_=row)
    assert caught.value.messages == [
        "2 sheets are not approved yet (甲镇党委、乙镇党委): publish once every sheet is approved."
    ]


def test_publish_ranks_grades_and_tells_the_secretaries(county, django_capture_on_commit_callbacks):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    row.excellent_quota_percent = 50
    row.save()
    _publish(county, rules, row, django_capture_on_commit_callbacks)
    a, b = _sheet(row, county.township_a), _sheet(row, county.township_b)
    assert (a.total, a.rank, a.grade) == (D(100), 1, "excellent")
    assert (b.total, b.rank, b.grade) == (D(96), 2, "good")  # over the quota (1 of 2)
    assert Notice.objects.filter(recipient=county.secretary_a).count() == 1
    assert Notice.objects.filter(recipient=county.secretary_b).count() == 1


def test_appeal_within_the_days_decided_and_re_ranked(county, django_capture_on_commit_callbacks):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    row.excellent_quota_percent = 100
    row.save()
    _publish(county, rules, row, django_capture_on_commit_callbacks, a1_b=20)
    sheet_b = _sheet(row, county.township_b)
    assert (sheet_b.total, sheet_b.grade) == (D(80), "good")
    with pytest.raises(ScoreSheet.DoesNotExist):  # township A may not appeal for B
        appeals.appeal_submit(actor=county.secretary_a, sheet=sheet_b, text="x")
    with pytest.raises(PermissionDenied):  # B's inspector sees the sheet, may not appeal
        appeals.appeal_submit(actor=county.inspector_b, sheet=sheet_b, text="x")
    late = timezone.localdate() + datetime.timedelta(days=8)
    with pytest.raises(ValidationError):
        appeals.appeal_submit(actor=county.secretary_b, sheet=sheet_b, text="x", today=late)
    with pytest.raises(ValidationError) as caught:
        appeals.appeal_submit(actor=county.secretary_b, sheet=sheet_b, text="")
    assert caught.value.message_dict == {"text": ["Give the grounds of the appeal."]}
    appeal = appeals.appeal_submit(
        actor=county.secretary_b, sheet=sheet_b, text="班子已补齐", item=_item(rules, "A1")
    )
    with pytest.raises(ValidationError):  # one pending at a time
        appeals.appeal_submit(actor=county.secretary_b, sheet=sheet_b, text="再诉")
    with pytest.raises(PermissionDenied):
        appeals.appeal_decide(
            actor=county.secretary_b, appeal=appeal, status="upheld", decision="x"
        )
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_decide(
            actor=county.dept_admin,
            appeal=appeal,
            status="upheld",
            decision="核实后班子已补齐，恢复10分",
            points="30",
        )
    appeal = Appeal.objects.unscoped("test").get(pk=appeal.pk)
    assert appeal.status == "upheld" and appeal.decided_by == county.dept_admin
    sheet_b = _sheet(row, county.township_b)
    assert (sheet_b.total, sheet_b.grade) == (D(90), "excellent")
    change = ScoreChange.objects.unscoped("test").order_by("pk").last()
    assert (change.old_points, change.new_points) == (D(20), D(30))
    assert AuditEntry.objects.unscoped("test").filter(action="assess.score.appeal").count() == 1
    assert Notice.objects.filter(recipient=county.secretary_b, subject__contains="upheld").exists()


def test_appeal_deadline_counts_from_publication(county, django_capture_on_commit_callbacks):
    rules = fixtures.ruleset(county)
    row = fixtures.round_(county, rules=rules)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False):
        _publish(county, rules, row, django_capture_on_commit_callbacks)
    sheet_b = _sheet(row, county.township_b)
    appeals.appeal_submit(
        actor=county.secretary_b, sheet=sheet_b, text="x", today=datetime.date(2026, 11, 9)
    )
    Appeal.objects.unscoped("test").update(status="rejected")
    with pytest.raises(ValidationError) as caught:
        appeals.appeal_submit(
            actor=county.secretary_b, sheet=sheet_b, text="x", today=datetime.date(2026, 11, 10)
        )
    assert caught.value.messages == [
        "Appeals were accepted until Nov. 9, 2026 (7 days after publication)."
    ]


def test_an_unknown_indicator_is_left_to_the_inspector(county, django_capture_on_commit_callbacks):
    rules = fixtures.ruleset(county)
    RuleItem.objects.unscoped("test").filter(ruleset=rules, code="B").update(
        auto_indicator="honors.not_yet_built"
    )
    row = _create(county)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_start(actor=county.dept_admin, round_=row)
    score = Score.objects.unscoped("test").get(sheet__org=county.township_b, item__code="B")
    assert score.points is None and score.auto_points is None
    assert score.explanation == (
        "The indicator honors.not_yet_built is not available: score this item by hand."
    )
    # Scored by hand under the manual rule: below the max needs a reason.
    sheet = _sheet(row, county.township_b)
    with pytest.raises(ValidationError) as caught:
        sheets.score_set(actor=county.inspector_b, sheet=sheet, item=_item(rules, "B"), points=30)
    assert list(caught.value.message_dict) == ["reason"]


def test_starting_twice_while_the_job_runs_is_refused(county):
    row = fixtures.round_(county, status="draft")
    services.round_start(actor=county.dept_admin, round_=row)  # no worker: it stays queued
    with pytest.raises(ValidationError) as caught:
        services.round_start(actor=county.dept_admin, round_=row)
    assert caught.value.messages == [
        "The automatic items are already being filled; wait for the job."
    ]
