"""The target part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Township A's submitted month and township A's written bulletin: A's chain sees them, township
B's people get 404 whatever the method; the member (no secretary of township A) gets 404 too.
Marks are given by supervisors only (SCORE or APPROVE at the committee): township A's own
secretary gets 403.
"""

from __future__ import annotations

from django.urls import reverse

from dangjian.assess.tests import fixtures_target as fx


def a_target(county):
    """Township A's month, submitted (one per test: read again when it exists)."""
    from dangjian.assess.models import MonthlyTarget

    found = (
        MonthlyTarget.objects.unscoped("test")
        .filter(org=county.township_a, month=fx.this_month())
        .first()
    )
    return found or fx.target(county, county.township_a, submitted_at=fx.on_day(fx.this_month(), 2))


def first_item(county) -> int:
    from dangjian.assess.models import TargetItem

    return TargetItem.objects.unscoped("test").filter(target=a_target(county)).first().pk


def a_bulletin(county):
    return fx.written(county, county.township_a)


def month_text() -> str:
    return f"{fx.this_month():%Y-%m}"


def mine_fields(county) -> dict:
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-goal": "甲镇党委本月目标",
        "items-0-measures": "召开专题会议",
        "submit": "1",
    }


def mark_fields(county) -> dict:
    return {
        "marks-TOTAL_FORMS": "2",
        "marks-INITIAL_FORMS": "2",
        "marks-0-mark": "done",
        "marks-0-note": "",
        "marks-1-mark": "",
        "marks-1-note": "",
    }


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import A_VIEW_NO_MEMBER, WRITERS, Case, api, every

    supervisors = frozenset({"superuser", "dept_admin"})
    # The committee page: its writers (A's chain); B's secretary does not see A (404); the
    # member and the inspector write no committee's targets (403).
    a_mine = A_VIEW_NO_MEMBER | {"member_a": 403, "inspector_b": 403}
    a_mark = A_VIEW_NO_MEMBER | {"secretary_a": 403}
    subtree_readers = every(200) | {"member_a": 403}
    issuers = every(202) | {"member_a": 403, "inspector_b": 403}
    return [
        Case(
            "assess:target-supervision",
            lambda c: reverse("assess:target-supervision") + f"?month={month_text()}",
            subtree_readers,
        ),
        Case(
            "assess:target-mine",
            lambda c: reverse("assess:target-mine") + f"?org={c.township_a.pk}",
            a_mine,
            post=a_mine | {"superuser": 302, "dept_admin": 302, "secretary_a": 302},
            payload=mine_fields,
            writers=frozenset({"superuser", "dept_admin", "secretary_a"}),
        ),
        Case(
            "assess:target-detail",
            lambda c: reverse("assess:target-detail", args=[a_target(c).pk]),
            A_VIEW_NO_MEMBER,
        ),
        Case(
            "assess:target-mark",
            lambda c: reverse("assess:target-mark", args=[a_target(c).pk]),
            a_mark,
            post=a_mark | {"superuser": 302, "dept_admin": 302},
            payload=mark_fields,
            writers=supervisors,
        ),
        Case(
            "assess:target-history",
            lambda c: reverse("assess:target-history", args=[c.township_a.pk]),
            A_VIEW_NO_MEMBER,
        ),
        Case("assess:bulletin-list", lambda c: reverse("assess:bulletin-list"), every(200)),
        Case(
            "assess:bulletin-request",
            lambda c: reverse("assess:bulletin-request"),
            WRITERS,
            # The county committee is a choice for the county's chain only; township
            # secretaries get the form again ("not one of the available choices").
            post=WRITERS | {"superuser": 302, "dept_admin": 302},
            payload=lambda c: {"org": c.root.pk, "month": month_text()},
            writers=supervisors,
        ),
        Case(
            "assess:bulletin-detail",
            lambda c: reverse("assess:bulletin-detail", args=[a_bulletin(c).pk]),
            A_VIEW_NO_MEMBER,
        ),
        Case(
            "assess:bulletin-download",
            lambda c: reverse("assess:bulletin-download", args=[a_bulletin(c).pk]),
            A_VIEW_NO_MEMBER,
        ),
        Case(
            "api:assess-target-list",
            lambda c: reverse("api:assess-target-list") + f"?org={c.township_a.pk}",
            api(A_VIEW_NO_MEMBER),
            post=api(A_VIEW_NO_MEMBER | {"superuser": 201, "dept_admin": 201, "secretary_a": 201}),
            payload=lambda c: {
                "org": c.township_a.pk,
                "month": month_text(),
                "items": [{"goal": "甲镇党委本月目标", "measures": "召开专题会议"}],
            },
            writers=frozenset({"superuser", "dept_admin", "secretary_a"}),
            json=True,
        ),
        Case(
            "api:assess-target-detail",
            lambda c: reverse("api:assess-target-detail", args=[a_target(c).pk]),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="a submitted month changes only through its marks",
        ),
        Case(
            "api:assess-target-marks",
            lambda c: reverse("api:assess-target-marks", args=[a_target(c).pk]),
            api(every(405)),
            post=api(a_mark | {"superuser": 200, "dept_admin": 200}),
            payload=lambda c: {"item": first_item(c), "mark": "done"},
            writers=supervisors,
            json=True,
        ),
        Case(
            "api:assess-bulletin-list",
            lambda c: reverse("api:assess-bulletin-list"),
            api(every(405)),
            # Each issues the bulletin of the widest organization it may change.
            post=api(issuers),
            payload=lambda c: {"month": month_text()},
            writers=frozenset({"superuser", "dept_admin", "secretary_a", "secretary_b"}),
            json=True,
        ),
        Case(
            "api:assess-bulletin-detail",
            lambda c: reverse("api:assess-bulletin-detail", args=[a_bulletin(c).pk]),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="a bulletin is written by its job, never changed",
        ),
        Case(
            "api:assess-bulletin-document",
            lambda c: reverse("api:assess-bulletin-document", args=[a_bulletin(c).pk]),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="the archived .docx is read, never changed",
        ),
    ]
