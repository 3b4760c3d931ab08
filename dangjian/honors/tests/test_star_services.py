"""Star ratings against hand-computed stars: thresholds, the assessment number read (yearly
round, else monthly mean, else quarterly mean), vetoes through the work indicators, history
kept, publishing, criteria checks with their messages (nothing saved on bad input)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import translation

from dangjian.honors import star_compute, star_criteria, star_services
from dangjian.honors.models import StarCriteria, StarRating
from dangjian.honors.tests.fixtures_star import (
    last_year,
    no_vetoes,
    published_round,
    rating_of,
)
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages checked by their English words (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


def _run(county, actor=None, issuer=None, year=None):
    return star_services.rating_run(
        actor=actor or county.dept_admin, issuer=issuer or county.root, year=year or last_year()
    )


def test_stars_by_threshold_hand_computed(county):
    """95 → 5, 94.9 → 4, 90 → 4, 80 → 3, 70 → 2, 69.9 → 1 (the default lines 95/90/80/70);
    the unit has no result: not rated (0) with the reason."""
    published_round(
        county,
        {
            county.village_a1: "95",
            county.township_a: "94.9",
            county.township_b: "80",
            county.village_b1: "69.9",
        },
    )
    summary = _run(county)
    assert rating_of(county.village_a1).stars == 5
    assert rating_of(county.township_a).stars == 4
    assert rating_of(county.township_b).stars == 3
    assert rating_of(county.village_b1).stars == 1
    unit = rating_of(county.unit)
    assert (unit.stars, unit.score) == (0, None)
    assert unit.reasons == [{"kind": "no_result", "year": last_year()}]
    assert (summary.rated, summary.not_rated) == (4, 1)
    assert summary.by_stars == {5: 1, 4: 1, 3: 1, 1: 1}
    # The Party group is no grassroots organization of its own; the issuer is not rated.
    orgs = set(StarRating.objects.unscoped("test").values_list("org_id", flat=True))
    assert county.group_a1.pk not in orgs and county.root.pk not in orgs
    reason = rating_of(county.township_a).reasons[0]
    assert reason["min_score"] == "90" and reason["score"] == "94.9"
    text = star_compute.reason_text(reason)
    assert "94.9" in text and "90" in text


def test_monthly_mean_when_no_yearly_round_and_yearly_wins(county):
    """Township B: months 80, 85, 90.3 → mean 85.1 → 3★ (a draft month round of 100 and a
    round of another year do not count). Township A: a yearly round 71 beats its months of 99
    → 2★. Village B1: quarters 90 and 91 → 90.5 → 4★."""
    year = last_year()
    published_round(county, {county.township_a: "71"}, kind="year")
    for month, total in ((1, "80"), (2, "85"), (3, "90.3")):
        published_round(
            county, {county.township_b: total, county.township_a: "99"}, kind="month", month=month
        )
    published_round(county, {county.township_b: "100"}, kind="month", month=4, status="scoring")
    published_round(county, {county.township_b: "10"}, kind="month", year=year - 1)
    published_round(county, {county.village_b1: "90"}, kind="quarter", month=1)
    published_round(county, {county.village_b1: "91"}, kind="quarter", month=4)
    no_vetoes(county)
    _run(county)
    b = rating_of(county.township_b)
    assert (b.stars, b.score) == (3, Decimal("85.1"))
    assert b.reasons[0]["source"] == "months" and b.reasons[0]["rounds"] == 3
    a = rating_of(county.township_a)
    assert (a.stars, a.score) == (2, Decimal("71.0"))
    assert a.reasons[0]["source"] == "year"
    b1 = rating_of(county.village_b1)
    assert (b1.stars, b1.score) == (4, Decimal("90.5"))


def _overdue_rectification(county, year):
    from dangjian.work.tests.test_rect_selectors import _row

    return _row(county, datetime.date(year, 6, 30), "open")


def _overdue_item(county, year):
    from dangjian.work.models import Milestone, WorkItem
    from dangjian.work.tests import fixtures as work

    row = work.item(county, work.plan(county, year=year))
    day = datetime.date(year, 9, 30)
    WorkItem.objects.unscoped("test").filter(pk=row.pk).update(deadline=day, first_deadline=day)
    Milestone.objects.unscoped("test").filter(item=row).update(due_on=day)
    return row


def test_vetoes_cap_and_take_stars_with_the_indicator_explanation(county):
    """Village A1 96 → 5★; its overdue rectification (0 of 1 on time < 1) caps it at 2★;
    its overdue work item then takes one more → 1★. Township A (the rectification and the
    item lie in its subtree too) 91 → 4★ → 2★ → 1★. Township B 91 and clean → 4★."""
    year = last_year()
    published_round(
        county,
        {county.village_a1: "96", county.township_a: "91", county.township_b: "91"},
    )
    _overdue_rectification(county, year)
    _overdue_item(county, year)
    _run(county)
    a1 = rating_of(county.village_a1)
    assert a1.stars == 1
    kinds = [reason["kind"] for reason in a1.reasons]
    assert kinds == ["score", "veto", "veto"]
    cap, minus = a1.reasons[1], a1.reasons[2]
    assert (cap["label"], cap["before"], cap["after"]) == ("整改未按期完成", 5, 2)
    assert "0" in cap["explanation"] and "1" in cap["explanation"]
    assert (minus["before"], minus["after"]) == (2, 1)
    assert "整改未按期完成" in star_compute.reason_text(cap)
    assert rating_of(county.township_a).stars == 1
    assert rating_of(county.township_b).stars == 4


def test_a_veto_of_a_three_star_org_under_the_cap_is_still_a_reason(county):
    published_round(county, {county.village_a1: "72"})
    _overdue_rectification(county, last_year())
    _run(county)
    a1 = rating_of(county.village_a1)
    assert a1.stars == 2
    assert a1.reasons[1]["before"] == a1.reasons[1]["after"] == 2


def test_rerun_keeps_history_and_publishing_tells_secretaries(county):
    year = last_year()
    published_round(county, {county.township_a: "92"})
    _run(county)
    first = rating_of(county.township_a)
    published_round(county, {county.township_a: "96"})  # a later yearly round replaces it
    _run(county)
    rows = StarRating.objects.unscoped("test").filter(org=county.township_a).order_by("pk")
    assert [(r.stars, r.current) for r in rows] == [(4, False), (5, True)]
    assert rows[0].pk == first.pk
    with pytest.raises(Organization.DoesNotExist):  # the county is out of township A's sight
        star_services.ratings_publish(actor=county.secretary_a, issuer=county.root, year=year)
    with TestCase.captureOnCommitCallbacks(execute=True):
        count = star_services.ratings_publish(
            actor=county.dept_admin, issuer=county.root, year=last_year()
        )
    assert count == 5  # every grassroots org below the county, rated or not
    assert StarRating.objects.unscoped("t").get(pk=rows[1].pk).published
    assert not StarRating.objects.unscoped("t").get(pk=rows[0].pk).published
    assert Notice.objects.filter(recipient=county.secretary_a).count() == 1
    assert AuditEntry.objects.unscoped("test").filter(action="honors.star.publish").count() == 1
    assert AuditEntry.objects.unscoped("test").filter(action="honors.star.run").count() == 2
    with pytest.raises(ValidationError) as again:
        star_services.ratings_publish(actor=county.dept_admin, issuer=county.root, year=last_year())
    assert "year" in again.value.message_dict


def test_run_needs_change_at_the_issuer(county):
    published_round(county, {county.township_a: "92"})
    with pytest.raises(PermissionDenied):
        _run(county, actor=county.inspector_b, issuer=county.township_b)
    with pytest.raises(Organization.DoesNotExist):
        _run(county, actor=county.secretary_b, issuer=county.township_a)
    assert not StarRating.objects.unscoped("test").exists()
    # Township A's secretary rates township A's own subtree (village A1) from the county's round.
    published_round(county, {county.village_a1: "81"})
    summary = _run(county, actor=county.secretary_a, issuer=county.township_a)
    assert summary.rated == 1
    assert rating_of(county.village_a1).issuer_id == county.township_a.pk


def test_year_refused_outside_range(county):
    next_year = last_year() + 2
    with pytest.raises(ValidationError) as refused:
        _run(county, year=next_year)
    assert "year" in refused.value.message_dict


GOOD = [{"stars": 5, "min_score": "96.5"}, {"stars": 3, "min_score": "75"}]


@pytest.mark.parametrize(
    ("thresholds", "vetoes", "field", "words"),
    [
        ([{"stars": 5, "min_score": "80"}, {"stars": 4, "min_score": "85"}], [], "thresholds",
         "strictly down"),
        ([{"stars": 6, "min_score": "80"}], [], "thresholds", "from 1 to 5"),
        ([{"stars": 5, "min_score": "100.5"}], [], "thresholds", "between 0 and 100"),
        ([{"stars": 5, "min_score": "90.25"}], [], "thresholds", "one decimal"),
        ([{"stars": 5, "min_score": "abc"}], [], "thresholds", "not a number"),
        ([{"stars": 5, "min_score": "90"}, {"stars": 5, "min_score": "80"}], [], "thresholds",
         "already"),
        ([], [], "thresholds", "at least one"),
        (GOOD, [{"indicator": "work.nothing", "when": "ratio_below", "value": "1",
                 "effect": "max_stars", "stars": 2, "label": "x"}], "vetoes", "registered"),
        (GOOD, [{"indicator": "work.items_overdue", "when": "count_above", "value": "0",
                 "effect": "max_stars", "stars": 5, "label": "x"}], "vetoes", "from 1 to 4"),
        (GOOD, [{"indicator": "work.items_overdue", "when": "often", "value": "0",
                 "effect": "max_stars", "stars": 2, "label": "x"}], "vetoes", "ratio_below"),
        (GOOD, [{"indicator": "work.rectifications_on_time", "when": "ratio_below",
                 "value": "2", "effect": "max_stars", "stars": 2, "label": "x"}], "vetoes",
         "between 0 and 1"),
        (GOOD, [{"indicator": "work.items_overdue", "when": "count_above", "value": "0",
                 "effect": "max_stars", "stars": 2, "label": ""}], "vetoes", "label"),
        (GOOD, [{"indicator": "work.items_overdue", "when": "count_above", "value": "0",
                 "effect": "max_stars", "stars": 2, "label": "x", "extra": 1}], "vetoes",
         "unknown field"),
    ],
)  # fmt: skip
def test_bad_criteria_refused_with_their_message(county, thresholds, vetoes, field, words):
    with pytest.raises(ValidationError) as refused:
        star_services.criteria_save(
            actor=county.dept_admin,
            issuer=county.root,
            year=last_year(),
            thresholds=thresholds,
            vetoes=vetoes,
        )
    messages = refused.value.message_dict
    assert field in messages, messages
    assert any(words in message for message in messages[field]), messages
    assert not StarCriteria.objects.unscoped("test").exists()


def test_criteria_saved_apply_to_the_run_and_to_the_subtree(county):
    year = last_year()
    star_services.criteria_save(
        actor=county.dept_admin,
        issuer=county.root,
        year=year,
        thresholds=GOOD,
        vetoes=[],
    )
    assert star_criteria.in_force(county.township_a, year).set_by == county.root
    assert star_criteria.in_force(county.township_a, year - 1).is_default
    published_round(county, {county.township_a: "96.5", county.township_b: "96.4"})
    _run(county)
    assert rating_of(county.township_a).stars == 5
    assert rating_of(county.township_b).stars == 3  # 96.4 < 96.5, ≥ 75
    with pytest.raises(PermissionDenied):
        star_services.criteria_save(
            actor=county.inspector_b, issuer=county.township_b, year=year, thresholds=GOOD,
            vetoes=[],
        )  # fmt: skip


def test_a_veto_whose_indicator_went_away_stops_the_run(county):
    year = last_year()
    row = no_vetoes(county)
    row.vetoes = [dict(star_criteria.defaults().vetoes[0], indicator="gone.away")]
    row.save()
    published_round(county, {county.township_a: "92"})
    with pytest.raises(ValidationError) as refused:
        _run(county, year=year)
    assert "gone.away" in str(refused.value.message_dict["vetoes"])
    assert not StarRating.objects.unscoped("test").exists()


def test_a_queued_run_whose_requester_lost_the_right_fails_with_the_reason(county):
    from dangjian.honors.models import StarRunJob
    from dangjian.orgs.models import RoleAssignment

    published_round(county, {county.village_a1: "92"})
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        job = star_services.rating_run_start(
            actor=county.secretary_a, issuer=county.township_a, year=last_year()
        )
    RoleAssignment.objects.unscoped("test").filter(user=county.secretary_a).delete()
    county.secretary_a.__dict__.pop("_dangjian_grants", None)
    for callback in queued:
        callback()  # the immediate backend runs the task here
    job = StarRunJob.objects.unscoped("test").get(pk=job.pk)
    assert job.status == "failed" and "may not rate" in job.error
    assert not StarRating.objects.unscoped("test").exists()


def test_a_second_run_while_one_is_queued_is_refused(county):
    published_round(county, {county.village_a1: "92"})
    with TestCase.captureOnCommitCallbacks(execute=False):
        star_services.rating_run_start(
            actor=county.secretary_a, issuer=county.township_a, year=last_year()
        )
        with pytest.raises(ValidationError) as refused:
            star_services.rating_run_start(
                actor=county.dept_admin, issuer=county.township_a, year=last_year()
            )
    assert "under way" in str(refused.value.message_dict["year"])
