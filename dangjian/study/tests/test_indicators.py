"""The study system's indicators (lib.indicators) against hand counts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.lib.indicators import Period, indicator
from dangjian.study import services
from dangjian.study.models import StudyPlan

pytestmark = pytest.mark.django_db


def _month() -> Period:
    today = timezone.localdate()
    return Period.month(today.year, today.month)


def test_notes_at_target_matches_the_hand_count(county):
    """Township A asks 100 characters a month. This month person_a hands in 120, 乙 (village
    A1) hands in nothing: 1 of 2. Township B's person is not counted. Over the quarter, the
    other months count each person not at target."""
    today = timezone.localdate()
    StudyPlan.objects.create(
        org=county.township_a, year=today.year, title="甲镇计划", note_chars_per_month=100
    )
    make_person(county.superuser, county.village_a1, "乙")
    note = services.note_create(actor=county.member_a, title="笔记", body="学" * 120)
    services.note_submit(actor=county.member_a, note=note)
    measure = indicator("study.notes_at_target").measure
    month = measure(county.township_a, _month())
    assert (month.achieved, month.expected) == (1, 2)
    assert "1" in month.explanation and "2" in month.explanation
    quarter = measure(county.township_a, Period.quarter(today.year, (today.month - 1) // 3 + 1))
    assert (quarter.achieved, quarter.expected) == (1, 6)


def test_reviews_approved_matches_the_hand_count(county):
    """Two of person_a's notes reviewed this month: one approved, one returned → 1 of 2; none
    in township B."""
    member = county.member_a
    first = services.note_create(actor=member, title="笔记一", body="学" * 60)
    services.note_submit(actor=member, note=first)
    services.note_review(actor=county.secretary_a, note=first, decision="approve", grade="pass")
    second = services.note_create(actor=member, title="笔记二", body="习" * 60)
    services.note_submit(actor=member, note=second)
    services.note_review(actor=county.secretary_a, note=second, decision="return", comment="深入")
    measure = indicator("study.reviews_approved").measure
    result = measure(county.township_a, _month())
    assert (result.achieved, result.expected) == (1, 2)
    assert measure(county.township_b, _month()).expected == 0
    last_year = Period.year(timezone.localdate().year - 1)
    assert measure(county.township_a, last_year).expected == 0
