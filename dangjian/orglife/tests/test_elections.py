"""换届: term lengths per type (orgs.rules.TERM_YEARS_BY_TYPE), the reminder to the organization
and to the level above, and an election record renewing the term."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from dangjian.conftest import make_person, make_user
from dangjian.notices.models import Notice
from dangjian.orglife import elections_services as services
from dangjian.orglife.models import ElectedMember, ElectionRecord
from dangjian.orglife.tests.dues_fixtures import english  # noqa: F401
from dangjian.orgs import rules
from dangjian.orgs.models import Organization
from dangjian.orgs.reminders import terms_due_reminders
from dangjian.orgs.scoping import Role
from dangjian.orgs.services import compute_term_end

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("org_type", "years"),
    [("committee", 5), ("general_branch", 3), ("branch", 3), ("group", 3), (None, 5)],
)
def test_term_years_per_type(org_type, years):
    assert rules.term_years_for(org_type) == years


def test_imported_org_without_a_term_length_gets_its_types(county):
    from dangjian.orgs.spreadsheets import _org_fields

    fields = _org_fields({"parent_code": "TA", "org_type": "branch", "term_years": None})
    assert fields["term_years"] == 3
    fields = _org_fields({"parent_code": "TA", "org_type": "committee"})
    assert fields["term_years"] == 5


def _ends(org: Organization, ends_on: datetime.date) -> None:
    Organization.objects.unscoped("test").filter(pk=org.pk).update(term_ends_on=ends_on)


def test_term_reminder_reaches_the_org_and_the_level_above(county):
    today = datetime.date(2026, 11, 30)
    village_secretary = make_user("village_secretary", (Role.SECRETARY, county.village_a1))
    _ends(county.village_a1, today + datetime.timedelta(days=rules.TERM_NOTICE_DAYS))
    _ends(county.township_a, today - datetime.timedelta(days=1))
    for _ in range(2):  # idempotent
        terms_due_reminders(today)
    own = Notice.objects.filter(recipient=village_secretary)
    assert [n.subject for n in own] == [
        "The term of 甲一村党支部 ends on 2027-05-29: prepare the election"
    ]
    above = Notice.objects.filter(recipient=county.secretary_a).order_by("subject")
    assert [n.subject for n in above] == [
        "The term of 甲一村党支部, below you, ends on 2027-05-29: see that it prepares the "
        "election",
        "The term of 甲镇党委 ended on 2026-11-29: hold the election",
    ]
    assert [n.subject for n in Notice.objects.filter(recipient=county.dept_admin)] == [
        "The term of 甲镇党委, below you, ended on 2026-11-29: see that it holds the election"
    ]
    # One day outside the window: nothing.
    Notice.objects.all().delete()
    _ends(county.village_a1, today + datetime.timedelta(days=rules.TERM_NOTICE_DAYS + 1))
    _ends(county.township_a, today + datetime.timedelta(days=rules.TERM_NOTICE_DAYS + 1))
    call_command("notices_daily", today=today, stdout=io.StringIO())
    assert not Notice.objects.filter(subject__contains="term").exists()


def _committee(county, org, n=2):
    people = [make_person(county.superuser, org, f"委员{i}") for i in range(n)]
    return [(people[0], "书记"), *[(p, "委员") for p in people[1:]]]


def test_election_renews_the_term_by_type(county):
    elected = timezone.localdate() - datetime.timedelta(days=10)
    record = services.election_record(
        actor=county.secretary_a,
        org=county.village_a1,
        elected_on=elected,
        term_number=4,
        members=_committee(county, county.village_a1),
    )
    village = Organization.objects.unscoped("test").get(pk=county.village_a1.pk)
    assert (village.term_number, village.term_elected_on, village.term_years) == (4, elected, 3)
    assert village.term_ends_on == compute_term_end(elected, 3)
    assert ElectedMember.objects.unscoped("test").filter(election=record).count() == 2
    township = services.election_record(
        actor=county.dept_admin,
        org=county.township_a,
        elected_on=elected,
        term_number=2,
        members=_committee(county, county.village_a1, 1),  # a 党委 elects from its subtree
    )
    town = Organization.objects.unscoped("test").get(pk=county.township_a.pk)
    assert town.term_years == 5 and town.term_ends_on == compute_term_end(elected, 5)
    assert township.term_number == 2


def test_bad_elections_are_refused(county):
    today = timezone.localdate()
    members = _committee(county, county.village_a1)
    cases = [
        ({"elected_on": today + datetime.timedelta(days=1)}, "elected_on"),
        ({"members": []}, "members"),
        ({"members": [(members[0][0], " ")]}, "members"),
        ({"members": [members[0], members[0]]}, "members"),
        ({"members": [(county.person_b, "书记")]}, "members"),
    ]
    for extra, field in cases:
        fields = {"elected_on": today, "term_number": 1, "members": members} | extra
        with pytest.raises(ValidationError) as error:
            services.election_record(actor=county.secretary_a, org=county.village_a1, **fields)
        assert field in error.value.message_dict
    services.election_record(
        actor=county.secretary_a,
        org=county.village_a1,
        elected_on=today,
        term_number=1,
        members=members,
    )
    with pytest.raises(ValidationError) as error:
        services.election_record(
            actor=county.secretary_a,
            org=county.village_a1,
            elected_on=today,
            term_number=1,
            members=members,
        )
    assert "current term is number 1" in str(error.value)
    with pytest.raises(ValidationError):
        services.election_record(
            actor=county.superuser,
            org=county.group_a1,
            elected_on=today,
            term_number=1,
            members=members,
        )
    with pytest.raises(PermissionDenied):
        services.election_record(
            actor=county.secretary_b,
            org=county.village_a1,
            elected_on=today,
            term_number=9,
            members=members,
        )
    assert ElectionRecord.objects.unscoped("test").count() == 1


def test_election_pages(client, county):
    from django.urls import reverse

    client.force_login(county.secretary_a)
    url = reverse("orglife:election-create", args=[county.village_a1.pk])
    page = client.get(url).content.decode()
    assert "3" in page and 'name="person_0"' in page
    today = timezone.localdate()
    data = {"elected_on": today.isoformat(), "term_number": 2, "post_0": "书记"}
    response = client.post(url, data | {"person_0": county.person_a.pk})
    assert response.status_code == 302
    village = Organization.objects.unscoped("test").get(pk=county.village_a1.pk)
    assert village.term_ends_on == compute_term_end(today, 3)
    detail = client.get(response["Location"]).content.decode()
    assert "书记" in detail and county.person_a.name in detail
    # A person from township B is not offered: the form refuses the choice.
    response = client.post(url, data | {"term_number": 3, "person_0": county.person_b.pk})
    assert response.status_code == 200
    client.force_login(county.member_a)
    assert county.village_a1.name in client.get(reverse("orglife:elections")).content.decode()
