"""The service part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Village A1's member (member_a, person_a) holds a pending record; township A organises an
activity under way now (the signed code its screen shows) and one three days ahead.
Township A's chain sees and verifies the record; township B's people get 404 for everything
of township A's; the member sees their own record and the activities of their chain but
verifies nothing. Only a Party member's account (member_a) reports, signs up and checks in:
the other personas have no member's record (403).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone


def _record(county):
    from dangjian.honors.models import ServiceRecord
    from dangjian.honors.tests import fixtures_service as fx

    found = ServiceRecord.objects.unscoped("test").filter(person=county.person_a).first()
    if found is None:
        day = timezone.localdate() - datetime.timedelta(days=2)
        found = fx.record(county.person_a, day, "09:00", "11:00", status="pending")
    return found


def _activity(county, *, current: bool):
    from dangjian.honors.models import ServiceActivity
    from dangjian.honors.tests import fixtures_service as fx

    title = "甲镇签到活动" if current else "甲镇敬老活动"
    found = ServiceActivity.objects.unscoped("test").filter(title=title).first()
    if found is None:
        make = fx.current_activity if current else fx.coming_activity
        found = make(county.township_a, title=title, capacity=10, created_by=county.secretary_a)
    return found


def _code(county) -> str:
    """The code the organiser's screen shows now (signed, valid for minutes)."""
    from dangjian.honors import service_checkin_codes as codes

    return codes.checkin_code(_activity(county, current=True))


def _signed_up(county):
    from dangjian.honors.models import ServiceSignup

    activity = _activity(county, current=False)
    ServiceSignup.objects.unscoped("test").get_or_create(activity=activity, person=county.person_a)
    return activity


def _report(county) -> dict:
    day = timezone.localdate() - datetime.timedelta(days=1)
    return {"date": day.isoformat(), "start": "14:00", "end": "15:30", "activity": "义务植树"}


def _activity_fields(county) -> dict:
    start = timezone.localtime().replace(hour=9, minute=0, second=0) + datetime.timedelta(days=5)
    return {
        "org": county.township_a.pk,
        "title": "清扫村道",
        "place": "甲一村",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        "capacity": "20",
        "description": "",
    }


def cases() -> list:
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_VIEW,
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        Case,
        api,
        every,
    )

    member_only = every(403) | {"member_a": 200}
    readers = every(200) | {"member_a": 403}
    organisers = every(200) | {"member_a": 403, "inspector_b": 403}
    a_organisers = A_CHANGE  # A's chain 200, the member 403, B's people 404
    a_changed = A_CHANGE | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
    member_writes = A_VIEW | {"superuser": 403, "dept_admin": 403, "secretary_a": 403}
    member_wrote = member_writes | {"member_a": 302}
    member = frozenset({"member_a"})
    record = lambda name: lambda c: reverse(name, args=[_record(c).pk])  # noqa: E731
    coming = lambda name: lambda c: reverse(name, args=[_activity(c, current=False).pk])  # noqa: E731

    return [
        Case("honors:service-mine", lambda c: reverse("honors:service-mine"), every(200)),
        Case(
            "honors:service-report",
            lambda c: reverse("honors:service-report"),
            member_only,
            post=member_only | {"member_a": 302},
            payload=_report,
            writers=member,
        ),
        Case("honors:service-queue", lambda c: reverse("honors:service-queue"), readers),
        Case("honors:service-progress", lambda c: reverse("honors:service-progress"), readers),
        Case("honors:service-detail", record("honors:service-detail"), A_VIEW),
        Case(
            "honors:service-verify",
            record("honors:service-verify"),
            A_CHANGE,
            post=a_changed,
            payload=lambda c: {"decision": "verified", "reason": ""},
            writers=A_WRITERS,
        ),
        Case(
            "honors:service-withdraw",
            record("honors:service-withdraw"),
            member_writes,
            post=member_wrote,
            writers=member,
        ),
        Case(
            "honors:service-evidence",
            record("honors:service-evidence"),
            A_VIEW | {"superuser": 404, "dept_admin": 404, "secretary_a": 404, "member_a": 404},
            why="the record has no photo (served photos: test_service_pages)",
        ),
        Case(
            "honors:service-activities", lambda c: reverse("honors:service-activities"), every(200)
        ),
        Case(
            "honors:service-activity-create",
            lambda c: reverse("honors:service-activity-create"),
            organisers,
            post=organisers
            | {"superuser": 302, "dept_admin": 302, "secretary_a": 302, "secretary_b": 404},
            payload=_activity_fields,
            writers=A_WRITERS,
        ),
        Case("honors:service-activity", coming("honors:service-activity"), A_VIEW),
        Case(
            "honors:service-signup",
            coming("honors:service-signup"),
            A_VIEW,
            post=member_wrote,
            writers=member,
        ),
        Case(
            "honors:service-signup-cancel",
            lambda c: reverse("honors:service-signup-cancel", args=[_signed_up(c).pk]),
            A_VIEW,
            post=member_wrote,
            writers=member,
        ),
        Case(
            "honors:service-activity-cancel",
            coming("honors:service-activity-cancel"),
            a_organisers,
            post=a_changed,
            writers=A_WRITERS,
        ),
        Case(
            "honors:service-activity-poster",
            coming("honors:service-activity-poster"),
            a_organisers,
        ),
        Case(
            "honors:service-checkin",
            lambda c: reverse("honors:service-checkin", args=[_code(c)]),
            A_VIEW,
            post=member_wrote,
            writers=member,
        ),
        Case(
            "api:honors-service-list",
            lambda c: reverse("api:honors-service-list"),
            api(every(200)),
            post=api(every(403) | {"member_a": 201}),
            payload=_report,
            writers=member,
            json=True,
        ),
        Case(
            "api:honors-service-verify",
            record("api:honors-service-verify"),
            api(every(405)),
            post=api(A_CHANGE),
            payload=lambda c: {"decision": "verified"},
            writers=A_WRITERS,
            json=True,
            why="a decision is posted; the record is read in the list",
        ),
        Case(
            "api:honors-service-progress",
            lambda c: reverse("api:honors-service-progress"),
            api(every(200)),
            post=api(every(405)),
            why="a read: GET only",
        ),
        Case(
            "api:honors-service-activity-list",
            lambda c: reverse("api:honors-service-activity-list"),
            api(every(200)),
            post=api(every(405)),
            why="a read: GET only",
        ),
        Case(
            "api:honors-service-activity-signup",
            coming("api:honors-service-activity-signup"),
            api(every(405)),
            post=api(member_writes),
            writers=member,
            json=True,
            why="signing up is posted",
        ),
        Case(
            "api:honors-service-activity-signup-cancel",
            lambda c: reverse("api:honors-service-activity-signup-cancel", args=[_signed_up(c).pk]),
            api(every(405)),
            post=api(member_writes),
            writers=member,
            json=True,
            why="withdrawing a sign-up is posted",
        ),
        Case(
            "api:honors-service-activity-checkin",
            lambda c: reverse("api:honors-service-activity-checkin"),
            api(every(405)),
            post=api(
                A_VIEW_NO_MEMBER
                | {"superuser": 403, "dept_admin": 403, "secretary_a": 403, "member_a": 201}
            ),
            payload=lambda c: {"key": _code(c)},
            writers=member,
            json=True,
            why="a check-in is posted",
        ),
    ]
