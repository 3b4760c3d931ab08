"""Each selector of dangjian.orgs, read as township B: none of township A's rows.

Every list in the fixtures holds rows of both townships (`county` + `both_townships`), so each
"must not see" below can fail; `scripts/scope-mutants` makes each selector's user a superuser
in turn and expects one of these tests to notice.
"""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from dangjian.orgs import selectors
from dangjian.orgs.models import RoleAssignment
from dangjian.orgs.scoping import (
    Action,
    Role,
    forget_grants,
    grants,
    may,
    person_id_of,
    roles,
    scope_prefixes,
)

TODAY = datetime.date(2026, 1, 1)
A_ORGS = {"甲镇党委", "甲一村党支部", "甲一村第一党小组"}
B_ORGS = {"乙镇党委", "乙一村党支部"}
A_PEOPLE = {"张甲", "王甲二"}
B_PEOPLE = {"李乙", "赵乙二", "钱转出"}

pytestmark = pytest.mark.django_db


def names(rows) -> set[str]:
    return {row.name for row in rows}


@pytest.fixture
def data(county, both_townships):
    return both_townships


def test_the_fixture_holds_rows_of_both_townships(county, data):
    everything = county.superuser
    assert names(selectors.org_queryset(everything)) >= A_ORGS | B_ORGS
    assert names(selectors.person_queryset(everything)) >= A_PEOPLE | B_PEOPLE
    assert names(selectors.terms_due(everything, TODAY)) >= {"甲镇党委", "乙镇党委"}
    history = selectors.membership_history(everything, data.person_moved)
    assert {m.org.name for m in history} == {"甲一村党支部", "乙一村党支部"}


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_org_queryset_holds_only_township_b(county, data, persona):
    user = getattr(county, persona)
    assert names(selectors.org_queryset(user)) == B_ORGS


def test_org_queryset_for_change(county, data):
    assert names(selectors.org_queryset(county.secretary_b, Action.CHANGE)) == B_ORGS
    assert not selectors.org_queryset(county.inspector_b, Action.CHANGE).exists()
    assert not selectors.org_queryset(county.member_a, Action.CHANGE).exists()


def test_member_sees_only_own_organization(county, data):
    assert names(selectors.org_queryset(county.member_a)) == {"甲一村党支部"}


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_org_get_refuses_township_a(county, data, persona):
    user = getattr(county, persona)
    assert selectors.org_get(user, county.village_b1.pk) == county.village_b1
    for org in (county.township_a, county.village_a1, county.group_a1, county.root):
        with pytest.raises(Http404):
            selectors.org_get(user, org.pk)


def test_org_get_for_change(county, data):
    with pytest.raises(Http404):
        selectors.org_get(county.inspector_b, county.village_b1.pk, Action.CHANGE)
    with pytest.raises(Http404):
        selectors.org_get(county.member_a, county.village_a1.pk, Action.CHANGE)


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_org_list_holds_only_township_b(county, data, persona):
    user = getattr(county, persona)
    everything = selectors.OrgFilters(include_inactive=True)
    assert names(selectors.org_list(user, everything)) == B_ORGS
    # A search that matches villages of both townships.
    assert names(selectors.org_list(user, selectors.OrgFilters(q="村"))) == {"乙一村党支部"}
    under_a = selectors.OrgFilters(under=county.township_a)
    assert not selectors.org_list(user, under_a).exists()


def test_org_list_counts_only_visible_people(county, data):
    # member_a sees village A1 and only their own record in it, not 王甲二.
    rows = list(selectors.org_list(county.member_a, selectors.OrgFilters()))
    assert [(row.name, row.people_count) for row in rows] == [("甲一村党支部", 1)]
    b1 = selectors.org_list(county.secretary_b, selectors.OrgFilters(q="乙一村")).get()
    assert b1.people_count == 3


def test_org_roots_start_at_the_users_scope(county, data):
    assert names(selectors.org_roots(county.secretary_b)) == {"乙镇党委"}
    assert names(selectors.org_roots(county.inspector_b)) == {"乙镇党委"}
    assert names(selectors.org_roots(county.dept_admin)) == {"示范县委"}


def test_org_roots_count_only_visible_children_and_people(county, data):
    # member_a sees village A1 but not its party group, and only their own record.
    (root,) = selectors.org_roots(county.member_a)
    assert (root.name, root.child_count, root.people_count) == ("甲一村党支部", 0, 1)
    (root,) = selectors.org_roots(county.secretary_b)
    assert (root.child_count, root.people_count) == (1, 0)


