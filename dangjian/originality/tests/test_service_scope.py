"""Originality services called across scopes: township B files and checks none of township
A's texts, and a refused call leaves no submission, check or audit entry behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.orgs.models import AuditEntry
from dangjian.originality import services
from dangjian.originality.models import Check, Submission
from dangjian.originality.tests.texts import cjk

pytestmark = pytest.mark.django_db


def rows() -> tuple[int, int, int]:
    return (
        Submission.objects.unscoped("test").count(),
        Check.objects.unscoped("test").count(),
        AuditEntry.objects.unscoped("test").count(),
    )


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b", "member_a"])
def test_text_check_in_township_a_is_refused(county, persona):
    before = rows()
    with pytest.raises((PermissionDenied, Submission.DoesNotExist)):
        services.text_check(
            actor=getattr(county, persona),
            org=county.village_a1,
            title="越权",
            text=cjk(60, seed=3),
        )
    assert rows() == before


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_submission_create_and_check_request_in_township_a_are_refused(county, persona):
    actor = getattr(county, persona)
    note = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="甲镇心得", text=cjk(60, seed=3)
    )
    before = rows()
    with pytest.raises(PermissionDenied):
        services.submission_create(
            actor=actor, org=county.village_a1, title="x", text=cjk(60, seed=3)
        )
    with pytest.raises((PermissionDenied, Submission.DoesNotExist)):
        services.check_request(actor=actor, submission=note)
    assert rows() == before


def test_text_check_inside_ones_township(county):
    check = services.text_check(
        actor=county.inspector_b, org=county.village_b1, title="乙镇", text=cjk(60, seed=3)
    )
    assert check.submission.org == county.village_b1
