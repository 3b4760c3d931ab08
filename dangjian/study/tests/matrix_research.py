"""调研 rows of the role × URL matrix: member_a's topic in village A1 (township A)."""

from __future__ import annotations

from django.urls import reverse


def _topic(county, approved: bool = False):
    from dangjian.study import research_services

    topic = research_services.topic_register(actor=county.member_a, title="甲镇调研课题")
    if approved:
        topic = research_services.topic_decide(actor=county.secretary_a, topic=topic, approve=True)
    return topic


def _article(county):
    from dangjian.study import research_services

    topic = _topic(county, approved=True)
    return research_services.article_submit(
        actor=county.member_a, topic=topic, title="甲镇调研报告", body="调研发现" * 50
    )


def cases() -> list:
    from dangjian.tests.test_leak_matrix import A_VIEW, A_WRITERS, Case, every

    authors = every(403) | {"member_a": 200}
    own_only = A_VIEW | {"superuser": 403, "dept_admin": 403, "secretary_a": 403}
    scorers = every(403) | {"superuser": 200, "dept_admin": 200, "inspector_b": 200}
    a_scorers = scorers | {"inspector_b": 404}  # township B's inspector does not reach A
    scores = {"value": 20, "investigation": 20, "analysis": 18, "measures": 22, "comment": "好"}
    return [
        Case("study:research-home", lambda c: reverse("study:research-home"), every(200)),
        Case(
            "study:topic-new",
            lambda c: reverse("study:topic-new"),
            authors,
            post=authors | {"member_a": 302},
            payload=lambda c: {"title": "新课题", "summary": "计划"},
            writers=frozenset({"member_a"}),
        ),
        Case(
            "study:topic-detail",
            lambda c: reverse("study:topic-detail", args=[_topic(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:topic-decide",
            lambda c: reverse("study:topic-decide", args=[_topic(c).pk]),
            every(405),
            post=A_VIEW
            | {"superuser": 302, "dept_admin": 302, "secretary_a": 302, "member_a": 403},
            payload=lambda c: {"approve": "1", "decision_comment": ""},
            writers=A_WRITERS,
            why="a decision is a POST from the topic's page",
        ),
        Case(
            "study:article-new",
            lambda c: reverse("study:article-new", args=[_topic(c, approved=True).pk]),
            own_only,
            post=own_only | {"member_a": 302},
            payload=lambda c: {"title": "报告", "body": "调研正文" * 30},
            writers=frozenset({"member_a"}),
        ),
        Case(
            "study:article-detail",
            lambda c: reverse("study:article-detail", args=[_article(c).pk]),
            A_VIEW,
        ),
        Case(
            "study:article-score",
            lambda c: reverse("study:article-score", args=[_article(c).pk]),
            a_scorers,
            post=a_scorers | {"superuser": 302, "dept_admin": 302},
            payload=lambda c: scores,
            writers=frozenset({"superuser", "dept_admin"}),
        ),
        Case("study:research-review", lambda c: reverse("study:research-review"), scorers),
        Case(
            "study:award-list",
            lambda c: reverse("study:award-list", args=["lectures", "docx"]),
            scorers,
        ),
    ]
