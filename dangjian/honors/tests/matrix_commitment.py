"""The commitment part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Person A (member_a, village A1) holds a published commitment and a draft: A's chain sees and
changes them, the member changes their own (write, edit, publish, progress) but never
evaluates it (403); township B's people get 404. The public page and its API are township
B's village (person B's published commitment), read by everyone, signed in or not. The
evaluation's POST depends on the day: inside the year-end window it saves, outside it the
form comes back with the window's message (rules_commitment.evaluation_window).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from dangjian.honors import rules_commitment as rules


def _evaluable_year() -> tuple[int, bool]:
    """The year whose commitments may be evaluated today (if any), and whether one may."""
    today = timezone.localdate()
    year = today.year - 1 if today.month < rules.EVALUATION_OPENS[0] else today.year
    opens, closes = rules.evaluation_window(year)
    if opens <= today <= closes:
        return year, True
    return today.year, False


def published(county):
    from dangjian.honors.tests import fixtures_commitment as fx

    year, _open = _evaluable_year()
    return fx.commitment(county, person=county.person_a, year=year, title="甲镇承诺公开事项")


def draft(county):
    from dangjian.honors.tests import fixtures_commitment as fx

    return fx.commitment(county, person=county.person_a, status="draft", title="甲镇承诺草稿")


def public_org(county) -> int:
    from dangjian.honors.tests import fixtures_commitment as fx

    fx.commitment(county, person=county.person_b, title="乙镇公开承诺")
    return county.village_b1.pk


def _progress_date(county) -> str:
    year, _open = _evaluable_year()
    return min(timezone.localdate(), datetime.date(year, 12, 31)).isoformat()


def _on(factory, name: str):
    return lambda c: reverse(name, args=[factory(c).pk])


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_VIEW,
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        Case,
        api,
        every,
    )

    _year, window_open = _evaluable_year()
    own_writers = A_WRITERS | {"member_a"}
    changed = A_VIEW | {"superuser": 302, "dept_admin": 302, "secretary_a": 302, "member_a": 302}
    evaluators = A_VIEW | {"member_a": 403}
    evaluated_page = evaluators | (
        {"superuser": 302, "dept_admin": 302, "secretary_a": 302} if window_open else {}
    )
    evaluated_api = evaluators | (
        {"superuser": 200, "dept_admin": 200, "secretary_a": 200}
        if window_open
        else {"superuser": 400, "dept_admin": 400, "secretary_a": 400}
    )
    only_member = every(403) | {"member_a": 200}
    fields = {"year": timezone.localdate().year, "title": "帮扶两户困难群众", "detail": "每月走访"}
    not_get = every(405)

    return [
        Case(
            "honors:commitment-overview",
            lambda c: reverse("honors:commitment-overview"),
            every(200),
        ),
        Case("honors:commitment-mine", lambda c: reverse("honors:commitment-mine"), every(200)),
        Case(
            "honors:commitment-create",
            lambda c: reverse("honors:commitment-create"),
            only_member,
            post=only_member | {"member_a": 302},
            payload=lambda c: fields | {"due": ""},
            writers=frozenset({"member_a"}),
        ),
        Case(
            "honors:commitment-org",
            lambda c: reverse("honors:commitment-org", args=[c.village_a1.pk]),
            A_VIEW_NO_MEMBER,
        ),
        Case(
            "honors:commitment-org-create",
            lambda c: reverse("honors:commitment-org-create", args=[c.village_a1.pk]),
            A_VIEW_NO_MEMBER,
            post=A_VIEW_NO_MEMBER | {"superuser": 302, "dept_admin": 302, "secretary_a": 302},
            payload=lambda c: fields | {"person": c.person_a.pk, "due": ""},
            writers=A_WRITERS,
        ),
        Case("honors:commitment-detail", _on(published, "honors:commitment-detail"), A_VIEW),
        Case(
            "honors:commitment-edit",
            _on(draft, "honors:commitment-edit"),
            A_VIEW,
            post=changed,
            payload=lambda c: {"title": "帮扶三户困难群众", "detail": "", "due": ""},
            writers=own_writers,
        ),
        Case(
            "honors:commitment-publish",
            _on(draft, "honors:commitment-publish"),
            not_get,
            post=changed,
            writers=own_writers,
            why="publishing is a POST (a button on the commitment's page)",
        ),
        Case(
            "honors:commitment-progress",
            _on(published, "honors:commitment-progress"),
            A_VIEW,
            post=changed,
            payload=lambda c: {"date": _progress_date(c), "text": "已走访一户"},
            writers=own_writers,
        ),
        Case(
            "honors:commitment-evaluate",
            _on(published, "honors:commitment-evaluate"),
            evaluators,
            post=evaluated_page,
            payload=lambda c: {"verdict": "kept", "note": "按期完成"},
            writers=A_WRITERS,
        ),
        Case(
            "honors:commitment-public",
            lambda c: reverse("honors:commitment-public", args=[public_org(c)]),
            every(200, anonymous=200),
            why="public and read-only: published commitments and demonstration posts",
        ),
        Case(
            "api:honors-commitment-list",
            lambda c: reverse("api:honors-commitment-list"),
            api(every(200)),
            post=api(A_VIEW | {"superuser": 201, "dept_admin": 201, "secretary_a": 201})
            | {"member_a": 201},
            payload=lambda c: fields | {"person": c.person_a.pk},
            writers=own_writers,
            json=True,
        ),
        Case(
            "api:honors-commitment-detail",
            _on(draft, "api:honors-commitment-detail"),
            api(A_VIEW),
            post=api(every(405)),
            other={"patch": api(A_VIEW)},
            writers=own_writers,
            why="a draft is changed with PATCH; POST belongs to its actions",
        ),
        Case(
            "api:honors-commitment-publish",
            _on(draft, "api:honors-commitment-publish"),
            api(not_get),
            post=api(A_VIEW),
            writers=own_writers,
            json=True,
            why="publishing is a POST",
        ),
        Case(
            "api:honors-commitment-updates",
            _on(published, "api:honors-commitment-updates"),
            api(not_get),
            post=api(A_VIEW | {"superuser": 201, "dept_admin": 201, "secretary_a": 201})
            | {"member_a": 201},
            payload=lambda c: {"date": _progress_date(c), "text": "已走访一户"},
            writers=own_writers,
            json=True,
            why="updates are posted; they are read in the commitment's detail",
        ),
        Case(
            "api:honors-commitment-evaluate",
            _on(published, "api:honors-commitment-evaluate"),
            api(not_get),
            post=api(evaluated_api),
            payload=lambda c: {"verdict": "kept", "note": "按期完成"},
            writers=A_WRITERS,
            json=True,
            why="an evaluation is posted; it is read in the commitment's detail",
        ),
        Case(
            "api:public-org-commitments",
            lambda c: reverse("api:public-org-commitments", args=[public_org(c)]),
            every(200, anonymous=200),
            post=every(405, anonymous=405),
            why="public and read-only",
        ),
    ]
