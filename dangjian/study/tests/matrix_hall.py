"""The 干训讲堂's rows of the role × URL matrix, and the helpers its tests share.

Township A's material is published by township A: its chain (and member_a in village A1)
opens it, township B's people get 404 for it, its file, its suggestions and its statistics.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

TEXT_A = "甲镇学习资料：深入学习党建工作经验，推进基层治理。" * 4


def category():
    from dangjian.study.models import MaterialCategory

    return MaterialCategory.objects.get_or_create(name="理论辅导", defaults={"order": 3})[0]


def material(
    county,
    *,
    org=None,
    title="甲镇干训资料",
    body=TEXT_A,
    publish=True,
    file=None,
    year=None,
    actor=None,
):
    from django.test import TestCase
    from django.utils import timezone

    from dangjian.study import hall_services

    # A file is written once its row commits: run the commit hooks the test's transaction holds.
    with TestCase.captureOnCommitCallbacks(execute=True):
        saved = hall_services.material_save(
            actor=actor or county.superuser,
            org=org or county.township_a,
            category=category(),
            year=year or timezone.localdate().year,
            title=title,
            body=body,
            upload=file,
            publish=publish,
        )
    return saved


def pdf(name: str = "讲稿.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def suggestion(county, m=None):
    from dangjian.study import hall_services

    return hall_services.suggestion_create(
        actor=county.member_a, material=m or material(county), body="建议增加案例"
    )


def both(county, url_name: str) -> str:
    """A list URL, with a material of each township behind it (so a leak can show)."""
    material(county)
    material(county, org=county.township_b, title="乙镇干训资料", body="乙镇党建学习资料" * 3)
    return reverse(url_name)


def cases() -> list:
    from dangjian.tests.test_leak_matrix import A_VIEW, LOGIN, Case, api, every

    a_change = A_VIEW | {"member_a": 403}
    a_changed = a_change | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
    publisher = every(200) | {"member_a": 403, "inspector_b": 403}
    publishers = frozenset({"superuser", "dept_admin", "secretary_a"})
    # Statistics: reviewers and changers; B's people get 404 for A's material.
    a_stats = A_VIEW | {"member_a": 403}
    stats = every(200) | {"member_a": 403, "anonymous": LOGIN}
    # Only a person record writes a suggestion (member_a); accounts without one: 403.
    suggest = A_VIEW | {
        "superuser": 403,
        "dept_admin": 403,
        "secretary_a": 403,
        "member_a": 302,
    }
    return [
        Case("study:hall-list", lambda c: both(c, "study:hall-list") + "?q=党建", every(200)),
        Case(
            "study:hall-new",
            lambda c: reverse("study:hall-new"),
            publisher,
            post=publisher | {"superuser": 302, "dept_admin": 302, "secretary_a": 302},
            payload=lambda c: {
                "org": c.township_a.pk,
                "category": category().pk,
                "year": 2026,
                "title": "新资料",
                "body": "学习内容",
                "publish": "on",
            },
            writers=publishers,
        ),
        Case("study:hall-stats", lambda c: both(c, "study:hall-stats"), stats),
        Case(
            "study:hall-detail",
            lambda c: reverse("study:hall-detail", args=[material(c).pk]),
            A_VIEW,
            # Opening records the reading of people with a person record.
            writers=frozenset({"member_a"}),
        ),
        Case(
            "study:hall-edit",
            lambda c: reverse("study:hall-edit", args=[material(c).pk]),
            a_change,
            post=a_changed,
            payload=lambda c: {
                "org": c.township_a.pk,
                "category": category().pk,
                "year": 2026,
                "title": "改后",
                "body": "学习内容",
            },
            writers=publishers,
        ),
        Case(
            "study:hall-download",
            lambda c: reverse("study:hall-download", args=[material(c, file=pdf()).pk]),
            A_VIEW,
            writers=frozenset(),
            why="a download is a GET (it counts, it changes nothing else)",
        ),
        Case(
            "study:hall-progress",
            lambda c: reverse("study:hall-progress", args=[material(c).pk]),
            every(405),
            post=A_VIEW
            | {"superuser": 204, "dept_admin": 204, "secretary_a": 204, "member_a": 204},
            payload=lambda c: {"seconds": "20", "finished": "on"},
            writers=frozenset({"member_a"}),
            why="the reading page's heartbeat is a POST",
        ),
        Case(
            "study:hall-suggest",
            lambda c: reverse("study:hall-suggest", args=[material(c).pk]),
            every(405),
            post=suggest,
            payload=lambda c: {"body": "建议多配案例"},
            writers=frozenset({"member_a"}),
            why="a suggestion is a POST from the material's page",
        ),
        Case(
            "study:hall-material-stats",
            lambda c: reverse("study:hall-material-stats", args=[material(c).pk]),
            a_stats,
        ),
        Case(
            "study:hall-moderation",
            lambda c: (suggestion(c), reverse("study:hall-moderation"))[1],
            publisher,
        ),
        Case(
            "study:hall-moderate",
            lambda c: reverse("study:hall-moderate", args=[suggestion(c).pk]),
            every(405),
            post=a_changed,
            payload=lambda c: {"decision": "approved"},
            writers=publishers,
            why="moderation is a POST",
        ),
        Case(
            "api:study-hall-material-list",
            lambda c: both(c, "api:study-hall-material-list") + "?q=党建",
            api(every(200)),
            post=api(every(405)),
        ),
        Case(
            "api:study-hall-material-detail",
            lambda c: reverse("api:study-hall-material-detail", args=[material(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            writers=frozenset({"member_a"}),
        ),
        Case(
            "api:study-hall-material-suggestions",
            lambda c: reverse("api:study-hall-material-suggestions", args=[material(c).pk]),
            api(every(405)),
            post=api(suggest | {"member_a": 201}),
            payload=lambda c: {"body": "接口留言"},
            writers=frozenset({"member_a"}),
            json=True,
            why="a suggestion is a POST",
        ),
    ]
