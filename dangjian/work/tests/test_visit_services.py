"""Services of village contact and visits: who may record a visit, bad input refused with a
specific message and nothing saved, assignments created and ended."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangjian.conftest import make_org, make_user
from dangjian.orgs.models import AuditEntry, Organization
from dangjian.orgs.scoping import Role
from dangjian.work import visit_services as services
from dangjian.work.models import ContactAssignment, Visit
from dangjian.work.tests.matrix_visit import assignment, unit_cadre, visit
from dangjian.work.tracking import local_today

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (the catalogue translates them otherwise)."""
    with translation.override("en"):
        yield


def _visits() -> int:
    return Visit.objects.unscoped("test").count()


def _cadre_account(county, person):
    """An account for `person` with a member's grant at their own unit."""
    user = make_user(f"cadre{person.pk}", (Role.MEMBER, person.primary_org))
    person.user = user
    person.save()
    return user


def _record(actor, org, visitor, **extra):
    fields = {"visited_on": TODAY, "purpose": "政策宣讲", "today": TODAY} | extra
    return services.visit_record(actor=actor, org=org, visitor=visitor, **fields)


def test_secretary_records_a_visit_of_an_assigned_cadre(county):
    row = assignment(county, started_on=datetime.date(2026, 1, 1))
    made = _record(county.secretary_a, county.village_a1, row.cadre, findings="道路需修缮")
    assert (made.org, made.visitor, made.recorded_by) == (
        county.village_a1,
        row.cadre,
        county.secretary_a,
    )
    entry = AuditEntry.objects.unscoped("test").get(action="work.visit.record")
    assert entry.target_id == str(made.pk) and entry.data["as_manager"] is True


def test_township_b_gets_404_for_village_a1(county):
    cadre = assignment(county, started_on=datetime.date(2026, 1, 1)).cadre
    for actor in (county.secretary_b, county.inspector_b):
        with pytest.raises(Organization.DoesNotExist):
            _record(actor, county.village_a1, cadre)
    assert _visits() == 0


def test_visitor_records_own_visit_to_an_assigned_org_out_of_their_scope(county):
    """The unit's cadre sees nothing of township A, yet records their visit to A1."""
    cadre = assignment(county, started_on=datetime.date(2026, 1, 1)).cadre
    user = _cadre_account(county, cadre)
    made = _record(user, county.village_a1, cadre)
    assert made.recorded_by == user
    assert Visit.objects.visible_to(user).filter(pk=made.pk).exists()  # their own visit


def test_assignment_of_the_unit_lets_its_people_record(county):
    assignment(county, cadre=False, started_on=datetime.date(2026, 1, 1))  # the unit as a whole
    colleague = unit_cadre(county, "李科员")
    user = _cadre_account(county, colleague)
    assert _record(user, county.village_a1, colleague).visitor == colleague


