"""Study sessions' rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and
the sessions the session tests start from.

Township A's session belongs to village A1, where member_a (person_a) is expected: A's
chain sees and organizes it, the member sees it and signs themselves in, township B's
people get 404 whatever the method.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone


def schedule(county, org=None, **extra):
    """A weekly schedule of `org` (village A1) starting this week, created by the superuser."""
    from dangjian.study import sessions_services

    today = timezone.localdate()
    fields = {
        "kind": "study",
        "title": "甲一村每周学习",
        "weekday": today.weekday(),
        "interval_weeks": 1,
        "starts_on": today,
        "start_time": datetime.time(14, 30),
        "place": "甲一村党员活动室",
    } | extra
    return sessions_services.schedule_create(
        actor=county.superuser, org=org or county.village_a1, **fields
    )


def running_session(county, org=None, **extra):
    """Today's session of `schedule`, moved so that it is running now."""
    from dangjian.study import sessions_services
    from dangjian.study.models import StudySession

    plan = schedule(county, org, **extra)
    today = timezone.localdate()
    (session,) = sessions_services.sessions_generate(
        actor=county.superuser, schedule=plan, start=today, end=today
    )
    now = timezone.now()
    StudySession.objects.unscoped("test: make it run now").filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(minutes=20), ends_at=now + datetime.timedelta(hours=2)
    )
    session.refresh_from_db()
    return session


def _month(session) -> str:
    return f"?month={timezone.localtime(session.starts_at):%Y-%m}"


def _scan(county) -> str:
    from dangjian.study import sessions_services

    return reverse("study:session-scan", args=[sessions_services.qr_token(running_session(county))])


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_WRITERS,
        WRITERS,
        Case,
        api,
        every,
    )

    # Only an expected attendee signs in; organizers who are not on the list get 403.
    attendee = A_VIEW | {"superuser": 403, "dept_admin": 403, "secretary_a": 403}
    member = frozenset({"member_a"})
    return [
        Case(
            "study:session-calendar",
            lambda c: reverse("study:session-calendar") + _month(running_session(c)),
            every(200),
        ),
        Case(
            "study:session-detail",
            lambda c: reverse("study:session-detail", args=[running_session(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:session-edit",
            lambda c: reverse("study:session-edit", args=[running_session(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"theme": "学习党章", "minutes": "会议纪要"},
            writers=A_WRITERS,
        ),
        Case(
            "study:session-attendance",
            lambda c: reverse("study:session-attendance", args=[running_session(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {
                f"status_{c.person_a.pk}": "leave",
                f"reason_{c.person_a.pk}": "病假",
            },
            writers=A_WRITERS,
        ),
        Case(
            "study:session-sign-in",
            lambda c: reverse("study:session-sign-in", args=[running_session(c).pk]),
            every(405),
            post=attendee | {"member_a": 302},
            writers=member,
            why="signing in is a POST from the session's page",
        ),
        Case(
            "study:session-close",
            lambda c: reverse("study:session-close", args=[running_session(c).pk]),
            every(405),
            post=A_CHANGED,
            writers=A_WRITERS,
            why="closing is a POST from the session's page",
        ),
        Case(
            "study:session-qr",
            lambda c: reverse("study:session-qr", args=[running_session(c).pk]),
            A_CHANGE,
        ),
        Case(
            "study:session-scan", _scan, A_VIEW, post=attendee | {"member_a": 302}, writers=member
        ),
        Case(
            "study:session-schedules",
            lambda c: reverse("study:session-schedules"),
            WRITERS,
            post=A_CREATED,
            payload=lambda c: {
                "org": c.village_a1.pk,
                "kind": "study",
                "title": "甲一村学习",
                "weekday": 2,
                "interval_weeks": 1,
                "starts_on": "2026-01-07",
                "start_time": "14:30",
                "duration_minutes": 180,
            },
            writers=A_WRITERS,
        ),
        Case(
            "study:session-generate",
            lambda c: reverse("study:session-generate", args=[schedule(c).pk]),
            every(405),
            post=A_CHANGED | {"inspector_b": 403},
            payload=lambda c: {"start": "2026-01-01", "end": "2026-01-31"},
            writers=A_WRITERS,
            why="generating is a POST from the schedules page",
        ),
        Case(
            "api:study-session-list",
            lambda c: reverse("api:study-session-list") + _month(running_session(c)),
            api(every(200)),
            post=api(every(405)),
            why="sessions are made on the pages; the API reads them and signs in",
        ),
        Case(
            "api:study-session-detail",
            lambda c: reverse("api:study-session-detail", args=[running_session(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            why="sessions are made on the pages; the API reads them and signs in",
        ),
        Case(
            "api:study-session-sign-in",
            lambda c: reverse("api:study-session-sign-in", args=[running_session(c).pk]),
            api(every(405)),
            post=api(attendee | {"member_a": 200}),
            writers=member,
            json=True,
            why="signing in is a POST",
        ),
    ]
