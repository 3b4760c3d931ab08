"""The visit part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py), and the
rows the visit tests start from.

County unit U's cadre 王干部 is assigned to village A1 (township A): A's chain sees and changes
the assignment and the visits to A1; township B's people get 404 whatever the method.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.work.tracking import local_today


def unit_cadre(county, name: str = "王干部"):
    """A cadre of county unit U (the 教育局): a person whose primary org is the unit."""
    from dangjian.conftest import make_person

    return make_person(county.superuser, county.unit, name, cadre_position="副局长")


def assignment(county, org=None, *, cadre=None, unit=None, started_on=None, ended_on=None):
    """Unit U (and `cadre`, by default a new unit cadre) paired with `org` (village A1) since
    the first of last month, written with the ORM so each test states its rows."""
    from dangjian.work.models import ContactAssignment

    if cadre is None:
        cadre = unit_cadre(county)
    start = started_on or (local_today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return ContactAssignment.objects.create(
        org=org or county.village_a1,
        unit=unit or county.unit,
        cadre=cadre or None,
        started_on=start,
        ended_on=ended_on,
        created_by=county.superuser,
    )


def visit(county, org=None, *, visitor=None, visited_on=None, purpose="政策宣讲", **extra):
    from dangjian.work.models import Visit

    return Visit.objects.create(
        org=org or county.village_a1,
        visitor=visitor or unit_cadre(county, "访客"),
        visited_on=visited_on or local_today(),
        purpose=purpose,
        recorded_by=county.superuser,
        **extra,
    )


def record_fields(county, **extra) -> dict:
    """The quick form posted for village A1 by a manager, for an assigned cadre."""
    row = assignment(county)
    return {
        "other_org": county.village_a1.pk,
        "visitor": row.cadre_id,
        "visited_on": local_today().isoformat(),
        "chips": ["policy"],
        "purpose_text": "",
    } | extra


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        WRITERS,
        Case,
        api,
        every,
    )

    # A member reaches no subtree (their own branch is not one): coverage is a 404.
    subtree_readers = every(200) | {"member_a": 404}
    # A visit recorded by the superuser: only they may delete it; A's chain sees it (403).
    recorder_only = A_VIEW_NO_MEMBER | {"dept_admin": 403, "secretary_a": 403}
    # The assignment names unit U's cadre, not the member: out of the member's sight.
    a_assignment = A_CHANGE | {"member_a": 404}
    # POST /api/v1/work/visits for village A1: township B does not see A1 (404); the member
    # sees A1 but neither manages it nor is assigned to it (403).
    api_created = api(every(201) | {"secretary_b": 404, "inspector_b": 404, "member_a": 403})

    return [
        Case(
            "work:visit-record",
            lambda c: reverse("work:visit-record"),
            WRITERS,
            post=A_CREATED,
            payload=record_fields,
            writers=A_WRITERS,
        ),
        Case("work:visit-list", lambda c: reverse("work:visit-list"), every(200)),
        Case(
            "work:visit-detail",
            lambda c: reverse("work:visit-detail", args=[visit(c).pk]),
            A_VIEW_NO_MEMBER,
        ),
        Case(
            "work:visit-delete",
            lambda c: reverse("work:visit-delete", args=[visit(c).pk]),
            recorder_only,
            post=recorder_only | {"superuser": 302},
            writers=frozenset({"superuser"}),
        ),
        Case("work:visit-coverage", lambda c: reverse("work:visit-coverage"), subtree_readers),
        Case(
            "work:visit-assignment-list",
            lambda c: reverse("work:visit-assignment-list"),
            every(200),
        ),
        Case(
            "work:visit-assignment-create",
            lambda c: reverse("work:visit-assignment-create"),
            WRITERS,
            post=A_CREATED,
            payload=lambda c: {
                "unit": c.township_a.pk,
                "org": c.village_a1.pk,
                "cadre": "",
                "started_on": local_today().isoformat(),
            },
            writers=A_WRITERS,
        ),
        Case(
            "work:visit-assignment-end",
            lambda c: reverse("work:visit-assignment-end", args=[assignment(c).pk]),
            a_assignment,
            post=A_CHANGED | {"member_a": 404},
            payload=lambda c: {"ended_on": local_today().isoformat()},
            writers=A_WRITERS,
        ),
        Case(
            "api:work-visit-list",
            lambda c: reverse("api:work-visit-list"),
            api(every(200)),
            post=api_created,
            payload=lambda c: {
                "org": c.village_a1.pk,
                "visitor": assignment(c).cadre_id,
                "purpose": "政策宣讲",
            },
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:work-visit-coverage",
            lambda c: reverse("api:work-visit-coverage"),
            api(subtree_readers),
            post=api(every(405)),
            why="coverage is computed, never written",
        ),
    ]