def test_a_unit_above_the_member_makes_no_contact_of_them(client, county):
    """The county (root) paired with village B1 pairs its own office, not every member below
    it: member_a (village A1) may not record a visit to B1, is not offered it, and township
    B's coverage stays unvisited."""
    from dangjian.work import visit_selectors

    ContactAssignment.objects.create(
        org=county.village_b1, unit=county.root, started_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(Organization.DoesNotExist):
        _record(county.member_a, county.village_b1, county.person_a)
    assert visit_selectors.my_assigned_orgs(county.person_a, local_today()) == []
    client.force_login(county.member_a)
    response = client.post(
        "/api/v1/work/visits",
        {"org": county.village_b1.pk, "purpose": "走访"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert _visits() == 0


def test_visitor_refused_for_an_unassigned_org_out_of_scope(county):
    cadre = assignment(county, started_on=datetime.date(2026, 1, 1)).cadre
    user = _cadre_account(county, cadre)
    with pytest.raises(Organization.DoesNotExist):  # not even visible: 404
        _record(user, county.village_b1, cadre)
    assert _visits() == 0


def test_visible_but_not_managed_nor_assigned_is_a_specific_403(county):
    """member_a sees village A1 (their own branch) but may not record visits to it."""
    cadre = unit_cadre(county)
    with pytest.raises(PermissionDenied, match="neither manage it nor are assigned"):
        _record(county.member_a, county.village_a1, cadre)


def test_visitor_on_a_day_outside_the_assignment(county):
    cadre = assignment(
        county, started_on=datetime.date(2026, 1, 1), ended_on=datetime.date(2026, 3, 31)
    ).cadre
    user = _cadre_account(county, cadre)
    with pytest.raises(ValidationError) as error:
        _record(user, county.village_a1, cadre, visited_on=datetime.date(2026, 4, 1))
    assert "not assigned" in error.value.message_dict["visited_on"][0]
    assert _record(user, county.village_a1, cadre, visited_on=datetime.date(2026, 3, 31))


def test_recording_for_someone_else_needs_the_right(county):
    """A cadre may not record a colleague's visit, even to their own contact village."""
    row = assignment(county, started_on=datetime.date(2026, 1, 1))
    user = _cadre_account(county, row.cadre)
    colleague = unit_cadre(county, "李科员")
    with pytest.raises(Organization.DoesNotExist):
        _record(user, county.village_a1, colleague)


def test_manager_may_not_name_a_visitor_out_of_sight(county):
    """Township A's secretary cannot name township B's person (not assigned to A1)."""
    with pytest.raises(ValidationError) as error:
        _record(county.secretary_a, county.village_a1, county.person_b)
    assert "No such person" in error.value.message_dict["visitor"][0]


def test_bad_input_each_with_its_message_and_nothing_saved(county):
    cadre = assignment(county, started_on=datetime.date(2026, 1, 1)).cadre
    cases = [
        ({"visited_on": datetime.date(2026, 6, 16)}, "visited_on", "after today"),
        ({"visited_on": datetime.date(2024, 12, 31)}, "visited_on", "before"),
        ({"purpose": "  "}, "purpose", "Say why"),
        ({"purpose": "长" * 201}, "purpose", "at most 200"),
        ({"findings": "长" * 5001}, "findings", "at most 5,000"),
    ]
    for extra, field, words in cases:
        with pytest.raises(ValidationError) as error:
            _record(county.superuser, county.village_a1, cadre, **extra)
        assert words in error.value.message_dict[field][0], (field, error.value)
    assert _record(county.superuser, county.village_a1, cadre, visited_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:  # not grassroots: a 党小组, a 党委
        _record(county.superuser, county.group_a1, cadre)
    assert "not a grassroots organization" in error.value.message_dict["org"][0]
    with pytest.raises(ValidationError) as error:  # from inside the visited branch
        _record(county.superuser, county.village_a1, county.person_a)
    assert "belongs to" in error.value.message_dict["visitor"][0]
    assert _visits() == 1


def test_duplicate_visit_refused(county):
    cadre = assignment(county, started_on=datetime.date(2026, 1, 1)).cadre
    _record(county.secretary_a, county.village_a1, cadre)
    with pytest.raises(ValidationError) as error:
        _record(county.dept_admin, county.village_a1, cadre, purpose="再次")
    assert "already recorded" in error.value.message_dict["visited_on"][0]
    assert _visits() == 1


def test_assignment_create_and_end(county):
    cadre = unit_cadre(county)
    row = services.assignment_create(
        actor=county.dept_admin,
        org=county.village_a1,
        unit=county.unit,
        cadre=cadre,
        started_on=datetime.date(2026, 1, 1),
    )
    assert row.created_by == county.dept_admin
    with pytest.raises(ValidationError) as error:  # the same pairing twice
        services.assignment_create(
            actor=county.dept_admin,
            org=county.village_a1,
            unit=county.unit,
            cadre=cadre,
            started_on=datetime.date(2026, 2, 1),
        )
    assert "already assigned" in error.value.message_dict["cadre"][0]
    with pytest.raises(ValidationError) as error:
        services.assignment_end(
            actor=county.dept_admin, assignment=row, ended_on=TODAY.replace(year=2025)
        )
    assert "before it began" in error.value.message_dict["ended_on"][0]
    services.assignment_end(actor=county.secretary_a, assignment=row, ended_on=TODAY)
    row.refresh_from_db()
    assert row.ended_on == TODAY
    with pytest.raises(ValidationError, match="already ended"):
        services.assignment_end(actor=county.secretary_a, assignment=row, ended_on=TODAY)
    actions = set(AuditEntry.objects.unscoped("test").values_list("action", flat=True))
    assert {"work.assignment.create", "work.assignment.end"} <= actions


def test_assignment_refusals(county):
    cadre = unit_cadre(county)
    today = local_today()
    with pytest.raises(Organization.DoesNotExist):  # township B cannot see A1
        services.assignment_create(
            actor=county.secretary_b,
            org=county.village_a1,
            unit=county.township_b,
            started_on=today,
        )
    with pytest.raises(PermissionDenied):  # the member sees A1 but may not change it
        services.assignment_create(
            actor=county.member_a, org=county.village_a1, unit=county.unit, started_on=today
        )
    with pytest.raises(ValidationError) as error:  # U is not in township A's sight
        services.assignment_create(
            actor=county.secretary_a,
            org=county.village_a1,
            unit=county.unit,
            cadre=cadre,
            started_on=today,
        )
    assert "No such organization" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as error:  # person_b is not of unit U
        services.assignment_create(
            actor=county.superuser,
            org=county.village_a1,
            unit=county.unit,
            cadre=county.person_b,
            started_on=today,
        )
    assert "does not belong to" in error.value.message_dict["cadre"][0]
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            actor=county.superuser,
            org=county.village_a1,
            unit=county.village_b1,
            started_on=today,
        )
    assert "cannot be a contact unit" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            actor=county.superuser, org=county.township_a, unit=county.unit, started_on=today
        )
    assert "not a grassroots organization" in error.value.message_dict["org"][0]
    assert not ContactAssignment.objects.unscoped("test").exists()


def test_township_office_assigned_to_its_own_village(county):
    """乡镇干部包村: the township is the unit, its secretary makes the pairing."""
    office = make_org(
        county.superuser, county.township_a, "TAO", "甲镇机关党支部", category="township"
    )
    from dangjian.conftest import make_person

    cadre = make_person(county.superuser, office, "镇干部")
    row = services.assignment_create(
        actor=county.secretary_a,
        org=county.village_a1,
        unit=county.township_a,
        cadre=cadre,
        started_on=local_today(),
    )
    assert row.unit == county.township_a


def test_visit_helper_rows_are_scoped(county):
    made = visit(county)
    assert Visit.objects.visible_to(county.secretary_a).filter(pk=made.pk).exists()
    assert not Visit.objects.visible_to(county.secretary_b).filter(pk=made.pk).exists()


def test_recorder_deletes_within_seven_days(county):
    from django.utils import timezone

    cadre = assignment(county, started_on=datetime.date(2025, 1, 1)).cadre
    made = services.visit_record(
        actor=county.secretary_a,
        org=county.village_a1,
        visitor=cadre,
        visited_on=local_today(),
        purpose="政策宣讲",
    )
    with pytest.raises(PermissionDenied, match="Only the person who recorded"):
        services.visit_delete(actor=county.dept_admin, visit=made)
    recorded = timezone.localtime(made.created_at).date()
    with pytest.raises(PermissionDenied, match="more than 7 days ago"):
        services.visit_delete(
            actor=county.secretary_a, visit=made, today=recorded + datetime.timedelta(days=8)
        )
    services.visit_delete(
        actor=county.secretary_a, visit=made, today=recorded + datetime.timedelta(days=7)
    )
    assert _visits() == 0
    assert AuditEntry.objects.unscoped("test").filter(action="work.visit.delete").exists()
