"""The study system's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Township A's notes belong to member_a (village A1): the author writes them, township A's
chain sees and reviews them, township B's people get 404, whatever the method.
"""

from __future__ import annotations

from django.urls import reverse

from dangjian.study.tests import matrix_hall, matrix_sessions


def _draft(county):
    from dangjian.study import services

    return services.note_create(actor=county.member_a, title="甲镇草稿", body="学习体会" * 30)


def _submitted(county):
    from dangjian.study import services

    note = _draft(county)
    services.note_submit(actor=county.member_a, note=note)
    return note


def _plan(county):
    from dangjian.study.models import StudyPlan

    return StudyPlan.objects.unscoped("test").get(org=county.township_a)


def _reading(county):
    from dangjian.study import plan_services

    return plan_services.reading_create(
        actor=county.secretary_a, plan=_plan(county), title="篇目", kind="speech", month=3
    )


def study_cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_WRITERS,
        REVIEWERS,
        Case,
        api,
        every,
    )

    authors = every(403) | {"member_a": 200}  # only an account with a person record writes
    own_draft = A_VIEW | {
        "superuser": 403,
        "dept_admin": 403,
        "secretary_a": 403,
    }  # A's chain sees the note, only its author changes it; B: 404
    reviewer_of_a = A_VIEW | {"member_a": 403}
    review_payload = {"decision": "approve", "grade": "pass", "comment": "好"}
    plan_fields = {
        "title": "改后的计划",
        "readings_per_year": 12,
        "note_chars_per_month": 3000,
        "reflections_per_period": 1,
        "applies_to_positions": "",
    }
    reading_fields = {"title": "新篇目", "kind": "speech", "source": "", "month": 3, "body": "正文"}
    plan_cases = [
        Case("study:plan-list", lambda c: reverse("study:plan-list"), every(200)),
        Case(
            "study:plan-new",
            lambda c: reverse("study:plan-new"),
            A_CREATED | {"superuser": 200, "dept_admin": 200, "secretary_a": 200},
            post=A_CREATED,
            payload=lambda c: plan_fields | {"org": c.village_a1.pk, "year": 2030},
            writers=A_WRITERS,
        ),
        Case(
            "study:plan-detail", lambda c: reverse("study:plan-detail", args=[_plan(c).pk]), A_VIEW
        ),
        Case(
            "study:plan-edit",
            lambda c: reverse("study:plan-edit", args=[_plan(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: plan_fields,
            writers=A_WRITERS,
        ),
        Case(
            "study:reading-new",
            lambda c: reverse("study:reading-new", args=[_plan(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: reading_fields,
            writers=A_WRITERS,
        ),
        Case(
            "study:reading-detail",
            lambda c: reverse("study:reading-detail", args=[_reading(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:reading-edit",
            lambda c: reverse("study:reading-edit", args=[_reading(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: reading_fields,
            writers=A_WRITERS,
        ),
    ]
    note_cases = [
        Case("study:home", lambda c: reverse("study:home"), every(200)),
        Case("study:note-list", lambda c: reverse("study:note-list"), every(200)),
        Case(
            "study:note-new",
            lambda c: reverse("study:note-new"),
            authors,
            post=authors | {"member_a": 302},
            payload=lambda c: {"title": "新笔记", "kind": "note", "body": "学习" * 20},
            writers=frozenset({"member_a"}),
        ),
        Case(
            "study:note-detail",
            lambda c: reverse("study:note-detail", args=[_submitted(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:note-edit",
            lambda c: reverse("study:note-edit", args=[_draft(c).pk]),
            own_draft,
            post=own_draft | {"member_a": 302},
            payload=lambda c: {"title": "改后", "kind": "note", "body": "修改" * 20},
            writers=frozenset({"member_a"}),
        ),
        Case(
            "study:note-autosave",
            lambda c: reverse("study:note-autosave", args=[_draft(c).pk]),
            every(405),
            post=own_draft,
            payload=lambda c: {"title": "自动保存", "body": "自动" * 20},
            writers=frozenset({"member_a"}),
            why="the editor's autosave is a POST",
        ),
        Case(
            "study:note-submit",
            lambda c: reverse("study:note-submit", args=[_draft(c).pk]),
            every(405),
            post=own_draft | {"member_a": 302},
            writers=frozenset({"member_a"}),
            why="submitting is a POST from the note's page",
        ),
        Case(
            "study:note-review",
            lambda c: reverse("study:note-review", args=[_submitted(c).pk]),
            reviewer_of_a,
            post=reviewer_of_a | {"superuser": 302, "dept_admin": 302, "secretary_a": 302},
            payload=lambda c: review_payload,
            writers=frozenset({"superuser", "dept_admin", "secretary_a"}),
        ),
        Case("study:review-queue", lambda c: reverse("study:review-queue"), REVIEWERS),
        Case(
            "study:month-status",
            lambda c: reverse("study:month-status") + f"?org={c.village_a1.pk}",
            reviewer_of_a,
        ),
        Case(
            "api:study-note-list",
            lambda c: reverse("api:study-note-list"),
            api(every(200)),
            post=api(authors | {"member_a": 201}),
            payload=lambda c: {"title": "接口笔记", "body": "学习" * 20, "kind": "note"},
            writers=frozenset({"member_a"}),
            json=True,
        ),
        Case(
            "api:study-note-detail",
            lambda c: reverse("api:study-note-detail", args=[_draft(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            # PATCH changes the author's draft; PUT and DELETE stay refused.
            other={"patch": api(own_draft)},
            writers=frozenset({"member_a"}),
            why="a note is created on the list URL and changed with PATCH",
        ),
        Case(
            "api:study-note-submit",
            lambda c: reverse("api:study-note-submit", args=[_draft(c).pk]),
            api(every(405)),
            post=api(own_draft | {"member_a": 202}),
            writers=frozenset({"member_a"}),
            why="submitting is a POST",
        ),
        Case(
            "api:study-note-review",
            lambda c: reverse("api:study-note-review", args=[_submitted(c).pk]),
            api(every(405)),
            post=api(reviewer_of_a),
            payload=lambda c: review_payload,
            writers=frozenset({"superuser", "dept_admin", "secretary_a"}),
            json=True,
            why="a review is a POST",
        ),
        Case(
            "api:study-review-list",
            lambda c: reverse("api:study-review-list"),
            api(REVIEWERS),
            post=api(every(405)),
        ),
        Case(
            "api:study-progress-list",
            lambda c: reverse("api:study-progress-list") + f"?org={c.village_a1.pk}",
            api(reviewer_of_a),
            post=api(every(405)),
        ),
        *matrix_sessions.cases(),
    ]
    from dangjian.study.tests import (
        matrix_api_more,
        matrix_events,
        matrix_lectures,
        matrix_research,
    )

    return [
        *plan_cases,
        *note_cases,
        *matrix_research.cases(),
        *matrix_lectures.cases(),
        *matrix_events.cases(),
        *matrix_api_more.cases(),
        *matrix_hall.cases(),
    ]
