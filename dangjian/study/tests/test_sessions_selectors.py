"""Study sessions' reads: who sees which session, and sessions attended against a hand count."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.study import sessions_selectors as selectors
from dangjian.study import sessions_services as services
from dangjian.study.models import Attendance, StudySession
from dangjian.study.tests.matrix_sessions import running_session, schedule

WIDE = (
    timezone.make_aware(datetime.datetime(2000, 1, 1)),
    timezone.make_aware(datetime.datetime(2100, 1, 1)),
)


def _titles(user) -> set[str]:
    return {s.theme for s in selectors.session_list(user, *WIDE)}


def test_each_persona_sees_its_own_chain_and_township_b_nothing_of_a(county):
    running_session(county, themes="\n".join(["甲村学习"] * 12))
    running_session(county, org=county.township_a, include_subtree=True, themes="甲镇学习\n" * 12)
    make_person(county.superuser, county.village_b1, "乙村人")
    running_session(county, org=county.village_b1, themes="乙村学习\n" * 12)
    running_session(county, org=county.root, include_subtree=True, themes="县委学习\n" * 12)
    everything = {"甲村学习", "甲镇学习", "乙村学习", "县委学习"}
    assert _titles(county.superuser) == everything
    assert _titles(county.dept_admin) == everything
    assert _titles(county.secretary_a) == {"甲村学习", "甲镇学习"}
    assert _titles(county.secretary_b) == {"乙村学习"}
    assert _titles(county.inspector_b) == {"乙村学习"}
    # The member: their own organization chain, published down like plans.
    assert _titles(county.member_a) == {"甲村学习", "甲镇学习", "县委学习"}
    village = StudySession.objects.unscoped("test").get(theme="甲村学习")
    assert selectors.session_list(county.secretary_b, *WIDE, org=county.township_b).count() == 1
    own = selectors.session_get(county.member_a, village.pk)
    assert (own.expected, own.present, own.own_status) == (1, 0, "expected")


def test_sessions_attended_matches_a_hand_count(county):
    su = county.superuser
    second = make_person(su, county.village_a1, "王甲二")
    never = make_person(su, county.village_a1, "从不出席")
    plan = schedule(county, weekday=4, interval_weeks=2, starts_on=datetime.date(2026, 1, 2))
    made = services.sessions_generate(
        actor=su, schedule=plan, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)
    )
    # Fridays: 1-02 1-16 1-30 | 2-13 2-27 | 3-13 3-27 — seven sessions.
    assert len(made) == 7
    present = {
        county.person_a.pk: [0, 1, 2, 3, 5],  # January 3, February 1, March 1
        second.pk: [2, 4, 6],  # January 1, February 1, March 1
    }
    for person_id, indexes in present.items():
        Attendance.objects.unscoped("test").filter(
            person_id=person_id, session__in=[made[i] for i in indexes]
        ).update(status="present")
    # On leave is not attended.
    Attendance.objects.unscoped("test").filter(person=never).update(status="leave")
    ids = [county.person_a.pk, second.pk, never.pk]
    assert selectors.sessions_attended(ids, 2026, None) == {
        county.person_a.pk: 5,
        second.pk: 3,
        never.pk: 0,
    }
    assert selectors.sessions_attended(ids, 2026, 1) == {
        county.person_a.pk: 3,
        second.pk: 1,
        never.pk: 0,
    }
    # A long list is read by its organization's subtree: the same counts.
    by_subtree = selectors.sessions_attended(ids, 2026, 1, within_path=county.village_a1.path)
    assert by_subtree == selectors.sessions_attended(ids, 2026, 1)
    # The progress page carries January's count for each member.
    from dangjian.study import progress

    rows = progress.member_progress(
        progress.members(progress.people_in(su, county.village_a1)), datetime.date(2026, 1, 1)
    )
    assert {row.name: row.sessions for row in rows} == {"张甲": 3, "王甲二": 1, "从不出席": 0}
    assert selectors.sessions_attended(ids, 2026, 2)[county.person_a.pk] == 1
    assert selectors.sessions_attended(ids, 2025, None) == dict.fromkeys(ids, 0)
