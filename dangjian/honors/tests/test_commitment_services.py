"""公开承诺 services: who may write, publish, record progress and evaluate what; each bad input
refused with its own message and nothing saved; evaluation only in the year-end window and
never by the person themself."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangjian.conftest import make_person, make_user
from dangjian.honors import commitment_evaluation as evaluation
from dangjian.honors import commitment_services as services
from dangjian.honors import rules_commitment as rules
from dangjian.honors.models import Commitment, CommitmentUpdate
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.orgs.models import AuditEntry, Person
from dangjian.orgs.scoping import Role

TODAY = datetime.date(2026, 6, 10)
DECEMBER = datetime.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _rows() -> tuple[int, int]:
    return (
        Commitment.objects.unscoped("test").count(),
        CommitmentUpdate.objects.unscoped("test").count(),
    )


def _audit(action: str) -> list[dict]:
    rows = AuditEntry.objects.unscoped("test").filter(action=action).order_by("pk")
    return [row.data for row in rows]


def test_member_writes_their_own_commitment_as_a_draft(county):
    row = services.commitment_create(
        actor=county.member_a,
        person=county.person_a,
        year=2026,
        title="  帮扶两户困难群众 ",
        detail="每月走访",
        due=datetime.date(2026, 11, 30),
        today=TODAY,
    )
    assert (row.org, row.person, row.status, row.title) == (
        county.village_a1,
        county.person_a,
        "draft",
        "帮扶两户困难群众",
    )
    assert _audit("honors.commitment.create")[0]["on_behalf"] is False


def test_secretary_writes_for_a_member_on_their_behalf_and_for_the_organization(county):
    row = services.commitment_create(
        actor=county.secretary_a,
        person=county.person_a,
        year=2026,
        title="带头参加志愿服务",
        today=TODAY,
    )
    own = services.commitment_create(
        actor=county.secretary_a,
        org=county.village_a1,
        year=2026,
        title="建成村级党群服务站",
        today=TODAY,
    )
    assert row.person == county.person_a and own.person is None
    assert [data["on_behalf"] for data in _audit("honors.commitment.create")] == [True, False]


@pytest.mark.parametrize(
    ("actor", "kwargs", "error"),
    [
        ("secretary_b", {"person": "person_a"}, Person.DoesNotExist),
        ("member_a", {"person": "person_b"}, Person.DoesNotExist),
        ("inspector_b", {"person": "person_b"}, PermissionDenied),
        ("member_a", {"org": "village_a1"}, PermissionDenied),
        ("secretary_b", {"org": "village_a1"}, Exception),
    ],
)
def test_who_may_not_write(county, actor, kwargs, error):
    values = {name: getattr(county, value) for name, value in kwargs.items()}
    with pytest.raises(error):
        services.commitment_create(
            actor=getattr(county, actor), year=2026, title="帮扶两户困难群众", today=TODAY, **values
        )
    assert _rows() == (0, 0)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "帮扶"}, "title", "At least 4 characters."),
        ({"title": "长" * 101}, "title", "101 characters; at most 100 are accepted."),
        ({"detail": "长" * 1001}, "detail", "1,001 characters; at most 1,000 are accepted."),
        ({"year": 2025}, "year", "Commitments are written for 2026 or 2027."),
        ({"year": 2028}, "year", "Commitments are written for 2026 or 2027."),
        (
            {"due": datetime.date(2027, 1, 5)},
            "due",
            "The date lies outside 2026, the commitment's year.",
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(county, fields, field, message):
    values = {"year": 2026, "title": "帮扶两户困难群众", "detail": ""} | fields
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=county.member_a, person=county.person_a, today=TODAY, **values
        )
    assert caught.value.message_dict == {field: [message]}
    assert _rows() == (0, 0)


def test_at_most_five_items_a_year_per_member_and_ten_per_organization(county):
    for i in range(rules.ITEMS_PER_MEMBER_YEAR_MAX):
        fx.commitment(county, person=county.person_a, year=2026, title=f"承诺事项{i}")
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=county.member_a,
            person=county.person_a,
            year=2026,
            title="第六项承诺",
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "year": ["张甲 already has 5 commitments for 2026; at most 5 a year."]
    }
    # Next year's list is a new one.
    services.commitment_create(
        actor=county.member_a, person=county.person_a, year=2027, title="第六项承诺", today=TODAY
    )
    for i in range(rules.ITEMS_PER_ORG_YEAR_MAX):
        fx.commitment(county, org=county.village_a1, year=2026, title=f"组织承诺{i}")
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=county.secretary_a,
            org=county.village_a1,
            year=2026,
            title="第十一项",
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "year": ["甲一村党支部 already has 10 commitments of its own for 2026; at most 10 a year."]
    }
    assert _rows() == (5 + 1 + 10, 0)


def test_an_inactive_member_cannot_commit(county):
    Person.objects.unscoped("test").filter(pk=county.person_b.pk).update(is_active=False)
    county.person_b.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=county.secretary_b,
            person=county.person_b,
            year=2026,
            title="帮扶两户困难群众",
            today=TODAY,
        )
    assert caught.value.message_dict == {"person": ["李乙 is no longer an active member."]}


def test_drafts_are_edited_and_published_once(county):
    row = fx.commitment(county, person=county.person_a, status="draft")
    services.commitment_update(
        actor=county.member_a, commitment=row, title="帮扶三户困难群众", detail="", due=None
    )
    assert _audit("honors.commitment.update")[0]["changes"]["title"] == [
        "帮扶两户困难群众",
        "帮扶三户困难群众",
    ]
    services.commitment_publish(actor=county.member_a, commitment=row)
    row.refresh_from_db()
    assert row.status == "published" and row.published_at is not None
    with pytest.raises(ValidationError) as caught:
        services.commitment_publish(actor=county.member_a, commitment=row)
    assert caught.value.messages == ["This commitment is already public."]
    with pytest.raises(ValidationError) as caught:
        services.commitment_update(actor=county.secretary_a, commitment=row, title="改一改标题")
    assert caught.value.messages == [
        "Only a draft can be changed; this commitment is already public."
    ]
    row.refresh_from_db()
    assert row.title == "帮扶三户困难群众"


def test_others_may_not_change_or_publish(county):
    row = fx.commitment(county, person=county.person_a, status="draft")
    with pytest.raises(PermissionDenied):
        services.commitment_publish(
            actor=county.inspector_b,
            commitment=fx.commitment(county, person=county.person_b, status="draft"),
        )
    with pytest.raises(Commitment.DoesNotExist):
        services.commitment_publish(actor=county.secretary_b, commitment=row)
    org_item = fx.commitment(county, org=county.village_a1, status="draft")
    # A member sees only their own records: their organization's item is out of sight.
    with pytest.raises(Commitment.DoesNotExist):
        services.commitment_publish(actor=county.member_a, commitment=org_item)
    assert not Commitment.objects.unscoped("test").exclude(status="draft").exists()


def test_progress_by_the_owner_or_the_secretary_within_the_year(county):
    row = fx.commitment(county, person=county.person_a, year=2026)
    services.update_add(
        actor=county.member_a,
        commitment=row,
        date=datetime.date(2026, 5, 1),
        text="走访一户",
        today=TODAY,
    )
    services.update_add(
        actor=county.secretary_a, commitment=row, date=TODAY, text="走访两户", today=TODAY
    )
    cases = [
        (None, "走访", {"date": ["This field is required."]}),
        (
            datetime.date(2025, 12, 31),
            "走访",
            {"date": ["Enter a date between 2026-01-01 and 2026-06-10."]},
        ),
        (
            TODAY + datetime.timedelta(days=1),
            "走访",
            {"date": ["Enter a date between 2026-01-01 and 2026-06-10."]},
        ),
        (TODAY, "  ", {"text": ["This field is required."]}),
        (TODAY, "长" * 501, {"text": ["501 characters; at most 500 are accepted."]}),
    ]
    for date, text, expected in cases:
        with pytest.raises(ValidationError) as caught:
            services.update_add(
                actor=county.member_a, commitment=row, date=date, text=text, today=TODAY
            )
        assert caught.value.message_dict == expected
    with pytest.raises(Commitment.DoesNotExist):
        services.update_add(
            actor=county.secretary_b, commitment=row, date=TODAY, text="走访", today=TODAY
        )
    draft = fx.commitment(county, person=county.person_a, status="draft", title="草稿事项")
    with pytest.raises(ValidationError) as caught:
        services.update_add(
            actor=county.member_a, commitment=draft, date=TODAY, text="走访", today=TODAY
        )
    assert caught.value.messages == [
        "Progress and evaluation are recorded on public commitments only."
    ]
    assert _rows() == (2, 2)


def test_evaluation_by_the_organization_in_the_window(county, django_capture_on_commit_callbacks):
    from dangjian.notices.models import Notice

    row = fx.commitment(county, person=county.person_a, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation.commitment_evaluate(
            actor=county.secretary_a,
            commitment=row,
            verdict="partly",
            note="完成一户",
            today=DECEMBER,
        )
    (notice,) = Notice.objects.filter(recipient=county.member_a)
    assert notice.subject == (
        "Your commitment “帮扶两户困难群众” was evaluated: partly kept (基本践诺)."
    )
    row.refresh_from_db()
    assert (row.status, row.verdict, row.evaluation_note, row.evaluated_by) == (
        "evaluated",
        "partly",
        "完成一户",
        county.secretary_a,
    )
    # A second verdict in the window replaces the first; the audit keeps old → new.
    evaluation.commitment_evaluate(
        actor=county.dept_admin, commitment=row, verdict="kept", today=DECEMBER
    )
    assert _audit("honors.commitment.evaluate")[-1]["verdict"] == ["partly", "kept"]
    with pytest.raises(ValidationError) as caught:
        services.update_add(
            actor=county.member_a, commitment=row, date=DECEMBER, text="补记", today=DECEMBER
        )
    assert caught.value.messages == [
        "This commitment has been evaluated: no more progress is recorded."
    ]


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (
            datetime.date(2026, 11, 30),
            "The commitments of 2026 are evaluated from 2026-12-01 to 2027-01-31 "
            "(today is 2026-11-30).",
        ),
        (
            datetime.date(2027, 2, 1),
            "The commitments of 2026 are evaluated from 2026-12-01 to 2027-01-31 "
            "(today is 2027-02-01).",
        ),
    ],
)
def test_evaluation_outside_the_window_is_refused(county, today, message):
    row = fx.commitment(county, person=county.person_a, year=2026)
    with pytest.raises(ValidationError) as caught:
        evaluation.commitment_evaluate(
            actor=county.secretary_a, commitment=row, verdict="kept", today=today
        )
    assert caught.value.message_dict == {"verdict": [message]}
    row.refresh_from_db()
    assert (row.status, row.verdict) == ("published", "")


def test_evaluation_never_by_the_person_themself(county):
    # Township A's secretary is also a member of village A1 with a commitment of their own.
    own_person = make_person(county.superuser, county.village_a1, "王书记")
    own_person.user = county.secretary_a
    own_person.save()
    secretary = make_user("secretary_a2", (Role.SECRETARY, county.township_a))
    own_person.user = secretary
    own_person.save()
    row = fx.commitment(county, person=own_person, year=2026)
    with pytest.raises(PermissionDenied) as caught:
        evaluation.commitment_evaluate(
            actor=secretary, commitment=row, verdict="kept", today=DECEMBER
        )
    assert str(caught.value) == "You may not evaluate your own commitment."
    member_item = fx.commitment(county, person=county.person_a, year=2026, title="学习强国")
    with pytest.raises(PermissionDenied) as caught:
        evaluation.commitment_evaluate(
            actor=county.member_a, commitment=member_item, verdict="kept", today=DECEMBER
        )
    assert str(caught.value) == "You may not evaluate your own commitment."
    assert not Commitment.objects.unscoped("test").filter(status="evaluated").exists()


def test_an_organization_does_not_evaluate_its_own_items(county):
    township_item = fx.commitment(county, org=county.township_a, year=2026)
    with pytest.raises(PermissionDenied) as caught:
        evaluation.commitment_evaluate(
            actor=county.secretary_a, commitment=township_item, verdict="kept", today=DECEMBER
        )
    assert "by the level above" in str(caught.value)
    village_item = fx.commitment(county, org=county.village_a1, year=2026, title="村里承诺")
    evaluation.commitment_evaluate(
        actor=county.secretary_a, commitment=village_item, verdict="kept", today=DECEMBER
    )
    evaluation.commitment_evaluate(
        actor=county.dept_admin, commitment=township_item, verdict="not_kept", today=DECEMBER
    )
    # Inspectors review (REVIEW) their township: a member's item of village B1.
    b_item = fx.commitment(county, person=county.person_b, year=2026)
    evaluation.commitment_evaluate(
        actor=county.inspector_b, commitment=b_item, verdict="kept", today=DECEMBER
    )
    with pytest.raises(Commitment.DoesNotExist):
        evaluation.commitment_evaluate(
            actor=county.inspector_b, commitment=village_item, verdict="kept", today=DECEMBER
        )
    verdicts = dict(Commitment.objects.unscoped("test").values_list("pk", "verdict"))
    assert verdicts == {township_item.pk: "not_kept", village_item.pk: "kept", b_item.pk: "kept"}


def test_bad_verdicts_and_drafts_are_refused(county):
    row = fx.commitment(county, person=county.person_a, year=2026)
    with pytest.raises(ValidationError) as caught:
        evaluation.commitment_evaluate(
            actor=county.secretary_a, commitment=row, verdict="great", today=DECEMBER
        )
    assert caught.value.message_dict == {"verdict": ["Choose one of: kept, partly, not_kept."]}
    with pytest.raises(ValidationError) as caught:
        evaluation.commitment_evaluate(
            actor=county.secretary_a,
            commitment=row,
            verdict="kept",
            note="长" * 501,
            today=DECEMBER,
        )
    assert caught.value.message_dict == {"note": ["501 characters; at most 500 are accepted."]}
    draft = fx.commitment(county, person=county.person_a, year=2026, status="draft")
    with pytest.raises(ValidationError) as caught:
        evaluation.commitment_evaluate(
            actor=county.secretary_a, commitment=draft, verdict="kept", today=DECEMBER
        )
    assert caught.value.messages == [
        "Progress and evaluation are recorded on public commitments only."
    ]
    assert not Commitment.objects.unscoped("test").filter(status="evaluated").exists()
