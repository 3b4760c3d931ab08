"""The progress part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and
the rows its tests start from.

The item is village A1's (its published plan), person_a (member_a) responsible: township A's
chain sees and changes it, and — the plan being village A1's — verifies it; the member sees and
reports on their own item but may not verify it (403); township B's people get 404 whatever
the method.
"""

from __future__ import annotations

from django.urls import reverse

from dangjian.work.tests import fixtures


def _in_two_months() -> str:
    # Within the two years a deadline may move ahead (rules.LONGEST_DEADLINE_DAYS).
    import datetime

    from dangjian.work.tracking import local_today

    return (local_today() + datetime.timedelta(days=60)).isoformat()


def evidence(county):
    """A done report on person_a's item with one photo, its file written (as after the
    commit)."""
    from django.core.files.base import ContentFile

    from dangjian.work.models import ItemEvidence, ItemReport

    item = fixtures.item(county, status="reported")
    report = ItemReport.objects.create(
        item=item, outcome="done", text="已完成", reported_by=county.member_a
    )
    row = ItemEvidence(report=report, name="现场.png", size=8)
    row.file.save("test/现场.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    row.save()
    return row


def _listed(county, name: str, days: int) -> str:
    """A list's URL, with an item of village A1 on it (township B must not see it)."""
    fixtures.item(county, days=days, title="甲一村逾期事项")
    return reverse(name)


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

    reporters = A_WRITERS | {"member_a"}
    reported = A_VIEW | {p: 302 for p in reporters}

    def item_url(name: str, **extra):
        return lambda c: reverse(name, args=[fixtures.item(c, **extra).pk])

    return [
        Case("work:item-list", lambda c: _listed(c, "work:item-list", 5), every(200)),
        Case("work:item-overdue", lambda c: _listed(c, "work:item-overdue", -3), every(200)),
        Case("work:item-due-soon", lambda c: _listed(c, "work:item-due-soon", 1), every(200)),
        Case("work:item-mine", lambda c: _listed(c, "work:item-mine", 5), every(200)),
        Case("work:item-detail", item_url("work:item-detail"), A_VIEW),
        Case(
            "work:item-report",
            item_url("work:item-report"),
            A_VIEW,
            post=reported,
            payload=lambda c: {"outcome": "done", "text": "已完成"},
            writers=reporters,
        ),
        Case(
            "work:item-close",
            item_url("work:item-close", status="reported"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"note": "核实无误"},
            writers=A_WRITERS,
        ),
        Case(
            "work:item-return",
            item_url("work:item-return", status="reported"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"note": "缺少会议记录"},
            writers=A_WRITERS,
        ),
        Case(
            "work:item-deadline",
            item_url("work:item-deadline"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"new_deadline": _in_two_months(), "reason": "上级部署调整"},
            writers=A_WRITERS,
        ),
        Case(
            "work:file",
            lambda c: reverse("work:file", args=["item", evidence(c).pk]),
            A_VIEW,
        ),
        Case(
            "api:work-item-list",
            lambda c: _listed(c, "api:work-item-list", -3),
            api(every(200)),
            post=api(every(405)),
            why="an item is written by its plan; the list only reads",
        ),
        Case(
            "api:work-item-detail",
            lambda c: reverse("api:work-item-detail", args=[fixtures.item(c).pk]),
            api(A_VIEW),
            post=api(every(405)),
            why="reports and the close have their own URLs; the detail only reads",
        ),
        Case(
            "api:work-item-reports",
            lambda c: reverse("api:work-item-reports", args=[fixtures.item(c).pk]),
            api(every(405)),
            post=api(A_VIEW | {p: 201 for p in reporters}),
            payload=lambda c: {"outcome": "done", "text": "已完成"},
            writers=reporters,
            json=True,
        ),
        Case(
            "api:work-item-close",
            lambda c: reverse("api:work-item-close", args=[fixtures.item(c, status="reported").pk]),
            api(every(405)),
            post=api(A_CHANGE),
            payload=lambda c: {"note": "核实无误"},
            writers=A_WRITERS,
            json=True,
        ),
    ]
