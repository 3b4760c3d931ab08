"""座谈讨论/专题辅导/考察学习 rows of the role × URL matrix: a trip of village A1."""

from __future__ import annotations

import datetime

from django.urls import reverse


def _event(county):
    from dangjian.study import event_services

    return event_services.event_create(
        actor=county.secretary_a,
        org=county.village_a1,
        participants=[county.person_a],
        kind="trip",
        topic="甲镇考察学习",
        starts_on=datetime.date(2026, 5, 1),
    )


def _issue(county):
    from dangjian.study import event_services

    return event_services.issue_add(
        actor=county.secretary_a, event=_event(county), problem="学用脱节", measure="建立清单"
    )


def cases() -> list:
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_WRITERS,
        WRITERS,
        Case,
        every,
    )

    fields = {
        "topic": "改后的主题",
        "host": "",
        "starts_on": "2026-05-02",
        "place": "",
        "minutes": "纪要",
    }
    return [
        Case("study:event-list", lambda c: reverse("study:event-list"), every(200)),
        Case(
            "study:event-new",
            lambda c: reverse("study:event-new"),
            WRITERS,
            post=A_CREATED,
            payload=lambda c: (
                fields
                | {"org": c.village_a1.pk, "kind": "seminar", "participants": [c.person_a.pk]}
            ),
            writers=A_WRITERS,
        ),
        Case(
            "study:event-detail",
            lambda c: reverse("study:event-detail", args=[_event(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:event-edit",
            lambda c: reverse("study:event-edit", args=[_event(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: fields,
            writers=A_WRITERS,
        ),
        Case(
            "study:issue-add",
            lambda c: reverse("study:issue-add", args=[_event(c).pk]),
            every(405),
            post=A_CHANGED,
            payload=lambda c: {"problem": "问题", "measure": "措施", "owner": "", "due_on": ""},
            writers=A_WRITERS,
            why="a problem is added from the event's page",
        ),
        Case(
            "study:issue-done",
            lambda c: reverse("study:issue-done", args=[_issue(c).pk]),
            every(405),
            post=A_CHANGED,
            writers=A_WRITERS,
            why="marking done is a POST from the event's page",
        ),
    ]
