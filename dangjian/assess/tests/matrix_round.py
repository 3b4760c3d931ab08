"""The round part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

The rounds are the county's (示范县委) over both townships. While a round is scored, a sheet
is seen by those who score it or approve it (the department; township B's inspector for B's
sheet), not by the assessed township's secretary — who sees it once published. Township A's
sheets and appeals are a 404 for township B's people, whatever the method.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from dangjian.assess.tests import fixtures


def scoring_round(county, status="scoring"):
    return fixtures.round_(county, status=status)


def approved_round(county):
    """A round being scored whose two sheets are approved: ready to publish."""
    from dangjian.assess.models import ScoreSheet

    row = fixtures.round_(county)
    ScoreSheet.objects.unscoped("test").filter(round=row).update(status="approved")
    return row


def published_round(county):
    from dangjian.assess.models import AssessRound, ScoreSheet

    row = fixtures.round_(county, status="published")
    AssessRound.objects.unscoped("test").filter(pk=row.pk).update(published_at=timezone.now())
    rows = ScoreSheet.objects.unscoped("test").filter(round=row)
    rows.filter(org=county.township_a).update(status="approved", total=92, rank=1, grade="good")
    rows.filter(org=county.township_b).update(status="approved", total=85, rank=2, grade="good")
    row.refresh_from_db()
    return row


def sheet_a(county, row=None, **fields):
    from dangjian.assess.models import ScoreSheet

    sheet = fixtures.sheet(row or scoring_round(county), county.township_a)
    if fields:
        ScoreSheet.objects.unscoped("test").filter(pk=sheet.pk).update(**fields)
    return sheet


def appeal_a(county):
    from dangjian.assess.models import Appeal

    sheet = sheet_a(county, published_round(county))
    return Appeal.objects.create(sheet=sheet, text="甲镇申诉", submitted_by=county.secretary_a)


def item_pk(county, code="A1") -> int:
    from dangjian.assess.models import RuleItem

    return RuleItem.objects.unscoped("test").filter(code=code).order_by("-pk").first().pk


def round_fields(county) -> dict:
    fixtures.ruleset(county)
    today = timezone.localdate()
    return {
        "org": county.root.pk,
        "name": "季度考核",
        "period_kind": "month",
        "year": today.year,
        "number": today.month,
        "excellent_quota_percent": 20,
    }


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import WRITERS, Case, api, every

    department = frozenset({"superuser", "dept_admin"})
    # A round being scored: the department sees all of it, B's inspector B's sheet only;
    # nobody else sees the round at all.
    scored = every(404) | {"superuser": 200, "dept_admin": 200, "inspector_b": 200}
    # Township A's sheet while scored: the department only.
    a_scored = every(404) | {"superuser": 200, "dept_admin": 200}
    a_scored_written = a_scored | {"superuser": 302, "dept_admin": 302}
    # Published: each township's secretary sees its own result; the member nothing.
    published = every(200) | {"member_a": 404}
    a_published = published | {"secretary_b": 404, "inspector_b": 404}
    post_only = every(405)
    return [
        Case("assess:round-list", lambda c: reverse("assess:round-list"), every(200)),
        Case(
            "assess:round-create",
            lambda c: reverse("assess:round-create"),
            WRITERS,
            # The county is no choice for a township's secretary: the form again (200).
            post=WRITERS | {"superuser": 302, "dept_admin": 302},
            payload=round_fields,
            writers=department,
        ),
        Case(
            "assess:round-detail",
            lambda c: reverse("assess:round-detail", args=[scoring_round(c).pk]),
            scored,
        ),
        Case(
            "assess:round-start",
            lambda c: reverse("assess:round-start", args=[scoring_round(c, "draft").pk]),
            post_only,
            post=scored | {"superuser": 302, "dept_admin": 302, "inspector_b": 403},
            writers=department,
            why="starting is a write: POST only",
        ),
        Case(
            "assess:round-publish",
            lambda c: reverse("assess:round-publish", args=[approved_round(c).pk]),
            post_only,
            post=scored | {"superuser": 302, "dept_admin": 302, "inspector_b": 403},
            writers=department,
            why="publishing is a write: POST only",
        ),
        Case(
            "assess:round-ranking",
            lambda c: reverse("assess:round-ranking", args=[published_round(c).pk]),
            published,
        ),
        Case(
            "assess:round-sheet",
            lambda c: reverse("assess:round-sheet", args=[sheet_a(c).pk]),
            a_scored,
            post=a_scored_written,
            payload=lambda c: {"item": item_pk(c), "points": "40", "reason": "", "evidence": ""},
            writers=department,
        ),
        Case(
            "assess:round-sheet-assign",
            lambda c: reverse("assess:round-sheet-assign", args=[sheet_a(c).pk]),
            a_scored,
            post=a_scored_written,
            payload=lambda c: {"inspector": c.dept_admin.pk},
            writers=department,
        ),
        Case(
            "assess:round-sheet-submit",
            lambda c: reverse("assess:round-sheet-submit", args=[sheet_a(c).pk]),
            post_only,
            # Nothing scored yet: the department is told so on the sheet (302, nothing saved).
            post=a_scored_written,
            why="submitting is a write: POST only",
        ),
        Case(
            "assess:round-sheet-review",
            lambda c: reverse(
                "assess:round-sheet-review", args=[sheet_a(c, status="submitted").pk]
            ),
            a_scored,
            post=a_scored_written,
            payload=lambda c: {"decision": "approve", "reason": ""},
            writers=department,
        ),
        Case(
            "assess:round-appeal-create",
            lambda c: reverse(
                "assess:round-appeal-create", args=[sheet_a(c, published_round(c)).pk]
            ),
            # Only the assessed organization's own chain files (CHANGE there, not APPROVE):
            # the level above, which decides appeals, is refused.
            a_published | {"superuser": 403, "dept_admin": 403},
            post=a_published | {"superuser": 403, "dept_admin": 403, "secretary_a": 302},
            payload=lambda c: {"item": "", "text": "班子成员已补齐"},
            writers=frozenset({"secretary_a"}),
        ),
        Case("assess:round-appeal-list", lambda c: reverse("assess:round-appeal-list"), every(200)),
        Case(
            "assess:round-appeal",
            lambda c: reverse("assess:round-appeal", args=[appeal_a(c).pk]),
            a_published,
            post=a_published | {"superuser": 302, "dept_admin": 302, "secretary_a": 403},
            payload=lambda c: {"status": "rejected", "decision": "依据不足", "points": ""},
            writers=department,
        ),
        Case(
            "api:assess-round-list",
            lambda c: reverse("api:assess-round-list"),
            api(every(200)),
            post=api(every(404) | {"superuser": 201, "dept_admin": 201}),
            payload=lambda c: {k: v for k, v in round_fields(c).items()},
            writers=department,
            json=True,
        ),
        Case(
            "api:assess-round-detail",
            lambda c: reverse("api:assess-round-detail", args=[scoring_round(c).pk]),
            api(scored),
            post=api(every(405)),
            why="a round is created on the list URL",
        ),
        Case(
            "api:assess-round-ranking",
            lambda c: reverse("api:assess-round-ranking", args=[published_round(c).pk]),
            api(published),
            post=api(every(405)),
            why="the ranking is computed at publication, never written",
        ),
        Case(
            "api:assess-round-sheet",
            lambda c: reverse(
                "api:assess-round-sheet", args=[published_round(c).pk, c.township_a.pk]
            ),
            api(a_published),
            post=api(every(405)),
            why="a sheet is scored through …/scores, item by item",
        ),
        Case(
            "api:assess-round-scores",
            lambda c: reverse("api:assess-round-scores", args=[scoring_round(c).pk]),
            api(every(405)),
            post=api(scored | {"superuser": 201, "dept_admin": 201, "inspector_b": 404}),
            payload=lambda c: {"org": c.township_a.pk, "indicator": "A1", "points": 40},
            writers=department,
            json=True,
        ),
    ]
