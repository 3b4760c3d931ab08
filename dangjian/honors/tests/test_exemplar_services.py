"""评先树优 services: the whole flow with hand-set dates, and each refusal with its message
and nothing saved."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from dangjian.conftest import make_person
from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_nomination_services as nomination_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_services as services
from dangjian.honors.models import Award, ExemplarRound, Nomination, NominationAttachment, Objection
from dangjian.honors.tests import fixtures_exemplar as fx
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry, RoleAssignment
from dangjian.orgs.scoping import Role

D = datetime.date
Decision = decision_services.Decision


@pytest.fixture(autouse=True)
def honors_dir(settings, tmp_path):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"


@pytest.fixture(autouse=True)
def english():
    # The messages are asserted in the code's English, whatever the catalogue holds.
    with translation.override("en"):
        yield


def _messages(error, field: str) -> str:
    """The messages of one field; "__all__": of the error as a whole (not a field's)."""
    if field == "__all__":
        assert not hasattr(error.value, "error_dict")
        return " ".join(error.value.messages)
    return " ".join(error.value.message_dict[field])


def nominations():
    return Nomination.objects.unscoped("test")


def test_the_whole_flow_from_round_to_award(county, django_capture_on_commit_callbacks):
    RoleAssignment.objects.create(user=county.secretary_b, role=Role.SECRETARY, org=county.root)
    county_round = fx.round_(county, org=county.root, actor=county.dept_admin)
    assert county_round.title == "2026年11月先进基层党组织和优秀共产党员评选"
    assert county_round.status == "nominating" and len(county_round.public_key) >= 20
    nomination = fx.nominate(
        county, county_round, org=county.township_a, photos=[fx.photo()], category="member"
    )
    org_nomination = fx.nominate(
        county,
        county_round,
        org=county.township_a,
        category="org",
        person=None,
        nominee_org=county.village_a1,
    )
    (picture,) = NominationAttachment.objects.unscoped("test").filter(nomination=nomination)
    assert picture.content_type == "image/jpeg" and picture.file and picture.thumbnail
    with Image.open(picture.thumbnail.open("rb")) as thumb:
        assert max(thumb.size) == 320
    services.nomination_review(actor=county.dept_admin, nomination=nomination, decision="approve")
    services.nomination_review(
        actor=county.dept_admin, nomination=org_nomination, decision="reject", note="事迹不够突出"
    )
    # Monday 30 November 2026: the notice runs five working days, 30 Nov – Fri 4 Dec.
    notice_services.round_start_notice(
        actor=county.dept_admin, round_=county_round, today=D(2026, 11, 30)
    )
    county_round.refresh_from_db()
    assert (county_round.notice_start, county_round.notice_end) == (D(2026, 11, 30), D(2026, 12, 4))
    assert nominations().get(pk=nomination.pk).status == "notice"
    assert nominations().get(pk=org_nomination.pk).status == "rejected"

    public = notice_services.public_nomination(nomination.round.public_key, nomination.pk)
    with django_capture_on_commit_callbacks(execute=True):
        objection = notice_services.objection_lodge(
            nomination=public,
            body="该同志去年曾因违规操办宴席受到批评，请核实。",
            contact="13912345678",
            ip="203.0.113.9",
            today=D(2026, 12, 2),
        )
    # The county committee's secretary (secretary_b holds the role at the county here) hears.
    (told,) = Notice.objects.filter(key=f"honors-objection:{objection.pk}")
    assert told.recipient == county.secretary_b and "张甲" in told.subject
    assert objection.sender and "203.0.113.9" not in objection.sender

    with pytest.raises(ValidationError) as refused:
        decision_services.round_decide(
            actor=county.dept_admin,
            round_=county_round,
            decisions=[Decision(nomination.pk, True)],
            today=D(2026, 12, 7),
        )
    assert "1 objections are not answered yet" in _messages(refused, "__all__")
    notice_services.objection_answer(
        actor=county.dept_admin, objection=objection, outcome="dismissed", answer="经核实，系误传。"
    )
    with pytest.raises(ValidationError) as early:
        decision_services.round_decide(
            actor=county.dept_admin,
            round_=county_round,
            decisions=[Decision(nomination.pk, True)],
            today=D(2026, 12, 4),
        )
    assert "runs until 2026-12-04" in _messages(early, "__all__")
    (award,) = decision_services.round_decide(
        actor=county.dept_admin,
        round_=county_round,
        decisions=[Decision(nomination.pk, True, "县委常委会研究同意")],
        today=D(2026, 12, 7),
    )
    assert award.title == "2026年11月优秀共产党员" and award.year == 2026
    assert award.awarded_on == D(2026, 12, 7) and award.category == "member"
    county_round.refresh_from_db()
    assert county_round.status == "decided"
    assert nominations().get(pk=nomination.pk).status == "awarded"
    actions = set(AuditEntry.objects.unscoped("test").values_list("action", flat=True))
    assert {
        "honors.round.create",
        "honors.nomination.create",
        "honors.nomination.review",
        "honors.round.notice",
        "honors.objection.answer",
        "honors.round.decide",
    } <= actions


def test_publishing_to_the_learning_hall_happens_once(county):
    from dangjian.study.models import Material

    round_obj, nomination = fx.b_notice(county)
    (award,) = decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[Decision(nomination.pk, True)],
        today=D(2026, 12, 7),
    )
    decision_services.award_publish(actor=county.secretary_b, award=award)
    material = Material.objects.unscoped("test").get(pk=award.hall_material_id)
    assert material.title == "2026年11月优秀共产党员：李乙" and material.status == "published"
    assert material.org == county.township_b and material.body == fx.DEEDS
    with pytest.raises(ValidationError) as again:
        decision_services.award_publish(actor=county.secretary_b, award=award)
    assert "already in the learning hall" in _messages(again, "__all__")
    assert Material.objects.unscoped("test").count() == 1
    with pytest.raises(PermissionDenied):
        decision_services.award_publish(actor=county.secretary_a, award=award)