def test_org_children_hides_township_a(county, data):
    # The county itself is outside B's reach, but its visible children are offered.
    assert names(selectors.org_children(county.secretary_b, county.root)) == {"乙镇党委"}
    assert names(selectors.org_children(county.inspector_b, county.root)) == {"乙镇党委"}
    assert not selectors.org_children(county.secretary_b, county.township_a)
    assert not selectors.org_children(county.member_a, county.village_a1)


def test_org_choices_are_the_organizations_one_may_change(county, data):
    assert names(selectors.org_choices(county.secretary_b)) == B_ORGS
    assert not selectors.org_choices(county.inspector_b).exists()
    assert not selectors.org_choices(county.member_a).exists()
    assert names(selectors.org_choices(county.inspector_b, Action.VIEW)) == B_ORGS


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_terms_due_holds_only_township_b(county, data, persona):
    user = getattr(county, persona)
    assert names(selectors.terms_due(user, TODAY)) == B_ORGS
    assert names(selectors.terms_due(county.secretary_a, TODAY)) == {"甲镇党委", "甲一村党支部"}
    assert names(selectors.terms_due(county.member_a, TODAY)) == {"甲一村党支部"}


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_person_queryset_holds_only_township_b(county, data, persona):
    user = getattr(county, persona)
    assert names(selectors.person_queryset(user)) == B_PEOPLE
    assert not selectors.person_queryset(county.inspector_b, Action.CHANGE).exists()


def test_member_sees_only_own_person_record(county, data):
    assert names(selectors.person_queryset(county.member_a)) == {"张甲"}
    filters = selectors.PersonFilters(include_inactive=True)
    assert names(selectors.person_list(county.member_a, filters)) == {"张甲"}


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_person_get_refuses_township_a(county, data, persona):
    user = getattr(county, persona)
    assert selectors.person_get(user, data.person_b2.pk) == data.person_b2
    for person in (county.person_a, data.person_a2):
        with pytest.raises(Http404):
            selectors.person_get(user, person.pk)


def test_person_get_for_member_and_for_change(county, data):
    assert selectors.person_get(county.member_a, county.person_a.pk) == county.person_a
    with pytest.raises(Http404):
        selectors.person_get(county.member_a, data.person_a2.pk)
    with pytest.raises(Http404):
        selectors.person_get(county.inspector_b, county.person_b.pk, Action.CHANGE)


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_person_list_holds_only_township_b(county, data, persona):
    user = getattr(county, persona)
    assert names(selectors.person_list(user, selectors.PersonFilters())) == B_PEOPLE
    # 13900139001 is A's, 13900139002 B's: a search for both finds B's only.
    found = selectors.person_list(user, selectors.PersonFilters(q="1390013900"))
    assert names(found) == {"赵乙二"}
    under_a = selectors.PersonFilters(under=county.township_a)
    assert not selectors.person_list(user, under_a).exists()


def test_person_for_user_is_the_accounts_own_record(county, data):
    assert selectors.person_for_user(county.member_a) == county.person_a
    assert selectors.person_for_user(county.secretary_b) is None


def test_membership_history_shows_only_memberships_in_reach(county, data):
    moved = data.person_moved

    def orgs(user, person):
        return [m.org.name for m in selectors.membership_history(user, person)]

    assert orgs(county.dept_admin, moved) == ["乙一村党支部", "甲一村党支部"]
    # The person now belongs to B; their past in township A stays A's.
    assert orgs(county.secretary_b, moved) == ["乙一村党支部"]
    assert orgs(county.inspector_b, moved) == ["乙一村党支部"]
    assert orgs(county.secretary_a, moved) == ["甲一村党支部"]
    assert orgs(county.secretary_b, county.person_a) == []
    assert orgs(county.member_a, county.person_a) == ["甲一村党支部"]
    assert orgs(county.member_a, data.person_a2) == []


def test_import_job_get_is_the_creators_within_reach(county, data):
    assert selectors.import_job_get(county.secretary_b, data.job_b.pk) == data.job_b
    with pytest.raises(Http404):
        selectors.import_job_get(county.secretary_b, data.job_a.pk)
    with pytest.raises(Http404):
        selectors.import_job_get(county.inspector_b, data.job_b.pk)
    # Once the role is gone, so is the job's scope, even for its creator.
    RoleAssignment.objects.unscoped("test: revoke").filter(user=county.secretary_b).delete()
    forget_grants(county.secretary_b)
    with pytest.raises(Http404):
        selectors.import_job_get(county.secretary_b, data.job_b.pk)


