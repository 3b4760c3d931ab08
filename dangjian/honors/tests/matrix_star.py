"""The star part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

The county rated township A 92 (4★) and village A1 96.5 (5★) from last year's yearly round,
and published; township B's organizations have no result (not rated). Township A's chain sees
A's ratings; township B's people get 404 for A's rating, A's history and A's criteria; the
member reaches no organization's ratings (they belong to no person) and not township A.
Runs (background jobs) and publications at township A are township A's chain's (and the
county's) to make; township A's jobs are theirs to follow.
"""

from __future__ import annotations

from django.urls import reverse


def _year() -> int:
    from dangjian.honors.tests.fixtures_star import last_year

    return last_year()


def _rated(county) -> None:
    from dangjian.honors.tests.fixtures_star import rated

    rated(county)


def _a_rating(county) -> int:
    from dangjian.honors.tests.fixtures_star import rating_of

    _rated(county)
    return rating_of(county.township_a).pk


def _township_a_ran(county) -> None:
    """Township A's secretary rated its villages (not published yet)."""
    from dangjian.honors import star_services

    star_services.rating_run(actor=county.secretary_a, issuer=county.township_a, year=_year())


def _township_a_job(county) -> int:
    """Township A's secretary queued a rating of township A (left waiting: no commit)."""
    from dangjian.honors import star_services

    job = star_services.rating_run_start(
        actor=county.secretary_a, issuer=county.township_a, year=_year()
    )
    return job.pk


def _list(name: str):
    def url(county) -> str:
        _rated(county)
        return reverse(name, args=[_year()]) if "plaque" in name else reverse(name)

    return url


def _issuer_year(county) -> dict:
    return {"issuer": county.township_a.pk, "year": _year()}


def _criteria_fields(county) -> dict:
    fields = {"min_5": "96", "min_4": "91", "min_3": "81", "min_2": "71"}
    management = {
        "veto-TOTAL_FORMS": "2",
        "veto-INITIAL_FORMS": "0",
        "veto-MIN_NUM_FORMS": "0",
        "veto-MAX_NUM_FORMS": "6",
    }
    veto = {
        "veto-0-indicator": "work.rectifications_on_time",
        "veto-0-when": "ratio_below",
        "veto-0-value": "1",
        "veto-0-effect": "max_stars",
        "veto-0-stars": "2",
        "veto-0-label": "整改未按期完成",
        # The township keeps both vetoes it inherits (it may not drop one).
        "veto-1-indicator": "work.items_overdue",
        "veto-1-when": "count_above",
        "veto-1-value": "0",
        "veto-1-effect": "minus_stars",
        "veto-1-stars": "1",
        "veto-1-label": "工作事项逾期未完成",
    }
    return fields | management | veto


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_VIEW,
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        LOGIN,
        Case,
        api,
        every,
    )

    a_changed = A_VIEW_NO_MEMBER | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
    a_ok = A_VIEW_NO_MEMBER | {"superuser": 200, "dept_admin": 200, "secretary_a": 200}
    a_accepted = A_VIEW_NO_MEMBER | {"superuser": 202, "dept_admin": 202, "secretary_a": 202}
    a_put = api(A_VIEW_NO_MEMBER | {"superuser": 400, "dept_admin": 400, "secretary_a": 400})
    criteria = lambda c: reverse(  # noqa: E731
        "honors:star-criteria", args=[c.township_a.pk, _year()]
    )
    api_criteria = lambda c: reverse(  # noqa: E731
        "api:honors-star-criteria-detail", kwargs={"issuer": c.township_a.pk, "year": _year()}
    )

    def publish_url(name: str):
        def url(county) -> str:
            _township_a_ran(county)
            return reverse(name)

        return url

    return [
        Case("honors:star-list", _list("honors:star-list"), every(200)),
        # Run and publish are forms posted from the list: a choice out of reach is refused
        # by the form (a message, nothing written) and everyone is sent back to the list.
        Case(
            "honors:star-run",
            lambda c: reverse("honors:star-run"),
            every(405, anonymous=LOGIN),
            post=every(302),
            payload=_issuer_year,
            writers=A_WRITERS,
            why="a rating run writes: POST only",
        ),
        Case(
            "honors:star-publish",
            publish_url("honors:star-publish"),
            every(405, anonymous=LOGIN),
            post=every(302),
            payload=_issuer_year,
            writers=A_WRITERS,
            why="publishing writes: POST only",
        ),
        Case(
            "honors:star-history",
            lambda c: (_rated(c), reverse("honors:star-history", args=[c.village_a1.pk]))[1],
            A_VIEW,
        ),
        Case(
            "honors:star-criteria",
            criteria,
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=_criteria_fields,
            writers=A_WRITERS,
        ),
        Case("honors:star-plaque", _list("honors:star-plaque"), every(200)),
        Case(
            "honors:star-plaque-docx",
            _list("honors:star-plaque-docx"),
            every(200),
            why="an export reads: GET only",
        ),
        # Public: no login. No ratings are published here, or township A's names would be
        # on a page township B's people read (the no-leak check): the page itself is public.
        Case(
            "honors:star-public",
            lambda c: reverse("honors:star-public", args=[_year()]),
            every(200, anonymous=200),
            why="public and read-only",
        ),
        Case(
            "api:honors-star-rating-list",
            _list("api:honors-star-rating-list"),
            api(every(200)),
            post=api(every(405)),
            why="ratings are made by a run: POST …/run",
        ),
        Case(
            "api:honors-star-rating-detail",
            lambda c: reverse("api:honors-star-rating-detail", args=[_a_rating(c)]),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="a rating is read; runs make them",
        ),
        Case(
            "api:honors-star-rating-run",
            lambda c: reverse("api:honors-star-rating-run"),
            api(every(405)),
            post=api(a_accepted),
            payload=_issuer_year,
            writers=A_WRITERS,
            json=True,
            why="a run writes: POST only",
        ),
        Case(
            "api:honors-star-rating-publish",
            publish_url("api:honors-star-rating-publish"),
            api(every(405)),
            post=api(a_ok),
            payload=_issuer_year,
            writers=A_WRITERS,
            json=True,
            why="publishing writes: POST only",
        ),
        Case(
            "api:honors-star-run-detail",
            lambda c: reverse("api:honors-star-run-detail", args=[_township_a_job(c)]),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="a job is read; POST …/star-ratings/run starts one",
        ),
        Case(
            "api:honors-star-criteria-detail",
            api_criteria,
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            other={"put": a_put},
            writers=A_WRITERS,
            why="criteria are read with GET and set with PUT",
        ),
    ]
