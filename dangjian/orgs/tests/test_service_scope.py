"""Each write service of dangjian.orgs, called across scopes: refused, and no row changes.

The outsiders are township B's secretary and inspector and a member of village A1; the targets
are township A's rows. `scripts/scope-mutants` makes each service's actor a superuser in turn
and expects one of these tests to notice.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.orgs import services
from dangjian.orgs.models import (
    AuditEntry,
    ImportJob,
    Membership,
    Organization,
    Person,
    RoleAssignment,
)
from dangjian.orgs.scoping import Action, can

pytestmark = pytest.mark.django_db
OUTSIDERS = ["secretary_b", "inspector_b", "member_a"]


def database_state() -> dict[str, list]:
    """Every row of the org-owned tables, as values: equal before and after a refused write."""
    state = {}
    for model in (Organization, Person, Membership, RoleAssignment, AuditEntry, ImportJob):
        rows = model.objects.unscoped("test: the whole table").order_by("pk")
        state[model.__name__] = list(rows.values())
    return state


@pytest.fixture
def refused(county, both_townships):
    """Assert that a call is refused with 403 and leaves every table as it was."""

    def check(call, *args, **kwargs):
        before = database_state()
        with pytest.raises(PermissionDenied):
            call(*args, **kwargs)
        assert database_state() == before

    return check


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_org_create_under_township_a_is_refused(county, refused, persona):
    actor = getattr(county, persona)
    fields = {"code": "A9", "name": "甲九村党支部", "category": "rural", "org_type": "branch"}
    refused(services.org_create, actor=actor, parent=county.township_a, **fields)
    refused(services.org_create, actor=actor, parent=None, **(fields | {"code": "TOP"}))


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_org_update_of_township_a_is_refused(county, refused, persona):
    actor = getattr(county, persona)
    for org in (county.township_a, county.village_a1, county.group_a1):
        refused(services.org_update, actor=actor, org=org, name="改名", address="乙镇")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_org_move_across_townships_is_refused(county, refused, persona):
    actor = getattr(county, persona)
    # Township A's village under B, and B's village under A: both need both ends in reach.
    refused(services.org_move, actor=actor, org=county.village_a1, new_parent=county.township_b)
    refused(services.org_move, actor=actor, org=county.village_b1, new_parent=county.township_a)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_person_create_in_township_a_is_refused(county, refused, persona):
    actor = getattr(county, persona)
    refused(
        services.person_create,
        actor=actor,
        primary_org=county.village_a1,
        name="孙新",
        gender="M",
        party_status="full",
        joined_on=datetime.date(2021, 1, 1),
    )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_person_update_in_township_a_is_refused(county, refused, both_townships, persona):
    actor = getattr(county, persona)
    for person in (county.person_a, both_townships.person_a2):
        refused(services.person_update, actor=actor, person=person, name="改名", phone="")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_person_transfer_across_townships_is_refused(county, refused, both_townships, persona):
    actor = getattr(county, persona)
    on = datetime.date(2025, 1, 1)
    refused(
        services.person_transfer,
        actor=actor,
        person=both_townships.person_a2,
        to_org=county.village_b1,
        on=on,
    )
    refused(
        services.person_transfer,
        actor=actor,
        person=both_townships.person_b2,
        to_org=county.village_a1,
        on=on,
    )


def test_insiders_may_write_their_own_township(county, both_townships):
    """The other side of the tests above: the same calls work for township B inside B."""
    actor = county.secretary_b
    org = services.org_update(actor=actor, org=county.village_b1, address="乙镇一村")
    assert org.address == "乙镇一村"
    new = services.org_create(
        actor=actor,
        parent=county.township_b,
        code="B2",
        name="乙二村党支部",
        category="rural",
        org_type="branch",
    )
    services.org_move(actor=actor, org=new, new_parent=county.village_b1)
    moved = services.person_transfer(
        actor=actor, person=both_townships.person_b2, to_org=new, on=datetime.date(2025, 1, 1)
    )
    assert moved.primary_org == new


def test_import_job_is_scoped_to_the_uploaders_township(county, both_townships):
    job = services.import_job_create(
        actor=county.secretary_b, kind=ImportJob.Kind.PEOPLE, filename="p.xlsx", content=b""
    )
    assert job.scope_org == county.township_b
    assert can(county.secretary_b, Action.VIEW, job)
    assert not can(county.secretary_a, Action.VIEW, job)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_org_build_under_township_a_is_refused(county, refused, persona):
    """The build step alone (the import's check step uses it): refused before any save."""
    fields = {"code": "A9", "name": "甲九村党支部", "category": "rural", "org_type": "branch"}
    refused(services.org_build, actor=getattr(county, persona), parent=county.township_a, **fields)
