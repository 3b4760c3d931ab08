"""The rect part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and the
rows the rectification tests start from.

Township A lists a problem for village A1 with person_a (member_a) responsible: A's chain sees,
reports on and accepts it, the member sees it and reports on it (it is theirs) but may not
accept it (403), township B's people get 404 whatever the method.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone


def rect(county, org=None, *, issued_by=None, days: int = 10, owner="a", **extra):
    """An open rectification of `org` (village A1) issued by township A, due in `days` days
    (negative: overdue), person_a responsible unless `owner` is None or a Person."""
    from dangjian.work.models import Rectification

    deadline = timezone.localdate() + datetime.timedelta(days=days)
    fields = {
        "source": "inspection",
        "problem": "甲一村三会一课记录不规范",
        "measures": "逐月补齐会议记录，支部书记审核签字",
        "found_on": timezone.localdate() - datetime.timedelta(days=30),
        "responsible": county.person_a if owner == "a" else owner,
    } | extra
    return Rectification.objects.create(
        org=org or county.village_a1,
        issued_by=issued_by or county.township_a,
        deadline=deadline,
        first_deadline=deadline,
        created_by=county.superuser,
        **fields,
    )


def reported(county, **extra):
    """A rectification person_a reported done (awaiting acceptance by township A)."""
    from dangjian.work import rect_services

    row = rect(county, **extra)
    rect_services.rect_report(
        actor=county.member_a, rect=row, outcome="done", text="已补齐全部会议记录"
    )
    row.refresh_from_db()
    return row


def evidence(county):
    """A report with one evidence photo, its file written (as after the commit)."""
    from dangjian.work.models import RectificationEvidence, RectificationReport

    row = rect(county)
    report = RectificationReport.objects.create(
        rectification=row, outcome="partly", text="已补齐一半", reported_by=county.member_a
    )
    evidence_row = RectificationEvidence(report=report, name="记录.png", size=8)
    evidence_row.file.save("test/记录.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    evidence_row.save()
    return evidence_row


def seminar(county, org=None, *, issues=(("张甲", None), ("王五", None)), **extra):
    """A seminar of village A1 with open problem rows (owner name, due date) to take in."""
    from dangjian.study.models import EventIssue, StudyEvent

    event = StudyEvent.objects.create(
        org=org or county.village_a1,
        kind="seminar",
        topic=extra.pop("topic", "甲一村党员座谈会"),
        starts_on=extra.pop("starts_on", timezone.localdate() - datetime.timedelta(days=3)),
        created_by=county.superuser,
        **extra,
    )
    for number, (owner, due_on) in enumerate(issues, start=1):
        EventIssue.objects.create(
            event=event,
            problem=f"座谈发现的问题{number}",
            measure=f"商定的整改办法{number}",
            owner=owner,
            due_on=due_on,
        )
    return event


def create_fields(county, **extra) -> dict:
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    return {
        "org": county.village_a1.pk,
        "issued_by": county.township_a.pk,
        "source": "self_examination",
        "problem": "甲一村党员活动室长期闲置",
        "measures": "制定活动室开放制度，每周开放",
        "responsible": county.person_a.pk,
        "deadline": deadline.isoformat(),
        "found_on": timezone.localdate().isoformat(),
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

    # The responsible member reports on their own row.
    reporters = A_WRITERS | {"member_a"}
    return [
        Case("work:rect-list", lambda c: reverse("work:rect-list"), every(200)),
        Case(
            "work:rect-create",
            lambda c: reverse("work:rect-create"),
            WRITERS,
            post=A_CREATED,
            payload=create_fields,
            writers=A_WRITERS,
        ),
        Case(
            "work:rect-take-in",
            lambda c: reverse("work:rect-take-in"),
            WRITERS,
            # Township B's secretary names a seminar out of reach: 404.
            post=A_CREATED | {"secretary_b": 404},
            payload=lambda c: {"event": seminar(c).pk},
            writers=A_WRITERS,
        ),
        Case("work:rect-export", lambda c: reverse("work:rect-export"), every(200)),
        Case(
            "work:rect-detail",
            lambda c: reverse("work:rect-detail", args=[rect(c).pk]),
            A_VIEW,
            post=A_CHANGED | {"member_a": 302},
            payload=lambda c: {"outcome": "partly", "text": "已补齐一半记录"},
            writers=reporters,
        ),
        Case(
            "work:rect-accept",
            lambda c: reverse("work:rect-accept", args=[reported(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"decision": "close", "note": "验收合格"},
            writers=A_WRITERS,
        ),
        Case(
            "work:file",
            lambda c: reverse("work:file", args=["rect", evidence(c).pk]),
            A_VIEW,
        ),
        Case(
            "api:work-rectification-list",
            lambda c: reverse("api:work-rectification-list"),
            api(every(200)),
            # Out of reach, the organizations are "no such organization" (400); the member
            # sees their own branch but not the issuing township.
            post=api(every(201) | {"secretary_b": 400, "inspector_b": 400, "member_a": 400}),
            payload=create_fields,
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:work-rectification-detail",
            lambda c: reverse("api:work-rectification-detail", args=[rect(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            why="a rectification is listed by POST to the list; the detail only reads",
        ),
        Case(
            "api:work-rectification-reports",
            lambda c: reverse("api:work-rectification-reports", args=[rect(c).pk]),
            api(every(405)),
            post=api(A_VIEW | {"superuser": 201, "dept_admin": 201, "secretary_a": 201})
            | {"member_a": 201},
            payload=lambda c: {"outcome": "partly", "text": "已补齐一半记录"},
            writers=reporters,
            json=True,
            why="reports are written by POST; the row's detail reads them",
        ),
        Case(
            "api:work-rectification-close",
            lambda c: reverse("api:work-rectification-close", args=[reported(c).pk]),
            api(every(405)),
            post=api(A_CHANGE),
            payload=lambda c: {"note": "验收合格"},
            writers=A_WRITERS,
            json=True,
            why="closing is a POST",
        ),
    ]