def test_home_counts_are_township_bs(county, data):
    expected = {"orgs": 2, "people": 3, "full_members": 3, "terms_due": 2}
    assert selectors.home_counts(county.secretary_b) == expected
    assert selectors.home_counts(county.inspector_b) == expected
    member = selectors.home_counts(county.member_a)
    assert (member["orgs"], member["people"]) == (1, 1)


# The scoping helpers read a user's grants once per request and keep them on the user object.


def test_grants_are_read_once_and_kept_on_the_user(county, django_assert_num_queries):
    user = county.secretary_b
    forget_grants(user)
    with django_assert_num_queries(1):
        grants(user)
    with django_assert_num_queries(0):
        assert roles(user) == {Role.SECRETARY}
        assert scope_prefixes(user) == [county.township_b.path]
        assert may(user, Action.CHANGE)


def test_person_id_is_read_once_and_kept_on_the_user(county, django_assert_num_queries):
    user = county.member_a
    forget_grants(user)
    with django_assert_num_queries(1):
        assert person_id_of(user) == county.person_a.pk
    with django_assert_num_queries(0):
        assert person_id_of(user) == county.person_a.pk


def test_forget_grants_lets_a_new_role_count(county):
    user = county.inspector_b
    assert not may(user, Action.CHANGE)
    RoleAssignment.objects.create(user=user, role=Role.SECRETARY, org=county.village_b1)
    assert not may(user, Action.CHANGE)  # still the cached grants
    forget_grants(user)
    assert may(user, Action.CHANGE)


def test_export_job_get_is_the_creators_within_reach(county, data):
    from django.http import QueryDict

    from dangjian.orgs import exports

    job_a = exports.export_job_create(actor=county.secretary_a, kind="people", query=QueryDict())
    job_b = exports.export_job_create(actor=county.secretary_b, kind="people", query=QueryDict())
    assert job_b.scope_org == county.township_b
    assert selectors.export_job_get(county.secretary_b, job_b.pk) == job_b
    for user, job in ((county.secretary_b, job_a), (county.inspector_b, job_b)):
        with pytest.raises(Http404):
            selectors.export_job_get(user, job.pk)
    RoleAssignment.objects.unscoped("test: revoke").filter(user=county.secretary_b).delete()
    forget_grants(county.secretary_b)
    with pytest.raises(Http404):
        selectors.export_job_get(county.secretary_b, job_b.pk)


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_org_names_for_paths_names_only_township_b(county, data, persona):
    orgs = (county.township_a, county.village_a1, county.township_b, county.village_b1)
    names_by_path = selectors.org_names_for_paths(
        getattr(county, persona), [org.path for org in orgs]
    )
    assert set(names_by_path.values()) == B_ORGS


def test_deactivation_effects_count_only_what_the_user_sees(county, data):
    effects = selectors.deactivation_effects(county.secretary_a, county.village_a1)
    assert (effects.sub_orgs, effects.people, effects.accounts) == (1, 2, 1)
    # A member sees village A1 but not its party group, and only their own record.
    effects = selectors.deactivation_effects(county.member_a, county.village_a1)
    assert (effects.sub_orgs, effects.people) == (0, 1)
    effects = selectors.deactivation_effects(county.secretary_b, county.village_a1)
    assert (effects.sub_orgs, effects.people, effects.accounts) == (0, 0, 0)


def test_subtree_org_is_a_subtree_the_user_reaches_or_a_404(county):
    from dangjian.conftest import make_user

    subtree_org = selectors.subtree_org
    assert subtree_org(county.superuser, None) == county.root
    assert subtree_org(county.dept_admin, None) == county.root
    assert subtree_org(county.secretary_a, None) == county.township_a
    assert subtree_org(county.secretary_a, county.village_a1.pk) == county.village_a1
    refused = [
        (county.secretary_a, county.village_b1.pk),  # out of reach
        (county.secretary_a, county.root.pk),  # above the grant
        (county.member_a, county.village_a1.pk),  # their own branch: seen, not a subtree
        (county.member_a, None),
        (make_user("no_role"), None),  # reaches nothing: never the county
    ]
    for user, pk in refused:
        with pytest.raises(Http404):
            subtree_org(user, pk)
