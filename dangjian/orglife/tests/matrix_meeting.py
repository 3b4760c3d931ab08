"""Meeting ledger's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and the
meetings the meeting tests start from.

Township A's meeting belongs to village A1, where member_a (person_a) is on the list: A's
chain sees and changes it, the member sees it, township B's people get 404 whatever the method.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone


def meeting(county, org=None, *, kind="theme_day", attendance=None, held_on=None, **extra):
    """A meeting of `org` (village A1) held today, recorded by the superuser, person_a present."""
    from dangjian.orglife import meeting_services

    fields = {"topic": "甲一村主题党日", "place": "甲一村党员活动室"} | extra
    if attendance is None:
        attendance = [(county.person_a.pk, "present", "")]
    return meeting_services.meeting_create(
        actor=county.superuser,
        org=org or county.village_a1,
        kind=kind,
        held_on=held_on or timezone.localdate(),
        attendance=attendance,
        **fields,
    )


def with_committee(county, org, size: int = 7) -> list:
    """Full members up to `size` in `org` (village A1 has person_a): a branch of 7 or more full
    members has a committee, so its monthly 支委会 is due (rules.COMMITTEE_MIN_FULL_MEMBERS)."""
    from dangjian.conftest import make_person
    from dangjian.orgs.models import Person

    present = (
        Person.objects.unscoped("test")
        .filter(primary_org=org, party_status="full", exit_on__isnull=True)
        .count()
    )
    return [make_person(county.superuser, org, f"{org.code}委员{i}") for i in range(size - present)]


def attachment(county):
    """A meeting with one photo, its file written (as after the commit)."""
    from django.core.files.base import ContentFile

    from dangjian.orglife.models import MeetingAttachment

    row = MeetingAttachment(meeting=meeting(county), name="现场.png", size=8)
    row.file.save("test/现场.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    row.save()
    return row


def entry_fields(county, **extra) -> dict:
    return {
        "org": county.village_a1.pk,
        "kind": "theme_day",
        "held_on": timezone.localdate().isoformat(),
        "topic": "甲一村主题党日",
        f"status_{county.person_a.pk}": "present",
    } | extra


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

    api_created = api(every(201) | {"secretary_b": 400, "inspector_b": 400, "member_a": 403})
    # Compliance reads a subtree: a member reaches no subtree (their own branch is not one).
    subtree_readers = every(200) | {"member_a": 404}

    return [
        Case("orglife:meeting-list", lambda c: reverse("orglife:meeting-list"), every(200)),
        Case(
            "orglife:meeting-create",
            lambda c: reverse("orglife:meeting-create"),
            WRITERS,
            post=A_CREATED,
            payload=entry_fields,
            writers=A_WRITERS,
        ),
        Case(
            "orglife:meeting-detail",
            lambda c: reverse("orglife:meeting-detail", args=[meeting(c).pk]),
            A_VIEW,
        ),
        Case(
            "orglife:meeting-edit",
            lambda c: reverse("orglife:meeting-edit", args=[meeting(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: entry_fields(c, topic="改过的主题"),
            writers=A_WRITERS,
        ),
        Case(
            "orglife:meeting-attachment",
            lambda c: reverse(
                "orglife:meeting-attachment", args=[(a := attachment(c)).meeting_id, a.pk]
            ),
            A_VIEW,
        ),
        Case(
            "orglife:meeting-compliance",
            lambda c: reverse("orglife:meeting-compliance"),
            subtree_readers,
        ),
        Case(
            "orglife:meeting-compliance-export",
            lambda c: reverse("orglife:meeting-compliance-export"),
            subtree_readers,
        ),
        Case(
            "api:orglife-meeting-list",
            lambda c: reverse("api:orglife-meeting-list"),
            api(every(200)),
            post=api_created,
            payload=lambda c: {
                "org": c.village_a1.pk,
                "kind": "theme_day",
                "held_on": timezone.localdate().isoformat(),
                "topic": "甲一村主题党日",
                "attendance": [{"person": c.person_a.pk, "status": "present"}],
            },
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:orglife-meeting-detail",
            lambda c: reverse("api:orglife-meeting-detail", args=[meeting(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            why="a meeting is recorded by POST to the list; the detail only reads",
        ),
        Case(
            "api:orglife-compliance-list",
            lambda c: reverse("api:orglife-compliance-list"),
            api(subtree_readers),
            post=api(every(405)),
            why="compliance is computed, never written",
        ),
    ]