# ---- bad input -------------------------------------------------------------------------


def test_one_round_per_committee_kind_and_period(county):
    fx.round_(county)
    with pytest.raises(ValidationError) as refused:
        fx.round_(county, period=D(2026, 11, 20))
    assert "甲镇党委 already has a round for 2026-11" in _messages(refused, "period")
    with pytest.raises(ValidationError) as branch:
        fx.round_(county, org=county.village_a1)
    assert "is not a Party committee" in _messages(branch, "org")
    with pytest.raises(PermissionDenied):
        fx.round_(county, org=county.township_b, actor=county.secretary_a)
    yearly = fx.round_(county, kind="yearly", period=D(2025, 6, 1))
    assert yearly.period == D(2025, 1, 1) and yearly.title == "2025年度“两优一先”评选表彰"
    assert ExemplarRound.objects.unscoped("test").count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deeds": "   "}, "deeds", "The deeds have 0 characters; write at least 100"),
        ({"deeds": "短" * 99}, "deeds", "The deeds have 99 characters"),
        ({"summary": ""}, "summary", "Write a one-line summary"),
        ({"category": "worker"}, "category", "Choose one of:"),
        ({"person": "outside"}, "nominee_person", "李乙 is not a member of 甲一村党支部"),
        ({"person": "applicant"}, "nominee_person", "is not a full or probationary Party member"),
        (
            {"category": "org", "nominee_org": "b"},
            "nominee_org",
            "乙一村党支部 is not in 甲一村党支部",
        ),
        ({"category": "org"}, "nominee_org", "Choose the organization nominated."),
    ],
)
def test_a_nomination_with_bad_input_is_refused_and_nothing_saved(county, change, field, message):
    round_obj = fx.round_(county)
    person = {
        "outside": county.person_b,
        "applicant": make_person(
            county.superuser, county.village_a1, "王申请", party_status="applicant"
        ),
    }.get(change.pop("person", None), county.person_a)
    nominee_org = county.village_b1 if change.pop("nominee_org", None) == "b" else None
    with pytest.raises(ValidationError) as refused:
        fx.nominate(county, round_obj, person=person, nominee_org=nominee_org, **change)
    assert message in _messages(refused, field)
    assert not nominations().exists()


