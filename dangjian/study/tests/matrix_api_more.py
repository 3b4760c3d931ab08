"""Role × URL matrix rows of the plans, research topics, lectures and events API."""

from __future__ import annotations

from django.urls import reverse


def cases() -> list:
    from dangjian.study.tests.matrix_cases import _plan
    from dangjian.study.tests.matrix_events import _event
    from dangjian.study.tests.matrix_lectures import _lecture
    from dangjian.study.tests.matrix_research import _topic
    from dangjian.tests.test_leak_matrix import A_VIEW, Case, api, every

    authors = every(403) | {"member_a": 201}
    rows = []
    for name, make in (
        ("plan", _plan),
        ("lecture", _lecture),
        ("event", _event),
        ("topic", _topic),
    ):
        rows.append(
            Case(
                f"api:study-{name}-detail",
                lambda c, name=name, make=make: reverse(
                    f"api:study-{name}-detail", args=[make(c).pk]
                ),
                api(A_VIEW),
                post=api(every(405)),
            )
        )
        if name == "topic":
            rows.append(
                Case(
                    "api:study-topic-list",
                    lambda c: reverse("api:study-topic-list"),
                    api(every(200)),
                    post=api(authors),
                    payload=lambda c: {"title": "接口登记的课题"},
                    writers=frozenset({"member_a"}),
                    json=True,
                )
            )
        else:
            rows.append(
                Case(
                    f"api:study-{name}-list",
                    lambda c, name=name: reverse(f"api:study-{name}-list"),
                    api(every(200)),
                    post=api(every(405)),
                )
            )
    return rows
