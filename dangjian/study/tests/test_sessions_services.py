"""Study sessions' services: the recurrence rule, generation, attendance, sign-in, close and
the make-up notices, the QR token — against the county fixture."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry, User
from dangjian.study import rules
from dangjian.study import sessions_services as services
from dangjian.study.models import Attendance, StudySession
from dangjian.study.tests.matrix_sessions import running_session, schedule

FRIDAY = datetime.date(2026, 1, 2)  # a Friday: the first of an every-other-Friday schedule


def _rows(session) -> dict[int, Attendance]:
    rows = Attendance.objects.unscoped("test").filter(session=session)
    return {row.person_id: row for row in rows}


def test_every_other_friday_counts_its_weeks_from_the_first_date(county):
    plan = schedule(county, weekday=4, interval_weeks=2, starts_on=FRIDAY)
    # A range that starts on an "off" Friday (9 January) skips it.
    dates = services.occurrences(plan, datetime.date(2026, 1, 9), datetime.date(2026, 2, 28))
    assert dates == [
        datetime.date(2026, 1, 16),
        datetime.date(2026, 1, 30),
        datetime.date(2026, 2, 13),
        datetime.date(2026, 2, 27),
    ]


def test_weekly_wednesday_with_a_last_date_and_a_theme_per_month(county):
    plan = schedule(
        county,
        weekday=2,
        starts_on=datetime.date(2025, 12, 29),
        ends_on=datetime.date(2026, 2, 4),
        themes="学习党章\n学习条例",
    )
    created = services.sessions_generate(
        actor=county.secretary_a,
        schedule=plan,
        start=datetime.date(2025, 12, 1),
        end=datetime.date(2026, 3, 31),
    )
    days = [timezone.localtime(s.starts_at) for s in created]
    assert [d.date().isoformat() for d in days] == [
        "2025-12-31", "2026-01-07", "2026-01-14", "2026-01-21", "2026-01-28", "2026-02-04",
    ]  # fmt: skip
    assert {d.time() for d in days} == {datetime.time(14, 30)}
    assert [s.theme for s in created] == [
        "",
        "学习党章",
        "学习党章",
        "学习党章",
        "学习党章",
        "学习条例",
    ]
    assert created[0].ends_at - created[0].starts_at == datetime.timedelta(
        minutes=rules.SESSION_DEFAULT_MINUTES
    )


def test_generating_twice_adds_nothing_and_each_session_lists_the_orgs_active_people(county):
    su = county.superuser
    second = make_person(su, county.village_a1, "王甲二")
    make_person(su, county.village_a1, "离开的人", is_active=False)
    make_person(su, county.group_a1, "小组里的人")  # below the village: not its own people
    plan = schedule(county, starts_on=FRIDAY, weekday=4)
    span = {"start": FRIDAY, "end": datetime.date(2026, 1, 31)}
    first = services.sessions_generate(actor=county.secretary_a, schedule=plan, **span)
    again = services.sessions_generate(actor=county.secretary_a, schedule=plan, **span)
    assert len(first) == 5 and again == []
    assert StudySession.objects.unscoped("test").count() == 5
    assert set(_rows(first[0])) == {county.person_a.pk, second.pk}
    assert AuditEntry.objects.unscoped("test").filter(action="study.schedule.generate").count() == 2


def test_whole_subtree_schedule_expects_the_people_below(county):
    below = make_person(county.superuser, county.group_a1, "小组里的人")
    plan = schedule(county, org=county.township_a, include_subtree=True)
    today = timezone.localdate()
    (session,) = services.sessions_generate(
        actor=county.secretary_a, schedule=plan, start=today, end=today
    )
    assert set(_rows(session)) == {county.person_a.pk, below.pk}


def test_a_session_without_attendees_is_refused(county):
    # The party group has no people of its own.
    with pytest.raises(ValidationError) as refused:
        schedule(county, org=county.group_a1)
    assert refused.value.code == "no_attendees"
    assert county.group_a1.name in refused.value.messages[0]
    # People who leave after the schedule was made: the next generation is refused too.
    plan = schedule(county)
    county.person_a.is_active = False
    county.person_a.save()
    with pytest.raises(ValidationError, match=county.village_a1.name):
        services.sessions_generate(actor=county.superuser, schedule=plan, start=FRIDAY, end=FRIDAY)
    assert StudySession.objects.unscoped("test").count() == 0


def test_township_b_and_members_may_not_organize_township_a(county):
    for actor in (county.secretary_b, county.member_a, county.inspector_b):
        with pytest.raises(PermissionDenied):
            services.schedule_create(
                actor=actor,
                org=county.village_a1,
                kind="study",
                title="越权",
                weekday=4,
                interval_weeks=2,
                starts_on=FRIDAY,
                start_time=datetime.time(14, 30),
            )
    plan = schedule(county)
    with pytest.raises(PermissionDenied):
        services.sessions_generate(
            actor=county.secretary_b, schedule=plan, start=FRIDAY, end=FRIDAY
        )


def test_too_long_a_range_is_refused(county):
    plan = schedule(county, starts_on=FRIDAY)
    with pytest.raises(ValidationError, match=str(rules.SESSION_MAX_GENERATED)):
        services.sessions_generate(
            actor=county.superuser,
            schedule=plan,
            start=FRIDAY,
            end=FRIDAY + datetime.timedelta(weeks=rules.SESSION_MAX_GENERATED + 1),
        )


def test_sign_in_only_ones_own_row_only_in_the_window(county):
    other = make_person(county.superuser, county.village_a1, "王甲二")
    session = running_session(county)
    # Before the window (start − margin − 1 minute) and after it: refused, nothing saved.
    for moment in (
        session.starts_at - session.margin - datetime.timedelta(minutes=1),
        session.ends_at + session.margin + datetime.timedelta(minutes=1),
    ):
        with pytest.raises(ValidationError) as refused:
            services.session_sign_in(actor=county.member_a, session=session, now=moment)
        assert refused.value.code == "window"
    assert _rows(session)[county.person_a.pk].status == Attendance.Status.EXPECTED
    # An organizer who is not on the list cannot sign in (nor anyone in for them).
    with pytest.raises(PermissionDenied):
        services.session_sign_in(actor=county.secretary_a, session=session)
    row = services.session_sign_in(actor=county.member_a, session=session)
    rows = _rows(session)
    assert row.person_id == county.person_a.pk and rows[county.person_a.pk].status == "present"
    assert rows[other.pk].status == Attendance.Status.EXPECTED  # not added with the caller


def test_sign_in_at_the_edge_of_the_margin_is_accepted(county):
    session = running_session(county)
    services.session_sign_in(
        actor=county.member_a, session=session, now=session.starts_at - session.margin
    )
    assert _rows(session)[county.person_a.pk].status == "present"


def test_leave_needs_a_reason_and_nothing_is_saved(county):
    other = make_person(county.superuser, county.village_a1, "王甲二")
    session = running_session(county)
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(
            actor=county.secretary_a,
            session=session,
            rows={county.person_a.pk: ("present", ""), other.pk: ("leave", "  ")},
        )
    assert refused.value.message_dict == {
        f"reason_{other.pk}": [str(services.ERRORS["reason_needed"])]
    }
    assert {row.status for row in _rows(session).values()} == {"expected"}
    services.attendance_record(
        actor=county.secretary_a,
        session=session,
        rows={county.person_a.pk: ("present", ""), other.pk: ("leave", "外出务工")},
    )
    rows = _rows(session)
    assert (rows[other.pk].status, rows[other.pk].reason) == ("leave", "外出务工")
    assert rows[county.person_a.pk].via == "secretary"


def test_close_marks_absentees_and_notifies_absent_and_on_leave_once(
    county, django_capture_on_commit_callbacks
):
    su = county.superuser
    people = {}
    for name in ("请假者", "缺席者", "出席者"):
        person = make_person(su, county.village_a1, name)
        person.user = User.objects.create_user(username=name)
        person.save()
        people[name] = person
    session = running_session(county)
    services.attendance_record(
        actor=county.secretary_a,
        session=session,
        rows={people["请假者"].pk: ("leave", "病假"), people["出席者"].pk: ("present", "")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_close(actor=county.secretary_a, session=session)
    rows = _rows(session)
    assert rows[people["缺席者"].pk].status == "absent"
    assert rows[county.person_a.pk].status == "absent"  # never signed in
    notified = set(Notice.objects.values_list("recipient__username", flat=True))
    assert notified == {"请假者", "缺席者", "member_a"}
    with pytest.raises(ValidationError):
        services.session_close(actor=county.secretary_a, session=session)
    with pytest.raises(ValidationError):
        services.session_sign_in(actor=county.member_a, session=session)
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=county.secretary_a, session=session, rows={county.person_a.pk: ("present", "")}
        )
    assert Notice.objects.count() == 3


def test_qr_token_names_its_session_and_refuses_forgery_and_age(county, monkeypatch):
    session = running_session(county)
    token = services.qr_token(session)
    assert services.session_id_from_token(token) == session.pk
    forged = token.replace(f"{session.pk}:", f"{session.pk + 1}:", 1)
    for bad in (forged, token + "x", "nonsense"):
        with pytest.raises(ValidationError):
            services.session_id_from_token(bad)
    old = int(time.time()) - rules.SESSION_QR_MAX_AGE_SECONDS - 60
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(old))
    expired = services.qr_token(session)
    monkeypatch.undo()
    with pytest.raises(ValidationError) as refused:
        services.session_id_from_token(expired)
    assert refused.value.code == "token"
