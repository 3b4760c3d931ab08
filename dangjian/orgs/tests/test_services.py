import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.conftest import make_org, make_person
from dangjian.orgs import services
from dangjian.orgs.models import AuditEntry, Membership, Organization


def test_create_builds_path_and_depth(county):
    assert county.root.path == f"/{county.root.pk}/"
    assert (
        county.group_a1.path
        == f"/{county.root.pk}/{county.township_a.pk}/{county.village_a1.pk}/{county.group_a1.pk}/"
    )
    assert [county.root.depth, county.township_a.depth, county.group_a1.depth] == [0, 1, 3]
    assert (
        AuditEntry.objects.unscoped("test")
        .filter(action="orgs.org.create", target_id=str(county.group_a1.pk))
        .count()
        == 1
    )


def test_secretary_cannot_create_outside_own_subtree(county):
    with pytest.raises(PermissionDenied):
        make_org(county.secretary_a, county.township_b, "X1", "越权支部")
    assert not Organization.objects.unscoped("test").filter(code="X1").exists()


def test_only_superuser_creates_a_root(county):
    with pytest.raises(PermissionDenied):
        make_org(county.dept_admin, None, "R2", "另一个县")


def test_duplicate_code_is_a_field_error_and_saves_nothing(county):
    before = Organization.objects.unscoped("test").count()
    with pytest.raises(ValidationError) as info:
        make_org(county.dept_admin, county.root, "TA", "重复代码")
    assert "code" in info.value.message_dict
    assert Organization.objects.unscoped("test").count() == before


def test_move_rehangs_whole_subtree_in_one_call(county):
    services.org_move(actor=county.dept_admin, org=county.village_a1, new_parent=county.township_b)
    village, group = (
        Organization.objects.unscoped("test").get(pk=o.pk)
        for o in (county.village_a1, county.group_a1)
    )
    assert village.parent_id == county.township_b.pk
    assert village.path == f"{county.township_b.path}{village.pk}/"
    assert group.path == f"{village.path}{group.pk}/"
    assert (village.depth, group.depth) == (2, 3)
    # Scoping follows the move at once.
    visible_b = set(
        Organization.objects.visible_to(county.secretary_b).values_list("code", flat=True)
    )
    assert visible_b == {"TB", "B1", "A1", "A1G"}
    assert "A1" not in set(
        Organization.objects.visible_to(county.secretary_a).values_list("code", flat=True)
    )


def test_move_under_own_descendant_is_refused(county):
    with pytest.raises(ValidationError) as info:
        services.org_move(
            actor=county.dept_admin, org=county.township_a, new_parent=county.group_a1
        )
    assert "parent" in info.value.message_dict
    assert (
        Organization.objects.unscoped("test").get(pk=county.township_a.pk).path
        == county.township_a.path
    )


def test_move_needs_change_rights_on_both_ends(county):
    with pytest.raises(PermissionDenied):
        services.org_move(
            actor=county.secretary_a, org=county.village_a1, new_parent=county.township_b
        )


def test_term_end_is_derived_from_election_and_length(county):
    org = services.org_update(
        actor=county.dept_admin,
        org=county.village_a1,
        term_elected_on=datetime.date(2020, 2, 29),
        term_years=5,
    )
    assert org.term_ends_on == datetime.date(2025, 2, 28)
    assert org.term_status(datetime.date(2025, 3, 1)) == "expired"
    assert org.term_status(datetime.date(2024, 12, 1)) == "due"
    assert org.term_status(datetime.date(2022, 1, 1)) == "ok"


def test_transfer_keeps_membership_history(county):
    person = county.person_a
    services.person_transfer(
        actor=county.dept_admin,
        person=person,
        to_org=county.village_b1,
        on=datetime.date(2024, 5, 1),
        note="工作调动",
    )
    rows = list(
        Membership.objects.unscoped("test")
        .filter(person=person)
        .order_by("started_on")
        .values_list("org__code", "started_on", "ended_on")
    )
    assert rows == [
        ("A1", datetime.date(2020, 1, 1), datetime.date(2024, 5, 1)),
        ("B1", datetime.date(2024, 5, 1), None),
    ]
    person.refresh_from_db()
    assert person.primary_org == county.village_b1


def test_transfer_to_same_org_and_before_start_are_refused(county):
    with pytest.raises(ValidationError) as same:
        services.person_transfer(
            actor=county.dept_admin,
            person=county.person_a,
            to_org=county.village_a1,
            on=datetime.date(2024, 1, 1),
        )
    assert "to_org" in same.value.message_dict
    with pytest.raises(ValidationError) as early:
        services.person_transfer(
            actor=county.dept_admin,
            person=county.person_a,
            to_org=county.village_b1,
            on=datetime.date(2019, 1, 1),
        )
    assert "on" in early.value.message_dict
    assert Membership.objects.unscoped("test").filter(person=county.person_a).count() == 1


