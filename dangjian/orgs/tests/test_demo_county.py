"""The demo county generator: exact counts, a consistent tree, valid people, the accounts."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dangjian.orgs import demo, rules
from dangjian.orgs.models import (
    STAGE_DATE_FIELDS,
    Membership,
    Organization,
    OrgCategory,
    OrgType,
    PartyStatus,
    Person,
    RoleAssignment,
    User,
)
from dangjian.orgs.scoping import Role
from dangjian.orgs.services import compute_term_end
from dangjian.orgs.validators import validate_id_card, validate_phone

ORGS, MEMBERS, SEED = 40, 300, 7
TODAY = datetime.date(2025, 6, 1)
STAGES = [
    PartyStatus.APPLICANT,
    PartyStatus.ACTIVIST,
    PartyStatus.CANDIDATE,
    PartyStatus.PROBATIONARY,
    PartyStatus.FULL,
]

pytestmark = pytest.mark.django_db


def build(**options):
    arguments = {"orgs": ORGS, "members": MEMBERS, "seed": SEED, "progress": False, "today": TODAY}
    return demo.build_county(**(arguments | options))


@pytest.fixture
def county():
    return build()


def snapshot():
    """Everything a second run could change."""
    return {
        "orgs": list(Organization.objects.unscoped("test").order_by("pk").values()),
        "people": list(Person.objects.unscoped("test").order_by("pk").values()),
        "memberships": list(Membership.objects.unscoped("test").order_by("pk").values()),
        "roles": list(RoleAssignment.objects.unscoped("test").order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
    }


def names():
    return (
        list(Organization.objects.unscoped("test").order_by("code").values_list("code", "name")),
        list(
            Person.objects.unscoped("test")
            .order_by("pk")
            .values_list("primary_org__code", "name", "id_card")
        ),
    )


def test_counts_equal_the_arguments(county):
    assert county.created
    assert (county.orgs, county.people, county.memberships) == (ORGS, MEMBERS, MEMBERS)
    assert Organization.objects.unscoped("test").count() == ORGS
    assert Person.objects.unscoped("test").count() == MEMBERS
    assert Membership.objects.unscoped("test").count() == MEMBERS
    assert sum(county.categories.values()) == ORGS


@pytest.mark.parametrize(("orgs", "members"), [(12, 18), (13, 40), (57, 900), (120, 2400)])
def test_counts_are_exact_for_other_sizes(orgs, members):
    summary = build(orgs=orgs, members=members)
    assert (summary.orgs, summary.people, summary.memberships) == (orgs, members, members)


def test_every_path_is_the_parent_path_plus_the_id(county):
    orgs = {org.pk: org for org in Organization.objects.unscoped("test").all()}
    roots = [org for org in orgs.values() if org.parent_id is None]
    assert [root.code for root in roots] == [demo.DEMO_ROOT_CODE]
    assert roots[0].path == f"/{roots[0].pk}/"
    assert roots[0].depth == 0
    for org in orgs.values():
        if org.parent_id is not None:
            parent = orgs[org.parent_id]
            assert org.path == f"{parent.path}{org.pk}/"
            assert org.depth == parent.depth + 1
    assert len({org.code for org in orgs.values()}) == ORGS


def test_id_cards_are_valid_unique_and_match_birth_date_and_gender(county):
    seen = set()
    for person in Person.objects.unscoped("test").all():
        validate_id_card(person.id_card)
        assert person.id_card not in seen
        seen.add(person.id_card)
        assert person.id_card[6:14] == person.birth_date.strftime("%Y%m%d")
        assert person.id_card[:4] == "4107" or person.id_card[:2] in {"41", "13"}
        assert int(person.id_card[16]) % 2 == (1 if person.gender == "M" else 0)


def test_phones_are_valid_mobiles(county):
    for person in Person.objects.unscoped("test").all():
        validate_phone(person.phone)
        assert len(person.phone) == 11
    for org in Organization.objects.unscoped("test").all():
        validate_phone(org.contact_phone)
        assert org.contact_name


def test_stage_dates_are_ordered_and_match_the_status(county):
    statuses = Counter()
    for person in Person.objects.unscoped("test").all():
        statuses[person.party_status] += 1
        reached = STAGES[: STAGES.index(person.party_status) + 1]
        dates = [getattr(person, STAGE_DATE_FIELDS[stage]) for stage in reached]
        assert all(dates), (person, dates)
        assert dates == sorted(dates) and len(set(dates)) == len(dates), (person, dates)
        assert dates[-1] <= TODAY
        for stage in STAGES[len(reached) :]:
            assert getattr(person, STAGE_DATE_FIELDS[stage]) is None
        born = person.birth_date
        adult = (person.applied_on.year - born.year, person.applied_on.month, person.applied_on.day)
        assert adult >= (18, born.month, born.day)  # applied at 18 or later
        if person.full_member_on:  # 预备期 is one year
            assert (person.full_member_on - person.probationary_on).days in (365, 366)
    assert statuses[PartyStatus.FULL] > MEMBERS * 0.7
    assert set(statuses) == set(STAGES)


def test_members_are_mostly_30_to_70(county):
    full = Person.objects.unscoped("test").filter(party_status=PartyStatus.FULL)
    ages = [(TODAY - person.birth_date).days / 365.25 for person in full]
    assert sum(30 <= age <= 70 for age in ages) > 0.7 * len(ages)
    assert Person.objects.unscoped("test").filter(ethnicity="汉族").count() > 0.9 * MEMBERS


def test_every_person_has_one_open_membership_in_their_organization(county):
    memberships = {m.person_id: m for m in Membership.objects.unscoped("test").all()}
    assert len(memberships) == MEMBERS
    for person in Person.objects.unscoped("test").all():
        membership = memberships[person.pk]
        assert membership.org_id == person.primary_org_id
        # Transferred out of the county (the transfers' demo): the membership ends that day.
        assert membership.ended_on == (person.exit_on if person.exit_status else None)
        assert membership.started_on <= TODAY


def test_categories_types_and_non_public_enterprises(county):
    orgs = Organization.objects.unscoped("test").all()
    categories = Counter(orgs.values_list("category", flat=True))
    assert set(categories) == set(OrgCategory.values)
    assert categories[OrgCategory.RURAL] == max(categories.values())
    assert set(orgs.values_list("org_type", flat=True)) == set(OrgType.values)
    non_public = orgs.filter(is_non_public=True)
    assert non_public.exists()
    assert set(non_public.values_list("category", flat=True)) == {OrgCategory.ENTERPRISE}
    root = orgs.get(code=demo.DEMO_ROOT_CODE)
    assert set(root.children.unscoped("test").values_list("category", flat=True)) >= {
        OrgCategory.TOWNSHIP,
        OrgCategory.COUNTY_UNIT,
        OrgCategory.ENTERPRISE,
    }
    villages = orgs.filter(category=OrgCategory.RURAL, parent__category=OrgCategory.TOWNSHIP)
    assert villages.filter(name__endswith="村党支部").exists()
    assert villages.filter(org_type=OrgType.GENERAL_BRANCH).exists()
    groups = orgs.filter(org_type=OrgType.GROUP)
    assert all(group.parent.org_type == OrgType.BRANCH for group in groups)


def test_secretaries_are_their_own_people_and_terms_are_computed(county):
    statuses = Counter()
    for org in Organization.objects.unscoped("test").select_related("secretary"):
        assert org.secretary.primary_org_id == org.pk
        assert org.secretary.party_status == PartyStatus.FULL
        assert org.secretary.cadre_position
        assert org.founded_on <= TODAY
        assert org.term_years == rules.term_years_for(org.org_type)
        if org.org_type == OrgType.GROUP:
            assert org.term_elected_on is None and org.term_ends_on is None
            continue
        assert org.term_number >= 1
        assert TODAY - datetime.timedelta(days=6 * 366) <= org.term_elected_on <= TODAY
        assert org.term_ends_on == compute_term_end(org.term_elected_on, org.term_years)
        statuses[org.term_status(TODAY)] += 1
    assert statuses["expired"] and statuses["due"] and statuses["ok"]


def test_running_twice_changes_nothing(county):
    before = snapshot()
    again = build()
    assert not again.created
    assert (again.orgs, again.people, again.memberships) == (ORGS, MEMBERS, MEMBERS)
    assert again.accounts == county.accounts
    assert snapshot() == before
    # …whatever the sizes asked for: an existing county is reported, not changed.
    assert not build(orgs=60, members=500, seed=SEED + 1).created
    assert snapshot() == before


def test_same_seed_gives_the_same_county(county):
    first = names()
    build(reset=True)
    assert names() == first
    build(reset=True, seed=SEED + 1)
    second = names()
    assert second[0] != first[0]
    assert [name for _, name, _ in second[1]] != [name for _, name, _ in first[1]]


def test_the_same_seed_gives_the_same_names_on_another_day(county):
    org_names, people = names()
    build(reset=True, today=TODAY + datetime.timedelta(days=200))
    assert names()[0] == org_names
    assert [row[:2] for row in names()[1]] == [row[:2] for row in people]


def test_demo_accounts_and_roles(county):
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == set(demo.DEMO_USERNAMES)
    for user in users.values():
        assert user.check_password(demo.DEFAULT_PASSWORD)
    assert len({user.password for user in users.values()}) == 1  # hashed once
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(user.is_superuser for name, user in users.items() if name != "admin")

    roles = set(
        RoleAssignment.objects.unscoped("test").values_list("user__username", "role", "org__code")
    )
    root = Organization.objects.unscoped("test").get(code=demo.DEMO_ROOT_CODE)
    towns = list(
        Organization.objects.unscoped("test")
        .filter(parent=root, category=OrgCategory.TOWNSHIP)
        .order_by("pk")
    )
    village = RoleAssignment.objects.unscoped("test").get(user__username="village1").org
    village2 = RoleAssignment.objects.unscoped("test").get(user__username="member2").org
    assert village.parent == towns[0] and village2.parent == towns[1]
    assert (village.category, village.org_type) == (OrgCategory.RURAL, OrgType.BRANCH)
    assert roles == {
        ("county", Role.DEPT_ADMIN, root.code),
        ("township1", Role.SECRETARY, towns[0].code),
        ("township2", Role.SECRETARY, towns[1].code),
        ("village1", Role.SECRETARY, village.code),
        ("member1", Role.MEMBER, village.code),
        ("member2", Role.MEMBER, village2.code),
        ("inspector1", Role.INSPECTOR, towns[1].code),
    }
    assert Person.objects.unscoped("test").get(user=users["township1"]) == towns[0].secretary
    assert Person.objects.unscoped("test").get(user=users["township2"]) == towns[1].secretary
    assert Person.objects.unscoped("test").get(user=users["village1"]) == village.secretary
    member = Person.objects.unscoped("test").get(user=users["member1"])
    assert member.primary_org == village and member != village.secretary
    member2 = Person.objects.unscoped("test").get(user=users["member2"])
    assert member2.primary_org == village2 and member2 != village2.secretary
    assert Person.objects.unscoped("test").get(user=users["county"]).primary_org == root
    assert [account.username for account in county.accounts] == list(demo.DEMO_USERNAMES)


def test_township1_sees_exactly_its_subtree(county):
    user = User.objects.get(username="township1")
    town = RoleAssignment.objects.unscoped("test").get(user=user).org
    children: dict[int, list[int]] = {}
    for pk, parent_id in Organization.objects.unscoped("test").values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    subtree, stack = set(), [town.pk]
    while stack:  # walk the parent links, not the paths
        pk = stack.pop()
        subtree.add(pk)
        stack.extend(children.get(pk, []))
    visible = set(Organization.objects.visible_to(user).values_list("pk", flat=True))
    assert visible == subtree
    assert len(subtree) > 3


def test_member1_sees_only_their_own_person_record(county):
    user = User.objects.get(username="member1")
    assert list(Person.objects.visible_to(user)) == [user.person]


def test_reset_deletes_the_demo_county_and_only_it(county):
    other_root = Organization.objects.create(
        code="X1",
        name="另一个县",
        category=OrgCategory.OTHER,
        org_type=OrgType.COMMITTEE,
        path="pending",
    )
    other_root.path = f"/{other_root.pk}/"
    other_root.save()
    other = Person.objects.create(
        name="张三", gender="M", party_status=PartyStatus.FULL, primary_org=other_root
    )
    outsider = User.objects.create_user("someone", password="x")

    deleted = demo.delete_county()
    assert (deleted.orgs, deleted.people, deleted.memberships) == (ORGS, MEMBERS, MEMBERS)
    assert (deleted.role_assignments, deleted.users) == (7, len(demo.DEMO_USERNAMES))
    assert list(Organization.objects.unscoped("test").all()) == [other_root]
    assert list(Person.objects.unscoped("test").all()) == [other]
    assert list(User.objects.all()) == [outsider]
    assert not RoleAssignment.objects.unscoped("test").exists()

    rebuilt = build(reset=True)
    assert rebuilt.created and (rebuilt.orgs, rebuilt.people) == (ORGS, MEMBERS)
    assert Organization.objects.unscoped("test").count() == ORGS + 1


def test_a_foreign_account_with_a_demo_name_stops_the_build(db):
    User.objects.create_user("admin", password="real")
    with pytest.raises(demo.DemoCountyError, match="admin"):
        build()
    assert not Organization.objects.unscoped("test").exists() and User.objects.count() == 1
    with pytest.raises(demo.DemoCountyError):
        build(reset=True)  # --reset never deletes an account it did not create
    assert User.objects.get().check_password("real")


def test_too_small_a_county_is_refused(db):
    with pytest.raises(demo.DemoCountyError, match="--orgs"):
        build(orgs=demo.MIN_ORGS - 1)
    with pytest.raises(demo.DemoCountyError, match="--members"):
        build(members=demo.minimum_members(ORGS) - 1)
    assert not Organization.objects.unscoped("test").exists()


def test_command_prints_the_accounts_and_is_idempotent(db):
    out = StringIO()
    call_command("demo_county", orgs=ORGS, members=MEMBERS, seed=SEED, quiet=True, stdout=out)
    text = out.getvalue()
    assert "Built the demo county" in text
    for username in demo.DEMO_USERNAMES:
        assert username in text
    assert f"{ORGS:,}" in text and f"{MEMBERS:,}" in text and "elapsed" in text

    out = StringIO()
    call_command("demo_county", quiet=True, stdout=out)
    again = out.getvalue()
    assert "already exists" in again
    # Every run shows the accounts, their roles and the password (not only the first).
    assert f"password: {demo.DEFAULT_PASSWORD}" in again
    assert all(username in again for username in demo.DEMO_USERNAMES)
    assert Person.objects.unscoped("test").count() == MEMBERS

    with pytest.raises(CommandError, match="--orgs"):
        call_command("demo_county", orgs=3, quiet=True, reset=True, stdout=StringIO())