def test_a_nominee_outside_the_subtree_and_a_nominating_org_not_directly_below(county):
    county_round = fx.round_(county, org=county.root, actor=county.dept_admin)
    with pytest.raises(ValidationError) as deep:
        fx.nominate(county, county_round, org=county.village_a1)
    assert "directly below 示范县委" in _messages(deep, "org")
    with pytest.raises(PermissionDenied):
        fx.nominate(county, county_round, org=county.township_b, person=county.person_b)
    assert not nominations().exists()


def test_a_second_nomination_in_a_category_is_refused(county):
    round_obj = fx.round_(county)
    first = fx.nominate(county, round_obj)
    second = make_person(county.superuser, county.village_a1, "王甲二")
    with pytest.raises(ValidationError) as refused:
        fx.nominate(county, round_obj, person=second)
    assert "甲一村党支部 has already nominated 1 for" in _messages(refused, "category")
    assert nominations().count() == 1
    # Withdrawn, it no longer counts; the same person twice is refused on its own.
    nomination_services.nomination_withdraw(actor=county.secretary_a, nomination=first)
    fx.nominate(county, round_obj, person=second)
    with pytest.raises(ValidationError):
        fx.nominate(county, round_obj, person=county.person_a)
    assert nominations().filter(status="nominated").count() == 1


def test_a_photo_bomb_a_fake_photo_and_a_fake_pdf_are_refused(county):
    round_obj = fx.round_(county)
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 million pixels, a small file
    bomb_file = SimpleUploadedFile("bomb.png", bomb.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        fx.nominate(county, round_obj, photos=[bomb_file])
    assert "9000 × 9000 pixels" in _messages(refused, "photos")
    fake = SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as not_image:
        fx.nominate(county, round_obj, photos=[fake])
    assert "is not a picture" in _messages(not_image, "photos")
    with pytest.raises(ValidationError) as many:
        fx.nominate(county, round_obj, photos=[fx.photo() for _ in range(7)])
    assert "At most 6 photos; 7 were sent." in _messages(many, "photos")
    with pytest.raises(ValidationError) as pdf:
        nomination_services.nomination_create(
            actor=county.secretary_a,
            round_=round_obj,
            org=county.village_a1,
            category="member",
            nominee_person=county.person_a,
            deeds=fx.DEEDS,
            summary="概要",
            documents=[SimpleUploadedFile("事迹.pdf", b"MZ not a pdf")],
        )
    assert "“事迹.pdf” is not a real PDF file." in _messages(pdf, "documents")
    assert not nominations().exists()
    assert not NominationAttachment.objects.unscoped("test").exists()


def test_the_nominator_never_reviews_their_own_nomination(county):
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj)  # by secretary_a, who is also the committee
    with pytest.raises(PermissionDenied) as refused:
        services.nomination_review(
            actor=county.secretary_a, nomination=nomination, decision="approve"
        )
    assert "another member of the committee reviews it" in str(refused.value)
    with pytest.raises(PermissionDenied):  # township B is not the committee
        services.nomination_review(
            actor=county.secretary_b, nomination=nomination, decision="approve"
        )
    with pytest.raises(ValidationError) as no_note:
        services.nomination_review(
            actor=county.dept_admin, nomination=nomination, decision="reject"
        )
    assert "Say why" in _messages(no_note, "note")
    assert nominations().get().status == "nominated"


def test_the_notice_needs_every_nomination_reviewed(county):
    round_obj = fx.round_(county)
    fx.nominate(county, round_obj)
    with pytest.raises(ValidationError) as refused:
        notice_services.round_start_notice(actor=county.dept_admin, round_=round_obj)
    assert "1 nominations are not reviewed yet" in _messages(refused, "__all__")
    round_obj.refresh_from_db()
    assert round_obj.status == "nominating" and round_obj.notice_start is None


