"""Role × URL matrix rows of 组织关系转接 (dangjian/tests/test_leak_matrix.py), and the
transfers the transfer tests start from.

The matrix's transfer runs inside township A (village A1 → village A2), so that township B's
people must get 404 on it whatever the method: a transfer is visible from both of its ends,
and here neither end is theirs. member_a (person_a) is the person transferred: they see it
(their own record) and may decide nothing (403).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone


def village_a2(county):
    """A second branch of township A (created once per test)."""
    from dangjian.conftest import make_org
    from dangjian.orgs.models import Organization

    found = Organization.objects.unscoped("test").filter(code="A2").first()
    return found or make_org(county.superuser, county.township_a, "A2", "甲二村党支部")


def issued(county, person=None, to_org=None, **extra):
    """person_a's letter from village A1 to village A2 (or `to_org`), issued by the superuser."""
    from dangjian.orglife import transfer_services

    return transfer_services.transfer_issue(
        actor=county.superuser,
        person=person or county.person_a,
        to_org=to_org if to_org is not None or extra.get("to_text") else village_a2(county),
        reason=extra.pop("reason", "外出务工"),
        **extra,
    )


def other(county):
    """A second member of village A1 (the API list's row: person_a is the one POSTed)."""
    from dangjian.conftest import make_person

    return make_person(county.superuser, county.village_a1, "王甲二")


def _detail(name: str):
    return lambda c: reverse(name, args=[issued(c).pk])


def _issue_payload(county) -> dict:
    return {
        "person": county.person_a.pk,
        "to_org_code": "A2",
        "reason": "工作调动",
        "issued_on": timezone.localdate().isoformat(),
        "valid_days": 30,
    }


def _arrival_payload(county) -> dict:
    return {
        "to_org": county.village_a1.pk,
        "from_text": "邻县某村党支部",
        "letter_number": "邻组转〔2026〕0099",
        "issued_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "accepted_on": timezone.localdate().isoformat(),
        "name": "孙来",
        "gender": "M",
        "party_status": "full",
        "probationary_on": "2015-03-01",
        "full_member_on": "2016-03-01",
    }


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_WRITERS,
        WRITERS,
        Case,
        api,
        every,
    )

    posted = "decisions are POSTs from the transfer's page"
    return [
        Case(
            "orglife:transfer-list",
            lambda c: reverse("orglife:transfer-list") + f"?_={issued(c).pk}",
            every(200),
        ),
        Case(
            "orglife:transfer-history",
            lambda c: reverse("orglife:transfer-history"),
            every(200),
        ),
        Case(
            "orglife:transfer-issue",
            lambda c: (
                reverse("orglife:transfer-issue") + f"?org={c.village_a1.pk}&_={village_a2(c).pk}"
            ),
            A_CHANGE | {"inspector_b": 403},
            post=A_CHANGED | {"inspector_b": 403},
            payload=_issue_payload,
            writers=A_WRITERS,
        ),
        Case(
            "orglife:transfer-register",
            lambda c: reverse("orglife:transfer-register"),
            WRITERS,
            post=A_CREATED,
            payload=_arrival_payload,
            writers=A_WRITERS,
        ),
        Case("orglife:transfer-detail", _detail("orglife:transfer-detail"), A_VIEW),
        Case(
            "orglife:transfer-accept",
            _detail("orglife:transfer-accept"),
            every(405),
            post=A_CHANGED,
            writers=A_WRITERS,
            why=posted,
        ),
        Case(
            "orglife:transfer-return",
            _detail("orglife:transfer-return"),
            every(405),
            post=A_CHANGED,
            payload=lambda c: {"reason": "材料不全"},
            writers=A_WRITERS,
            why=posted,
        ),
        Case(
            "orglife:transfer-cancel",
            _detail("orglife:transfer-cancel"),
            every(405),
            post=A_CHANGED,
            writers=A_WRITERS,
            why=posted,
        ),
        Case("orglife:transfer-letter", _detail("orglife:transfer-letter"), A_VIEW),
        Case(
            "api:orglife-transfer-list",
            lambda c: reverse("api:orglife-transfer-list") + f"?_={issued(c, other(c)).pk}",
            api(every(200)),
            post=api(A_CHANGE | {"superuser": 201, "dept_admin": 201, "secretary_a": 201}),
            payload=lambda c: {
                "person": c.person_a.pk,
                "to_org": village_a2(c).pk,
                "reason": "工作调动",
            },
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:orglife-transfer-detail",
            _detail("api:orglife-transfer-detail"),
            api(A_VIEW),
            post=api(every(405)),
            why="a transfer is decided through its accept and return endpoints",
        ),
        Case(
            "api:orglife-transfer-accept",
            _detail("api:orglife-transfer-accept"),
            api(every(405)),
            post=api(A_CHANGE),
            payload=lambda c: {},
            writers=A_WRITERS,
            json=True,
            why="accepting is a POST",
        ),
        Case(
            "api:orglife-transfer-return",
            _detail("api:orglife-transfer-return"),
            api(every(405)),
            post=api(A_CHANGE),
            payload=lambda c: {"reason": "材料不全"},
            writers=A_WRITERS,
            json=True,
            why="returning is a POST",
        ),
    ]
