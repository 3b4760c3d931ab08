"""The eval part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Township A's evaluation point, codes and evaluations: A's chain sees and manages them;
township B's people get 404 whatever the method; the member (not the secretary of a unit)
sees no point. The public page and the public API answer everybody, anonymous included.
"""

from __future__ import annotations

from django.urls import reverse

from dangjian.assess.tests import fixtures_eval as fx


# The public rows use the county unit's point: a public page names its unit, and the matrix
# reads township A's name on a page shown to township B as a leak.
def _public(county) -> str:
    return reverse("assess:eval-public", args=[fx.point(county, county.unit).public_key])


def _public_payload(county) -> dict:
    from dangjian.assess.models import EvaluationPoint

    # A code counts only where its unit has a point in code mode.
    if not EvaluationPoint.objects.unscoped("test").filter(org=county.unit).exists():
        fx.point(county, county.unit)
    return {"code": fx.code(county, county.unit).code, "overall": "satisfied", "comment": ""}


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_VIEW,
        A_WRITERS,
        PERSONAS,
        Case,
        api,
        every,
    )

    org_a = lambda c: c.township_a.pk  # noqa: E731
    everybody = frozenset(PERSONAS)
    # Township A's organization: the member of village A1 does not see township A itself.
    a_view = A_VIEW | {"member_a": 404}
    a_change = A_CHANGE | {"member_a": 404}
    a_changed = A_CHANGED | {"member_a": 404}

    def point_url(name: str, suffix: str = ""):
        def url(c) -> str:
            fx.point(c)
            return reverse(name, args=[org_a(c)]) + suffix

        return url

    return [
        Case(
            "assess:eval-public",
            _public,
            every(200, anonymous=200),
            post=every(303, anonymous=303),  # See Other: the thank-you page
            payload=_public_payload,
            writers=everybody,
            why="public: anyone with the QR code evaluates",
        ),
        Case(
            "assess:eval-thanks",
            lambda c: reverse("assess:eval-thanks", args=[fx.point(c, c.unit).public_key]),
            every(200, anonymous=200),
            post=every(405, anonymous=405),
            why="public thank-you page: GET only",
        ),
        Case("assess:eval-overview", lambda c: reverse("assess:eval-overview"), every(200)),
        Case(
            "assess:eval-setup-start",
            lambda c: reverse("assess:eval-setup-start") + f"?org={org_a(c)}",
            every(302),
        ),
        Case("assess:eval-moderation", lambda c: reverse("assess:eval-moderation"), every(200)),
        Case(
            "assess:eval-moderate",
            lambda c: reverse(
                "assess:eval-moderate", args=[fx.evaluation(c, comment="服务很好").pk]
            ),
            every(405),
            post=a_changed | {"inspector_b": 404, "secretary_b": 404},
            payload=lambda c: {"decision": "approve"},
            writers=A_WRITERS,
            why="a moderation decision is a write: POST only",
        ),
        Case("assess:eval-results", point_url("assess:eval-results"), a_view),
        Case(
            "assess:eval-setup",
            point_url("assess:eval-setup"),
            a_change,
            post=a_changed,
            payload=lambda c: {"mode": "open", "is_open": "on", "intro": "请评议"},
            writers=A_WRITERS,
        ),
        Case("assess:eval-qr", point_url("assess:eval-qr", "?format=svg"), a_view),
        Case("assess:eval-poster", point_url("assess:eval-poster"), a_view),
        Case(
            "assess:eval-codes",
            point_url("assess:eval-codes"),
            a_change,
            post=a_changed,
            payload=lambda c: {"count": 3, "period": fx.this_month().strftime("%Y-%m")},
            writers=A_WRITERS,
        ),
        Case(
            "assess:eval-codes-export",
            point_url("assess:eval-codes-export", "?format=csv"),
            a_change,
        ),
        Case(
            "api:assess-evaluation-code-list",
            lambda c: reverse("api:assess-evaluation-code-list"),
            api(every(405)),
            post=api(every(201) | {"secretary_b": 404, "inspector_b": 404, "member_a": 404}),
            payload=lambda c: {
                "org": org_a(c),
                "count": 2,
                "period": fx.this_month().strftime("%Y-%m"),
            },
            writers=A_WRITERS,
            json=True,
            why="codes are made, never listed through the API",
        ),
        Case(
            "api:assess-evaluation-summary",
            lambda c: reverse("api:assess-evaluation-summary") + f"?org={org_a(c)}",
            api(a_view),
            post=api(every(405)),
            why="the summary is computed, never written",
        ),
        Case(
            "api:public-evaluation-list",
            lambda c: reverse("api:public-evaluation-list"),
            every(405, anonymous=405),
            post=every(201, anonymous=201),
            payload=_public_payload,
            writers=everybody,
            json=True,
            why="public: a one-time code is the credential; POST only",
        ),
    ]
