"""The ruleset part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Township A issues its own rule sets (a rural one, through the fixture's rows): its chain sees
and changes them, village A1's member reads the one in force (rules are published to the
organizations below the issuer) but never a draft, township B's people get 404 whatever the
method.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone


def a_ruleset(county, status: str = "active"):
    """Township A's rural rule set (the shared fixture's tree), in force or a draft."""
    from dangjian.assess.tests import fixtures

    return fixtures.ruleset(county, category="rural", status=status, org=county.township_a)


def a_item(county, code: str = "A2"):
    from dangjian.assess.models import RuleItem

    rules = a_ruleset(county, "draft")
    return RuleItem.objects.unscoped("test fixture").get(ruleset=rules, code=code)


def sheet(county) -> dict:
    """An .xlsx of a tree that adds up (the shared fixture's), for the import form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.assess import ruleset_xlsx as xlsx
    from dangjian.lib.excel import workbook_bytes

    rows = [
        ("A", "", "党建基础", "indicator", 60, "manual", "", ""),
        ("A1", "A", "班子建设", "indicator", 40, "manual", "", ""),
        ("A2", "A", "阵地建设", "indicator", 20, "manual", "", ""),
        ("B", "", "组织生活", "indicator", 40, "auto", "orglife.meeting_compliance", ""),
    ]
    headers = [str(label) for _key, label in xlsx.COLUMNS]
    content = workbook_bytes(headers, rows, title="细则")
    return {"file": SimpleUploadedFile("rules.xlsx", content)}


def api_tree(county) -> dict:
    from dangjian.assess.tests.fixtures_ruleset import payload

    return payload(year=timezone.localdate().year) | {"org": county.township_a.pk}


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

    # Issuers: those who may change an organization (a member or an inspector may not).
    issuers = every(200) | {"member_a": 403, "inspector_b": 403}
    # The defaults posted for the county: its department (and the superuser) create them;
    # a secretary's form does not offer the county (200, the form again, nothing saved).
    county_issued = issuers | {"superuser": 302, "dept_admin": 302}
    # A draft of township A: its chain only; everyone else 404 (a draft is not published).
    a_draft = A_CHANGE | {"member_a": 404}
    a_draft_changed = A_CHANGED | {"member_a": 404}
    # POST /api/v1/assess/rulesets for township A: A's chain 201, anyone else does not see
    # township A as an organization (404).
    api_created = api(every(201) | {"secretary_b": 404, "member_a": 404, "inspector_b": 404})
    item_fields = {
        "code": "Z",
        "name": "新增指标",
        "kind": "indicator",
        "max_points": "1",
        "scoring": "manual",
        "auto_indicator": "",
        "guidance": "",
    }

    return [
        Case("assess:ruleset-list", lambda c: reverse("assess:ruleset-list"), every(200)),
        Case(
            "assess:ruleset-defaults",
            lambda c: reverse("assess:ruleset-defaults"),
            issuers,
            post=county_issued,
            payload=lambda c: {"org": c.root.pk, "year": timezone.localdate().year},
            writers=frozenset({"superuser", "dept_admin"}),
        ),
        Case(
            "assess:ruleset-detail",
            lambda c: reverse("assess:ruleset-detail", args=[a_ruleset(c).pk]),
            A_VIEW,
        ),
        Case(
            "assess:ruleset-export",
            lambda c: reverse("assess:ruleset-export", args=[a_ruleset(c).pk]),
            A_VIEW,
        ),
        Case(
            "assess:ruleset-new-version",
            lambda c: reverse("assess:ruleset-new-version", args=[a_ruleset(c).pk]),
            A_CHANGE,
            post=A_CHANGED,
            writers=A_WRITERS,
        ),
        Case(
            "assess:ruleset-activate",
            lambda c: reverse("assess:ruleset-activate", args=[a_ruleset(c, "draft").pk]),
            a_draft,
            post=a_draft_changed,
            writers=A_WRITERS,
        ),
        Case(
            "assess:ruleset-item-add",
            lambda c: reverse("assess:ruleset-item-add", args=[a_ruleset(c, "draft").pk]),
            a_draft,
            post=a_draft_changed,
            payload=lambda c: item_fields,
            writers=A_WRITERS,
        ),
        Case(
            "assess:ruleset-item-edit",
            lambda c: reverse("assess:ruleset-item-edit", args=[a_item(c).pk]),
            a_draft,
            post=a_draft_changed,
            payload=lambda c: item_fields | {"code": "A2", "max_points": "20"},
            writers=A_WRITERS,
        ),
        Case(
            "assess:ruleset-item-delete",
            lambda c: reverse("assess:ruleset-item-delete", args=[a_item(c).pk]),
            a_draft,
            post=a_draft_changed,
            writers=A_WRITERS,
        ),
        Case(
            "assess:ruleset-import",
            lambda c: reverse("assess:ruleset-import", args=[a_ruleset(c, "draft").pk]),
            a_draft,
            post=a_draft_changed,
            payload=sheet,
            writers=A_WRITERS,
        ),
        Case(
            "api:assess-ruleset-list",
            lambda c: reverse("api:assess-ruleset-list"),
            api(every(200)),
            post=api_created,
            payload=api_tree,
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:assess-ruleset-detail",
            lambda c: reverse("api:assess-ruleset-detail", args=[a_ruleset(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            why="a rule set is created on the list; a draft is changed on its pages",
        ),
    ]