def test_secretary_cannot_transfer_into_another_township(county):
    with pytest.raises(PermissionDenied):
        services.person_transfer(
            actor=county.secretary_a,
            person=county.person_a,
            to_org=county.village_b1,
            on=datetime.date(2024, 1, 1),
        )


def test_person_id_card_checksum_and_uniqueness(county):
    with pytest.raises(ValidationError) as bad:
        make_person(county.dept_admin, county.village_a1, "王错", id_card="110105194912310021")
    assert "id_card" in bad.value.message_dict
    with pytest.raises(ValidationError) as dup:
        make_person(county.dept_admin, county.village_a1, "王重", id_card="11010519491231002x")
    assert "id_card" in dup.value.message_dict


# ---- dates far in the future, and the shared build of imports and forms ------------------------


def test_far_future_birth_date_is_refused_with_the_range(county):
    from dangjian.orgs.models import Person

    with pytest.raises(ValidationError) as info:
        make_person(
            county.dept_admin, county.village_a1, "远", birth_date=datetime.date(9999, 12, 31)
        )
    (message,) = info.value.message_dict["birth_date"]
    assert "1850-01-01" in message and datetime.date.today().isoformat() in message
    assert not Person.objects.unscoped("test").filter(name="远").exists()


def test_far_future_dates_are_refused_on_update_and_org_create(county):
    with pytest.raises(ValidationError) as info:
        services.person_update(
            actor=county.dept_admin,
            person=county.person_b,
            probationary_on=datetime.date(2099, 1, 1),
        )
    assert "probationary_on" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        make_org(county.dept_admin, county.root, "F1", "未来", founded_on=datetime.date(2099, 1, 1))
    assert "founded_on" in info.value.message_dict


def test_transfer_dated_2099_is_refused_and_changes_nothing(county):
    with pytest.raises(ValidationError) as info:
        services.person_transfer(
            actor=county.dept_admin,
            person=county.person_a,
            to_org=county.village_b1,
            on=datetime.date(2099, 1, 1),
        )
    assert "on" in info.value.message_dict
    assert "1850-01-01" in info.value.message_dict["on"][0]
    assert (
        Membership.objects.unscoped("test")
        .filter(person=county.person_a, ended_on__isnull=True)
        .get()
        .org
        == county.village_a1
    )


def test_a_transfer_may_be_recorded_a_little_ahead(county):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    services.person_transfer(
        actor=county.dept_admin, person=county.person_a, to_org=county.village_b1, on=soon
    )


def test_person_build_checks_permission_and_saves_nothing(county):
    from dangjian.orgs.models import Person

    with pytest.raises(PermissionDenied):
        services.person_build(
            actor=county.secretary_a,
            primary_org=county.village_b1,
            name="越权",
            gender="M",
            party_status="full",
        )
    person = services.person_build(
        actor=county.secretary_a,
        primary_org=county.village_a1,
        name="新人",
        gender="M",
        party_status="full",
        full_member_on=datetime.date(2020, 1, 1),
    )
    assert person.pk is None and not Person.objects.unscoped("test").filter(name="新人").exists()


FULL = {"full_member_on": datetime.date(2020, 1, 1)}


def test_people_build_reports_each_row(county):
    built = services.people_build(
        actor=county.secretary_a,
        rows=[
            (county.village_a1, {"name": "好", "gender": "M", "party_status": "full", **FULL}),
            (county.village_b1, {"name": "越权", "gender": "M", "party_status": "full", **FULL}),
            (county.village_a1, {"name": "坏", "gender": "X", "party_status": "full", **FULL}),
        ],
    )
    assert built[0].name == "好"
    assert isinstance(built[1], ValidationError) and "primary_org" in built[1].message_dict
    assert isinstance(built[2], ValidationError) and "gender" in built[2].message_dict


def test_create_under_a_stale_parent_copy_takes_the_stored_path(county):
    """The caller's parent object was read before the parent moved: the new org still lands
    under the parent's real place (and the scope re-check sees it there)."""
    stale = Organization.objects.unscoped("test").get(pk=county.village_a1.pk)
    services.org_move(actor=county.dept_admin, org=county.village_a1, new_parent=county.township_b)
    org = make_org(county.dept_admin, stale, "S1", "新组")
    moved = Organization.objects.unscoped("test").get(pk=county.village_a1.pk)
    assert org.path == f"{moved.path}{org.pk}/"
    assert Organization.objects.unscoped("test").get(pk=org.pk).path == org.path


def test_secretary_with_a_stale_parent_copy_cannot_create_in_its_new_township(county):
    stale = Organization.objects.unscoped("test").get(pk=county.village_a1.pk)
    services.org_move(actor=county.dept_admin, org=county.village_a1, new_parent=county.township_b)
    with pytest.raises(PermissionDenied):
        make_org(county.secretary_a, stale, "S2", "越权组")
    assert not Organization.objects.unscoped("test").filter(code="S2").exists()
