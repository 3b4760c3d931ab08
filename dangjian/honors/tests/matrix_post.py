"""The post part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Village A1's demonstration post is held by person A (member_a): A's chain sees and changes
it; the member sees it (their own post and duties) but may not change it (403); township B's
people get 404.
"""

from __future__ import annotations

from django.urls import reverse


def a_post(county):
    from dangjian.honors.tests import fixtures_commitment as fx

    return fx.post(county, person=county.person_a, title="甲镇示范岗")


def _on(name: str):
    return lambda c: reverse(name, args=[a_post(c).pk])


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_VIEW,
        A_WRITERS,
        Case,
        api,
        every,
    )

    post_fields = {"title": "党员先锋岗", "duties": "带头做好邻里服务", "demonstration": "on"}
    return [
        Case("honors:post-list", lambda c: reverse("honors:post-list"), every(200)),
        Case(
            "honors:post-create",
            lambda c: reverse("honors:post-create", args=[c.village_a1.pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: post_fields | {"person": c.person_a.pk, "since": ""},
            writers=A_WRITERS,
        ),
        Case(
            "honors:post-edit",
            _on("honors:post-edit"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: post_fields | {"active": "on"},
            writers=A_WRITERS,
        ),
        Case(
            "honors:post-assign",
            _on("honors:post-assign"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"person": "", "since": ""},
            writers=A_WRITERS,
        ),
        Case(
            "api:honors-post-list",
            lambda c: reverse("api:honors-post-list"),
            api(every(200)),
            post=api(A_CHANGE | {"superuser": 201, "dept_admin": 201, "secretary_a": 201}),
            payload=lambda c: {
                "org": c.village_a1.pk,
                "title": "党员先锋岗",
                "duties": "带头做好邻里服务",
                "demonstration": True,
            },
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:honors-post-detail",
            _on("api:honors-post-detail"),
            api(A_VIEW),
            post=api(every(405)),
            other={"patch": api(A_CHANGE)},
            writers=A_WRITERS,
            why="a post is changed with PATCH",
        ),
    ]