def test_a_notice_started_on_a_holiday_begins_on_the_next_working_day(county):
    round_obj = fx.round_(county, period=D(2026, 9, 1))
    nomination = fx.nominate(county, round_obj)
    fx.in_notice(county, round_obj, nomination, today=D(2026, 10, 3))
    round_obj.refresh_from_db()
    # 8, 9, Sat 10 (adjusted working day), Mon 12, Tue 13 October.
    assert (round_obj.notice_start, round_obj.notice_end) == (D(2026, 10, 8), D(2026, 10, 13))


def test_objections_after_the_notice_and_bad_bodies_are_refused(county):
    _round, nomination = fx.b_notice(county)  # 30 Nov – 4 Dec 2026
    public = notice_services.public_nomination(nomination.round.public_key, nomination.pk)
    with pytest.raises(ValidationError) as late:
        notice_services.objection_lodge(
            nomination=public, body="一个迟到的异议内容", today=D(2026, 12, 5)
        )
    assert "The public notice ended on 2026-12-04" in _messages(late, "__all__")
    with pytest.raises(ValidationError) as short:
        notice_services.objection_lodge(nomination=public, body="太短", today=D(2026, 12, 1))
    assert "at least 10 characters" in _messages(short, "body")
    with pytest.raises(ValidationError) as robot:
        notice_services.objection_lodge(
            nomination=public, body="机器人填写的异议内容", honeypot="x", today=D(2026, 12, 1)
        )
    assert "not sent by a person" in _messages(robot, "__all__")
    assert not Objection.objects.unscoped("test").exists()


def test_objections_are_limited_per_address_counting_every_attempt(county):
    from django.core.cache import cache

    cache.clear()
    _round, nomination = fx.b_notice(county)
    public = notice_services.public_nomination(nomination.round.public_key, nomination.pk)
    for _ in range(4):
        notice_services.count_attempt("198.51.100.7")
        notice_services.objection_lodge(
            nomination=public, body="异议内容：请核实事迹", ip="198.51.100.7", today=D(2026, 12, 1)
        )
    # A refused attempt (too short) counts as much as one that is saved: the fifth.
    notice_services.count_attempt("198.51.100.7")
    with pytest.raises(ValidationError):
        notice_services.objection_lodge(
            nomination=public, body="太短", ip="198.51.100.7", today=D(2026, 12, 1)
        )
    with pytest.raises(notice_services.TooManyObjections):
        notice_services.count_attempt("198.51.100.7")
    notice_services.count_attempt("198.51.100.8")
    notice_services.objection_lodge(
        nomination=public, body="异议内容：另一个网络", ip="198.51.100.8", today=D(2026, 12, 1)
    )
    assert Objection.objects.unscoped("test").count() == 5


def test_a_decision_must_cover_each_nomination_and_an_upheld_objection_blocks_an_award(county):
    round_obj, nomination = fx.b_notice(county)
    public = notice_services.public_nomination(nomination.round.public_key, nomination.pk)
    objection = notice_services.objection_lodge(
        nomination=public, body="该同志事迹材料有夸大成分", today=D(2026, 12, 1)
    )
    notice_services.objection_answer(
        actor=county.dept_admin, objection=objection, outcome="upheld", answer="经核实，情况属实。"
    )
    with pytest.raises(ValidationError) as missing:
        decision_services.round_decide(
            actor=county.dept_admin, round_=round_obj, decisions=[], today=D(2026, 12, 7)
        )
    assert "Decide on 李乙" in _messages(missing, "decisions")
    with pytest.raises(ValidationError) as upheld:
        decision_services.round_decide(
            actor=county.dept_admin,
            round_=round_obj,
            decisions=[Decision(nomination.pk, True)],
            today=D(2026, 12, 7),
        )
    assert "was upheld" in _messages(upheld, "decisions")
    assert not Award.objects.unscoped("test").exists()
    decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[Decision(nomination.pk, False, "异议成立")],
        today=D(2026, 12, 7),
    )
    assert nominations().get().status == "not_awarded"
    assert not Award.objects.unscoped("test").exists()
