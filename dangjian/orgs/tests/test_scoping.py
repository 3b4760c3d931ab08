import pytest

from dangjian.conftest import make_org, make_user
from dangjian.orgs.models import Membership, Organization, Person
from dangjian.orgs.scoping import Action, scope_prefixes


def names(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def test_dept_admin_sees_whole_county(county):
    assert names(Organization.objects.visible_to(county.dept_admin)) == {
        "C",
        "TA",
        "A1",
        "A1G",
        "TB",
        "B1",
        "U",
    }


def test_township_secretary_sees_own_subtree_only(county):
    assert names(Organization.objects.visible_to(county.secretary_a)) == {"TA", "A1", "A1G"}
    assert set(Person.objects.visible_to(county.secretary_a)) == {county.person_a}


def test_inspector_reads_but_cannot_change(county):
    assert names(Organization.objects.visible_to(county.inspector_b)) == {"TB", "B1"}
    assert not Organization.objects.visible_to(county.inspector_b, Action.CHANGE).exists()


def test_member_sees_only_own_record_and_org(county):
    assert list(Person.objects.visible_to(county.member_a)) == [county.person_a]
    assert names(Organization.objects.visible_to(county.member_a)) == {"A1"}
    assert list(
        Membership.objects.visible_to(county.member_a).values_list("person", flat=True)
    ) == [county.person_a.pk]
    assert not Person.objects.visible_to(county.member_a, Action.CHANGE).exists()


def test_anonymous_and_roleless_see_nothing(county):
    from django.contrib.auth.models import AnonymousUser

    nobody = make_user("nobody")
    assert not Organization.objects.visible_to(AnonymousUser()).exists()
    assert not Organization.objects.visible_to(nobody).exists()
    assert not Person.objects.visible_to(nobody).exists()


def test_inactive_account_sees_nothing(county):
    county.secretary_a.is_active = False
    assert not Organization.objects.visible_to(county.secretary_a).exists()


def test_prefix_does_not_match_sibling_with_longer_id(county):
    """'/1/900/' must not match '/1/9000/': paths end with the separator."""
    short = make_org(county.superuser, county.root, "S900", "支部九百", id=900)
    longer = make_org(county.superuser, county.root, "S9000", "支部九千", id=9000)
    assert longer.path.startswith(short.path.rstrip("/"))
    user = make_user("narrow", ("secretary", short))
    assert list(Organization.objects.visible_to(user)) == [short]


def test_several_grants_union_without_duplicates(county):
    both = make_user(
        "both",
        ("secretary", county.township_a),
        ("inspector", county.village_b1),
        ("secretary", county.village_a1),
        ("member", county.village_a1),
    )
    county.person_b.user = both
    county.person_b.save()
    qs = Organization.objects.visible_to(both)
    assert sorted(qs.values_list("code", flat=True)) == sorted(["TA", "A1", "A1G", "B1"])
    assert scope_prefixes(both, Action.VIEW) == sorted(
        [county.township_a.path, county.village_b1.path]
    )


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE])
def test_superuser_sees_everything(county, action):
    assert Organization.objects.visible_to(county.superuser, action).count() == 7
