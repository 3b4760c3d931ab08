"""Done means: "An auto-scored indicator's explanation matches a hand calculation in a test,
for each registered indicator." For EVERY code in `lib.indicators.registered()` a rule item
scored from it (max 10) fills township A's sheet for October 2026 through the round's job,
and the Score's points and explanation equal the hand calculation below. A newly registered
indicator fails this test until its hand calculation is added.

The records are written with the feature apps' models (never their code): a theme party day
of village A1 (三会一课), a second village (甲二村) and a visit to village A1 (下基层);
the rest of the county holds no records of the period, which is a hand count too (nothing
due → full points, rules_round.NOTHING_DUE_SCORES_FULL).
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.utils import translation

from dangjian.assess import round_services
from dangjian.assess.models import (
    AssessRound,
    Evaluation,
    Kpi,
    KpiValue,
    RuleItem,
    RuleSet,
    Score,
    ScoreSheet,
)
from dangjian.conftest import make_org, make_person
from dangjian.lib.indicators import registered

NOTHING = " — nothing was due: full points: 10 of 10"
# code → (points, explanation) for township A, October 2026, as counted by hand.
HAND = {
    # person_a is township A's one active person; no note was handed in: 0 of 1.
    "study.notes_at_target": (
        D(0),
        "0 of 1 member-months reached the study-note target: 0 of 10",
    ),
    "study.reviews_approved": (D(10), "0 of 0 review decisions approved the note" + NOTHING),
    # October 2026 (in Q4): villages A1 and 甲二村 (fewer than 7 full members: no committee)
    # each owe a theme day (monthly), a members' assembly and a Party lecture (quarterly), an
    # organization life meeting and a review of members (yearly) — 5 each — and A1's group
    # a group meeting (monthly): 11; A1 held its theme day: 1 of 11 → 10/11 = 0.91 → 0.9.
    "orglife.meeting_compliance": (
        D("0.9"),
        "1 of 11 required meetings were held: 0.9 of 10",
    ),
    "orglife.development_timeliness": (
        D(10),
        "0 of 0 timed development steps were done on time" + NOTHING,
    ),
    "orglife.dues_on_time": (D(10), "0 of 0 monthly dues were paid within their month" + NOTHING),
    "work.items_on_time": (
        D(10),
        "0 of 0 work items due in the period were done on time" + NOTHING,
    ),
    "work.items_overdue": (
        D(10),
        "0 work items were overdue on 2026-10-31 (0 days in all); 0 were due by then in the "
        "period" + NOTHING,
    ),
    "work.rectifications_on_time": (
        D(10),
        "0 of 0 rectifications due in the period were closed on time" + NOTHING,
    ),
    # Township A's two KPIs with an October value: 95 ≥ 90 met, 8 > 5 (lower is better) not.
    "assess.kpi_attainment": (
        D(5),
        "1 of 2 performance indicators met their target in the period: 5 of 10",
    ),
    # Township A's October evaluations: 2 满意, 1 基本满意, 1 不满意 → 3 of 4 → 7.5; B's one
    # and A's September one are not counted.
    "assess.public_satisfaction": (
        D("7.5"),
        "3 of 4 evaluations were satisfied or basically satisfied: 7.5 of 10",
    ),
    # Township A's one Party member (person_a) owes 100 × 304/365 = 83.2876… → 83.29 hours by
    # 31 October 2026 and has none: 0 of 1 → 0.
    "honors.service_hours": (
        D(0),
        "0 of 1 Party members had 83.29 verified service hours by 2026-10-31 (the year's pace "
        "to 100 hours): 0 of 10",
    ),
    # Two grassroots organizations (A1, 甲二村) × one month; A1 was visited: 1 of 2 → 5.
    # Commitments of 2026 are evaluated from 1 December (rules_commitment): none by 31 October.
    "honors.commitments_kept": (
        D(10),
        "0 of 0 evaluated commitments were kept and 0 partly kept (counted as half)" + NOTHING,
    ),
    "work.visit_coverage": (
        D(5),
        "1 of 2 grassroots organization-months had a cadre's visit: 5 of 10",
    ),
}


def test_every_registered_indicator_has_a_hand_calculation():
    assert set(registered()) == set(HAND)


def _records(county) -> None:
    from dangjian.orglife.models import Meeting
    from dangjian.work.models import Visit

    village = make_org(county.superuser, county.township_a, "A2", "甲二村党支部")
    assert village.category == "rural"
    Meeting.objects.create(
        org=county.village_a1,
        kind="theme_day",
        held_on=datetime.date(2026, 10, 12),
        topic="十月主题党日",
        recorded_by=county.superuser,
    )
    for name, direction, target, value in (
        ("党员培训覆盖率", "higher", 90, 95),
        ("群众投诉件数", "lower", 5, 8),
    ):
        kpi = Kpi.objects.create(
            org=county.township_a,
            name=name,
            unit_of_measure="%",
            direction=direction,
            target=D(target),
        )
        KpiValue.objects.create(kpi=kpi, period_start=datetime.date(2026, 10, 1), value=D(value))
    october, september = datetime.date(2026, 10, 1), datetime.date(2026, 9, 1)
    for org, period, overall in (
        (county.township_a, october, "satisfied"),
        (county.village_a1, october, "satisfied"),
        (county.township_a, october, "basic"),
        (county.township_a, october, "dissatisfied"),
        (county.township_a, september, "satisfied"),
        (county.township_b, october, "dissatisfied"),
    ):
        Evaluation.objects.create(org=org, period=period, overall=overall)
    cadre = make_person(county.superuser, county.unit, "王干部")
    Visit.objects.create(
        org=county.village_a1,
        visitor=cadre,
        visited_on=datetime.date(2026, 10, 20),
        purpose="政策宣讲",
        recorded_by=county.superuser,
    )


@pytest.mark.parametrize("code", sorted(HAND))
def test_auto_score_matches_the_hand_calculation(county, code, django_capture_on_commit_callbacks):
    # Noon in Shanghai on 15 November 2026: October is over.
    with (
        time_machine.travel(datetime.datetime(2026, 11, 15, 4, tzinfo=datetime.UTC), tick=False),
        translation.override("en"),
    ):
        _records(county)
        rules = RuleSet.objects.create(
            org=county.root, year=2026, category="township", name="测试细则", status="active"
        )
        item = RuleItem.objects.create(
            ruleset=rules,
            code="T",
            name="自动指标",
            max_points=D(10),
            scoring="auto",
            auto_indicator=code,
        )
        row = AssessRound.objects.create(
            org=county.root,
            name="十月考核",
            period_kind="month",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
        )
        row.rulesets.add(rules)
        ScoreSheet.objects.create(round=row, org=county.township_a, ruleset=rules)
        with django_capture_on_commit_callbacks(execute=True):
            round_services.round_start(actor=county.dept_admin, round_=row)
    score = Score.objects.unscoped("test").get(item=item)
    points, explanation = HAND[code]
    assert (score.auto_points, score.points) == (points, points)
    assert score.explanation == explanation
