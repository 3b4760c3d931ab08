"""干部讲课 rows of the role × URL matrix: member_a's lecture in village A1 (township A)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone


def _lecture(county, held: bool = False):
    from dangjian.study import lecture_services

    lecture = lecture_services.lecture_schedule(
        actor=county.member_a,
        lecturer=county.person_a,
        title="甲镇讲课",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="村部",
    )
    if held:
        lecture = lecture_services.lecture_update(
            actor=county.secretary_a, lecture=lecture, status="held"
        )
    return lecture


def _question(county):
    from dangjian.study import lecture_services

    return lecture_services.question_ask(
        actor=county.member_a, lecture=_lecture(county), question="如何落实？"
    )


def cases() -> list:
    from dangjian.tests.test_leak_matrix import A_VIEW, Case, every

    arrangers = frozenset({"superuser", "dept_admin", "secretary_a", "member_a"})
    fields = {
        "title": "改后的讲课",
        "starts_at": "2026-12-01T14:30",
        "place": "会议室",
        "notes": "讲稿",
        "status": "scheduled",
    }
    no_person = A_VIEW | {"superuser": 403, "dept_admin": 403, "secretary_a": 403}
    return [
        Case("study:lecture-list", lambda c: reverse("study:lecture-list"), every(200)),
        Case(
            "study:lecture-new",
            lambda c: reverse("study:lecture-new"),
            every(200) | {"inspector_b": 403},
            # Township B's secretary may not pick township A's member: the form again.
            post=every(302) | {"secretary_b": 200, "inspector_b": 403},
            payload=lambda c: fields | {"lecturer": c.person_a.pk},
            writers=arrangers,
        ),
        Case(
            "study:lecture-detail",
            lambda c: reverse("study:lecture-detail", args=[_lecture(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:lecture-edit",
            lambda c: reverse("study:lecture-edit", args=[_lecture(c).pk]),
            A_VIEW,
            post=A_VIEW | {p: 302 for p in arrangers},
            payload=lambda c: fields,
            writers=arrangers,
        ),
        Case(
            "study:question-ask",
            lambda c: reverse("study:question-ask", args=[_lecture(c).pk]),
            every(405),
            post=no_person | {"member_a": 302},
            payload=lambda c: {"question": "请问"},
            writers=frozenset({"member_a"}),
            why="a question is a POST from the lecture's page",
        ),
        Case(
            "study:lecture-rate",
            lambda c: reverse("study:lecture-rate", args=[_lecture(c, held=True).pk]),
            every(405),
            # The lecturer may not rate their own lecture; accounts without a person rate none.
            post=no_person | {"member_a": 403},
            payload=lambda c: {"score": 5, "comment": "好"},
            why="a rating is a POST from the lecture's page",
        ),
        Case(
            "study:question-answer",
            lambda c: reverse("study:question-answer", args=[_question(c).pk]),
            every(405),
            post=no_person | {"member_a": 302},
            payload=lambda c: {"answer": "抓落实"},
            writers=frozenset({"member_a"}),
            why="an answer is a POST from the lecture's page",
        ),
        Case(
            "study:lecture-report",
            lambda c: reverse("study:lecture-report"),
            every(200) | {"member_a": 403},
        ),
    ]
