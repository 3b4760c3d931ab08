"""组织关系转接: the round trip between two townships, returns, cancellations, letters out of
the county, arrivals from outside, and each refusal with its own message and nothing saved."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from dangjian.conftest import make_org, make_person
from dangjian.notices.models import Notice
from dangjian.orglife import rules_transfers as rules
from dangjian.orglife import transfer_arrival_services as arrivals
from dangjian.orglife import transfer_selectors as selectors
from dangjian.orglife import transfer_services as services
from dangjian.orglife.models import Transfer
from dangjian.orglife.tests.matrix_transfer import issued, village_a2
from dangjian.orglife.transfer_letters import letter_document
from dangjian.orgs import services as org_services
from dangjian.orgs.models import Membership, Person
from dangjian.orgs.scoping import ScopeError


def _transfers() -> list:
    return list(Transfer.objects.unscoped("test").values())


def _memberships(person: Person) -> list:
    return list(
        Membership.objects.unscoped("test")
        .filter(person=person)
        .order_by("started_on", "pk")
        .values("org_id", "started_on", "ended_on")
    )


def _issue_a1_to_b1(county, capture, **extra) -> Transfer:
    with capture(execute=True):
        return services.transfer_issue(
            actor=county.secretary_a,
            person=county.person_a,
            to_org=county.village_b1,
            reason="外出务工",
            **extra,
        )


def test_round_trip_between_two_townships(county, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    org_services.org_update(
        actor=county.superuser, org=county.village_a1, secretary=county.person_a
    )
    transfer = _issue_a1_to_b1(county, django_capture_on_commit_callbacks)
    assert transfer.letter_number == f"县组转〔{today.year}〕0001"
    assert transfer.valid_until == today + datetime.timedelta(days=rules.LETTER_VALID_DAYS_DEFAULT)
    # 转接中 at both ends: each township's secretary sees it; the person is still at A1.
    for user in (county.secretary_a, county.secretary_b, county.member_a, county.inspector_b):
        assert list(selectors.transfers_pending(user)) == [transfer]
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_a1
    # The receiving secretary is told.
    assert Notice.objects.filter(recipient=county.secretary_b).count() == 1
    assert not Notice.objects.filter(recipient=county.secretary_a).exists()
    # Township B's secretary accepts.
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_accept(actor=county.secretary_b, transfer=transfer)
    transfer.refresh_from_db()
    assert (transfer.status, transfer.accepted_on) == (Transfer.Status.ACCEPTED, today)
    assert transfer.decided_by == county.secretary_b
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_b1
    assert _memberships(county.person_a) == [
        {
            "org_id": county.village_a1.pk,
            "started_on": datetime.date(2020, 1, 1),
            "ended_on": today,
        },
        {"org_id": county.village_b1.pk, "started_on": today, "ended_on": None},
    ]
    county.village_a1.refresh_from_db()
    assert county.village_a1.secretary is None  # leaving ends the secretary link
    assert Notice.objects.filter(recipient=county.secretary_a).count() == 1
    # History kept at the sender, who no longer sees the person.
    assert list(selectors.transfers_pending(county.secretary_a)) == []
    assert list(selectors.transfers_history(county.secretary_a)) == [transfer]
    assert list(selectors.transfers_out(county.secretary_a, county.village_a1)) == [transfer]
    assert not Person.objects.visible_to(county.secretary_a).filter(pk=county.person_a.pk).exists()
    # The letter reads back.
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(letter_document(transfer))).paragraphs)
    for expected in (transfer.letter_number, "张甲", "甲一村党支部", "乙一村党支部"):
        assert expected in text


def test_returned_with_reason_the_person_stays(county, django_capture_on_commit_callbacks):
    transfer = _issue_a1_to_b1(county, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        services.transfer_return(actor=county.secretary_b, transfer=transfer, reason="  ")
    assert refused.value.message_dict == {"reason": [str(services.ERRORS["reason_needed"])]}
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_return(actor=county.secretary_b, transfer=transfer, reason="材料不全")
    transfer.refresh_from_db()
    assert (transfer.status, transfer.return_reason) == ("returned", "材料不全")
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_a1
    assert len(_memberships(county.person_a)) == 1
    assert Notice.objects.filter(
        recipient=county.secretary_a, subject__contains="材料不全"
    ).exists()
    # A new letter may be issued once the old one is decided.
    again = _issue_a1_to_b1(county, django_capture_on_commit_callbacks)
    assert again.letter_number.endswith("0002")


def test_only_the_right_end_decides(county, django_capture_on_commit_callbacks):
    transfer = _issue_a1_to_b1(county, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(actor=county.secretary_a, transfer=transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_return(actor=county.secretary_a, transfer=transfer, reason="x")
    with pytest.raises(PermissionDenied):
        services.transfer_cancel(actor=county.secretary_b, transfer=transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(actor=county.member_a, transfer=transfer)
    services.transfer_cancel(actor=county.secretary_a, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == "cancelled" and transfer.cancelled_on == timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.transfer_accept(actor=county.secretary_b, transfer=transfer)
    assert refused.value.code == "not_pending"


def test_township_b_sees_nothing_of_a_transfer_inside_township_a(county):
    transfer = issued(county)
    for user in (county.secretary_b, county.inspector_b):
        assert list(selectors.transfers_pending(user)) == []
        assert list(selectors.transfers_history(user)) == []
        with pytest.raises(Http404):
            selectors.transfer_get(user, transfer.pk)
    assert selectors.transfer_get(county.secretary_a, transfer.pk) == transfer
    with pytest.raises(ScopeError):
        list(Transfer.objects.all())


def test_letter_numbers_run_per_year(county):
    today = timezone.localdate()
    first = issued(county, issued_on=today.replace(month=1, day=1) - datetime.timedelta(days=1))
    assert first.letter_number == f"县组转〔{today.year - 1}〕0001"
    other = make_person(county.superuser, county.village_a1, "王甲二")
    second = issued(county, person=other)
    assert second.letter_number == f"县组转〔{today.year}〕0001"


def _refused(call, field: str, message: str) -> None:
    before = _transfers()
    with pytest.raises(ValidationError) as refused:
        call()
    assert refused.value.message_dict == {field: [message]}
    assert _transfers() == before


def test_bad_input_each_refused_with_its_message_and_nothing_saved(county):
    su = county.superuser
    issue = services.transfer_issue
    person = county.person_a
    _refused(
        lambda: issue(actor=su, person=person, to_org=county.group_a1),
        "to_org",
        services.ERRORS["to_group"] % {"org": county.group_a1.name},
    )
    _refused(
        lambda: issue(actor=su, person=person, to_org=county.township_b),
        "to_org",
        services.ERRORS["not_accepting"] % {"org": county.township_b.name},
    )
    _refused(
        lambda: issue(actor=su, person=person, to_org=county.village_a1),
        "to_org",
        str(services.ERRORS["same_org"]),
    )
    _refused(
        lambda: issue(actor=su, person=person), "to_org", str(services.ERRORS["no_destination"])
    )
    closed = make_org(su, county.township_b, "B9", "乙九村党支部")
    org_services.org_update(actor=su, org=closed, is_active=False)
    _refused(
        lambda: issue(actor=su, person=person, to_org=closed),
        "to_org",
        services.ERRORS["to_inactive"] % {"org": closed.name},
    )
    applicant = make_person(su, county.village_a1, "申请人", party_status="applicant")
    _refused(
        lambda: issue(actor=su, person=applicant, to_org=county.village_b1),
        "person",
        str(services.ERRORS["not_member"]),
    )
    first = issue(actor=su, person=person, to_org=county.village_b1)
    _refused(
        lambda: issue(actor=su, person=person, to_org=village_a2(county)),
        "person",
        services.ERRORS["pending"] % {"number": first.letter_number},
    )


def test_an_inactive_person_is_not_transferred(county):
    person = make_person(county.superuser, county.village_a1, "离开者")
    Person.objects.unscoped("test").filter(pk=person.pk).update(is_active=False)
    person.refresh_from_db()
    _refused(
        lambda: services.transfer_issue(
            actor=county.superuser, person=person, to_org=county.village_b1
        ),
        "person",
        str(services.ERRORS["person_inactive"]),
    )


@pytest.mark.parametrize("late", [0, 1])
def test_an_expired_letter_cannot_be_accepted(county, late):
    """Valid through issued_on + valid days: accepted on that day, refused the day after."""
    today = timezone.localdate()
    days = rules.LETTER_VALID_DAYS_DEFAULT
    transfer = issued(
        county, to_org=county.village_b1, issued_on=today - datetime.timedelta(days=days + late)
    )
    if late:
        assert transfer.state(today) == "expired"
        before = _memberships(county.person_a)
        with pytest.raises(ValidationError) as refused:
            services.transfer_accept(actor=county.secretary_b, transfer=transfer)
        expected = services.ERRORS["expired"] % {
            "date": transfer.valid_until.isoformat(),
            "days": days,
        }
        assert refused.value.message_dict == {"on": [expected]}
        # Nor by writing an acceptance date inside the validity after it has passed.
        with pytest.raises(ValidationError):
            services.transfer_accept(
                actor=county.secretary_b, transfer=transfer, on=transfer.valid_until
            )
        transfer.refresh_from_db()
        assert transfer.status == "issued" and _memberships(county.person_a) == before
        # The sender cancels the expired letter.
        services.transfer_cancel(actor=county.secretary_a, transfer=transfer)
    else:
        assert transfer.state(today) == "issued"
        services.transfer_accept(actor=county.secretary_b, transfer=transfer)
        county.person_a.refresh_from_db()
        assert county.person_a.primary_org == county.village_b1


def test_out_of_county_receipt_the_person_leaves(county):
    transfer = services.transfer_issue(
        actor=county.secretary_a, person=county.person_a, to_text="邻县城关镇党委", reason="迁居"
    )
    assert transfer.kind == "out" and transfer.to_name == "邻县城关镇党委"
    with pytest.raises(Http404):  # no receiving end in the county: township B sees nothing
        selectors.transfer_get(county.secretary_b, transfer.pk)
    services.transfer_accept(actor=county.secretary_a, transfer=transfer)
    county.person_a.refresh_from_db()
    today = timezone.localdate()
    assert (county.person_a.exit_status, county.person_a.exit_on) == ("moved_out", today)
    assert county.person_a.is_active is False
    assert county.person_a.primary_org == county.village_a1  # kept, findable where they left
    assert _memberships(county.person_a)[-1]["ended_on"] == today
    assert list(selectors.transfers_out(county.secretary_a, county.township_a)) == [transfer]


def test_arrival_from_outside_is_registered_by_the_receiving_branch(county):
    today = timezone.localdate()
    transfer = arrivals.transfer_register_incoming(
        actor=county.secretary_b,
        to_org=county.village_b1,
        from_text="邻县某村党支部",
        letter_number="邻组转〔2026〕0001",
        issued_on=today - datetime.timedelta(days=2),
        name="孙来",
        gender="M",
        party_status="full",
        # The people records' rule: a full member has the date of becoming one.
        full_member_on=datetime.date(2015, 7, 1),
    )
    person = transfer.person
    assert (person.primary_org, transfer.kind, transfer.status) == (
        county.village_b1,
        "in",
        "accepted",
    )
    assert _memberships(person) == [
        {"org_id": county.village_b1.pk, "started_on": today, "ended_on": None}
    ]
    assert list(selectors.transfers_history(county.secretary_b)) == [transfer]
    assert list(selectors.transfers_history(county.secretary_a)) == []
    before = Person.objects.unscoped("test").count()
    with pytest.raises(ValidationError) as refused:
        arrivals.transfer_register_incoming(
            actor=county.secretary_a,
            to_org=county.group_a1,
            from_text="x",
            letter_number="y",
            issued_on=today,
            name="孙二",
            gender="M",
            party_status="full",
        )
    assert "to_org" in refused.value.message_dict
    assert Person.objects.unscoped("test").count() == before


def test_accept_refused_when_the_person_moved_meanwhile(county):
    transfer = issued(county, to_org=county.village_b1)
    org_services.person_transfer(
        actor=county.superuser,
        person=county.person_a,
        to_org=village_a2(county),
        on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as refused:
        services.transfer_accept(actor=county.secretary_b, transfer=transfer)
    assert refused.value.messages == [
        services.ERRORS["moved_meanwhile"] % {"org": county.village_a1.name}
    ]
    transfer.refresh_from_db()
    assert transfer.status == "issued"


def test_accept_refused_when_the_receiver_was_deactivated_meanwhile(county):
    receiver = make_org(county.superuser, county.township_b, "B2", "乙二村党支部")
    transfer = issued(county, to_org=receiver)
    org_services.org_update(actor=county.superuser, org=receiver, is_active=False)
    transfer.to_org.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.transfer_accept(actor=county.superuser, transfer=transfer)
    assert refused.value.message_dict == {
        "to_org": [services.ERRORS["to_inactive"] % {"org": receiver.name}]
    }
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_a1


def test_a_receipt_for_someone_who_has_left_meanwhile_is_refused(county):
    transfer = issued(county, to_text="外省某市某社区党支部")
    org_services.person_exit(
        actor=county.secretary_a, person=county.person_a, status="deceased", on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        services.transfer_accept(actor=county.secretary_a, transfer=transfer)
    county.person_a.refresh_from_db()
    assert county.person_a.exit_status == "deceased"  # not overwritten by 转出县外
    transfer.refresh_from_db()
    assert transfer.status == "issued"


def test_a_refusal_names_an_organization_the_actor_does_not_see_by_its_code(county):
    party_group = make_org(
        county.superuser, county.village_b1, "B1G", "乙一村第一党小组", org_type="group"
    )
    with pytest.raises(ValidationError) as refused:
        services.transfer_issue(
            actor=county.secretary_a, person=county.person_a, to_org=party_group
        )
    (message,) = refused.value.message_dict["to_org"]
    assert "B1G" in message and "乙一村第一党小组" not in message
