"""Regression tests of the security review of 评先树优 (issue 22 fix round): a nominee on the
committee, public pages of inactive organizations, probing the public objection API, double
submits, and documents that are not what their name says."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dangjian.conftest import make_person
from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors import exemplar_services as services
from dangjian.honors.models import Award, ExemplarRound, Nomination, Objection
from dangjian.honors.tests import fixtures_exemplar as fx
from dangjian.orgs.models import Organization

D = datetime.date
Decision = decision_services.Decision


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    cache.clear()
    # The messages are asserted in the code's English, whatever the catalogue holds.
    with translation.override("en"):
        yield


def nominations():
    return Nomination.objects.unscoped("test")


# ---- a nominee on the committee ----------------------------------------------------------


def _secretary_a_nominated(county):
    """Township A's secretary is a Party member of village A1 (the usual case: a township
    secretary's membership sits in a branch under the township committee), nominated by
    the department admin (CHANGE at village A1) in township A's round."""
    me = make_person(county.superuser, county.village_a1, "王书记")
    me.user = county.secretary_a
    me.save()
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj, actor=county.dept_admin, person=me)
    return round_obj, nomination


def test_nominee_secretary_reviews_answers_and_decides_own_nomination(county):
    round_obj, nomination = _secretary_a_nominated(county)
    with pytest.raises(PermissionDenied) as review:
        services.nomination_review(
            actor=county.secretary_a, nomination=nomination, decision="approve", note=""
        )
    assert "王书记 is you: nobody reviews or decides their own nomination" in str(review.value)
    assert nominations().get(pk=nomination.pk).status == Nomination.Status.NOMINATED
    # The nominee still runs the rest of the round; another member (not the department admin,
    # who nominated) reviews this nomination.
    services.nomination_review(
        actor=county.superuser, nomination=nomination, decision="approve", note=""
    )
    notice_services.round_start_notice(
        actor=county.secretary_a, round_=round_obj, today=D(2026, 11, 30)
    )
    objection = notice_services.objection_lodge(
        nomination=notice_services.public_nomination(round_obj.public_key, nomination.pk),
        body="此人材料造假，情况不属实。" * 2,
        name="举报人",
        contact="13912345678",
        ip="1.2.3.4",
        today=D(2026, 11, 30),
    )

    # Pages and API: the nominee does not read who objected or what they wrote.
    c = Client()
    c.force_login(county.secretary_a)
    page = c.get(reverse("honors:exemplar-nomination", args=[nomination.pk])).content.decode()
    assert "举报人" not in page and "材料造假" not in page and "139" not in page
    assert 'id="own-nomination"' in page
    assert c.get(reverse("api:honors-objection-list")).json()["results"] == []
    answer_page = c.get(reverse("honors:exemplar-objection-answer", args=[objection.pk]))
    assert answer_page.status_code == 403 and "举报人" not in answer_page.content.decode()
    api_answer = c.post(
        reverse("api:honors-objection-answer", args=[objection.pk]),
        {"outcome": "dismissed", "answer": "经核实不属实"},
        content_type="application/json",
    )
    assert api_answer.status_code == 403
    # (A request leaves its language active: the refusals below are read in English again.)
    with translation.override("en"), pytest.raises(PermissionDenied) as answer:
        notice_services.objection_answer(
            actor=county.secretary_a,
            objection=objection,
            outcome="dismissed",
            answer="经核实不属实",
        )
    assert "nobody reviews or decides their own nomination" in str(answer.value)
    assert Objection.objects.unscoped("test").get().outcome == Objection.Outcome.OPEN
    # The rest of the committee reads and answers it.
    c.force_login(county.superuser)
    assert (
        "举报人"
        in c.get(reverse("honors:exemplar-nomination", args=[nomination.pk])).content.decode()
    )
    notice_services.objection_answer(
        actor=county.superuser, objection=objection, outcome="dismissed", answer="经核实不属实"
    )

    # The decision: the nominee is refused the whole round (decided in one go).
    round_obj.refresh_from_db()
    decide_day = round_obj.notice_end + datetime.timedelta(days=1)
    decisions = [Decision(nomination=nomination.pk, award=True)]
    with translation.override("en"), pytest.raises(PermissionDenied) as decide:
        decision_services.round_decide(
            actor=county.secretary_a, round_=round_obj, decisions=decisions, today=decide_day
        )
    assert "another member of the committee decides this round" in str(decide.value)
    assert not Award.objects.unscoped("test").exists()
    c.force_login(county.secretary_a)
    assert c.get(reverse("honors:exemplar-round-decide", args=[round_obj.pk])).status_code == 403
    (award,) = decision_services.round_decide(
        actor=county.superuser, round_=round_obj, decisions=decisions, today=decide_day
    )
    assert award.nomination_id == nomination.pk


def test_nobody_nominates_themselves(county):
    me = make_person(county.superuser, county.village_a1, "王书记")
    me.user = county.secretary_a
    me.save()
    with pytest.raises(ValidationError) as refused:
        fx.nominate(county, fx.round_(county), actor=county.secretary_a, person=me)
    assert "王书记 is you: nobody nominates themselves" in " ".join(
        refused.value.message_dict["nominee_person"]
    )
    assert not nominations().exists()


# ---- inactive organizations on the public pages -------------------------------------------


def _deactivate(org):
    Organization.objects.unscoped("test").filter(pk=org.pk).update(is_active=False)


@pytest.mark.parametrize("inactive", ["township_b", "village_b1"])
def test_public_pages_hide_rounds_and_nominations_of_inactive_organizations(county, inactive):
    round_obj, nomination = fx.b_notice(county, photos=[fx.photo()])
    fx.running_today(round_obj)
    photo = nomination.attachments.model.objects.unscoped("test").get(nomination=nomination)
    c = Client()
    notice_url = reverse("honors:exemplar-notice", args=[round_obj.public_key])
    photo_url = reverse("honors:exemplar-public-photo", args=[photo.pk])
    assert "李乙" in c.get(notice_url).content.decode()
    assert c.get(photo_url).status_code == 200
    _deactivate(getattr(county, inactive))
    page = c.get(notice_url)
    if inactive == "township_b":  # the committee: the whole notice is gone
        assert page.status_code == 404
    else:  # the nominating organization: its nomination is gone from the notice
        assert page.status_code == 200 and "李乙" not in page.content.decode()
    assert c.get(photo_url).status_code == 404
    objection = c.post(
        reverse("api:public-objection-list"),
        {"round": round_obj.public_key, "nomination": nomination.pk, "body": "x" * 20},
        content_type="application/json",
    )
    assert objection.status_code == 404
    assert not Objection.objects.unscoped("test").exists()


def test_the_honor_roll_leaves_out_awards_of_inactive_organizations(county):
    round_obj, nomination = fx.b_notice(county)
    (award,) = decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[Decision(nomination.pk, True)],
        today=D(2026, 12, 7),
    )
    assert [a.pk for a in selectors.roll(2026)] == [award.pk]
    assert selectors.roll_years() == [2026]
    _deactivate(county.village_b1)
    assert list(selectors.roll(2026)) == [] and selectors.roll_years() == []
    c = Client()
    assert c.get(reverse("honors:exemplar-roll-detail", args=[award.pk])).status_code == 404
    assert "李乙" not in c.get(reverse("honors:exemplar-roll") + "?year=2026").content.decode()


def test_an_organization_nominated_drops_off_the_notice_when_inactive(county):
    round_obj = fx.round_(county, org=county.township_b)
    nomination = fx.nominate(
        county,
        round_obj,
        actor=county.secretary_b,
        org=county.village_b1,
        category="org",
        nominee_org=county.village_b1,
    )
    fx.in_notice(county, round_obj, nomination)
    assert [n.pk for n in selectors.public_nominations(round_obj)] == [nomination.pk]
    _deactivate(county.village_b1)
    assert selectors.public_nominations(round_obj) == []


# ---- the public objection API --------------------------------------------------------------


def _public(c, payload, ip="9.9.9.9"):
    return c.post(
        reverse("api:public-objection-list"),
        payload,
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_the_public_objection_api_does_not_tell_which_nominations_are_in_notice(county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    other_round = fx.round_(county)
    draft = fx.nominate(county, other_round, actor=county.secretary_a)
    c = Client()
    key = round_obj.public_key
    # Not in notice, in another round, no such round: one answer, whatever the reason.
    cases = [
        {"round": key, "nomination": draft.pk, "body": ""},
        {"round": other_round.public_key, "nomination": draft.pk, "body": ""},
        {"round": "no-such-key", "nomination": nomination.pk, "body": ""},
        {"round": other_round.public_key, "nomination": nomination.pk, "body": ""},
    ]
    for payload in cases:
        response = _public(c, payload)
        assert response.status_code == 404, payload
    # The fifth attempt is the last one this hour; every attempt counted, refused or not.
    assert _public(c, {"round": key, "nomination": nomination.pk, "body": ""}).status_code == 400
    for payload in [*cases, {"round": key, "nomination": nomination.pk, "body": "x" * 20}]:
        assert _public(c, payload).status_code == 429
    assert _public(c, {"nomination": nomination.pk}).status_code == 429
    assert not Objection.objects.unscoped("test").exists()
    # Another address is not held back.
    lodged = _public(c, {"round": key, "nomination": nomination.pk, "body": "x" * 20}, "9.9.9.10")
    assert lodged.status_code == 201


def test_the_public_objection_api_requires_the_round(county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    response = _public(Client(), {"nomination": nomination.pk, "body": "x" * 20})
    assert response.status_code == 400 and "round" in response.json()


def test_the_notice_page_counts_every_attempt_too(county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    c = Client()
    url = reverse("honors:exemplar-notice", args=[round_obj.public_key])
    short = {"nomination": nomination.pk, "body": "太短", "website": ""}
    for _ in range(5):
        refused = c.post(url, short, REMOTE_ADDR="9.9.9.9")
        assert refused.status_code == 200 and "请至少填写10字" in refused.content.decode()
    good = short | {"body": "该同志事迹材料中的数字与实际不符"}
    assert c.post(url, good, REMOTE_ADDR="9.9.9.9").status_code == 429
    assert c.post(url, good, REMOTE_ADDR="9.9.9.8").status_code == 303
    assert Objection.objects.unscoped("test").count() == 1


# ---- double submits --------------------------------------------------------------------------


def test_a_double_submitted_nomination_is_refused_the_second_time(county):
    round_obj = fx.round_(county)
    fx.nominate(county, round_obj)
    with pytest.raises(ValidationError) as again:
        fx.nominate(county, round_obj)
    assert "already nominated" in " ".join(again.value.messages)
    assert nominations().count() == 1


def test_a_nomination_is_checked_against_the_round_as_locked_not_as_read(county):
    # The form read the round while it took nominations; the committee closed it meanwhile.
    stale = fx.round_(county)
    services.round_close(
        actor=county.dept_admin, round_=ExemplarRound.objects.unscoped("test").get(pk=stale.pk)
    )
    with pytest.raises(ValidationError) as closed:
        fx.nominate(county, stale)
    assert "no longer takes nominations" in " ".join(closed.value.messages)
    assert not nominations().exists()


def test_a_double_click_on_publish_makes_one_learning_hall_material(county):
    from dangjian.study.models import Material

    round_obj, nomination = fx.b_notice(county)
    (award,) = decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[Decision(nomination.pk, True)],
        today=D(2026, 12, 7),
    )
    # Two requests, each with the award as it read it (not yet published).
    first, second = (Award.objects.unscoped("test").get(pk=award.pk) for _ in range(2))
    decision_services.award_publish(actor=county.secretary_b, award=first)
    with pytest.raises(ValidationError) as again:
        decision_services.award_publish(actor=county.secretary_b, award=second)
    assert "already in the learning hall" in " ".join(again.value.messages)
    assert Material.objects.unscoped("test").count() == 1


# ---- documents -----------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="x"/>'
BODY = (
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>DEEDS</w:t></w:r></w:p>'
    b"</w:body></w:document>"
)


NOVEMBER = D(2026, 11, 1)


def _nominate_with(county, data: bytes, name: str = "deeds.docx", period=NOVEMBER):
    document = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    round_obj = fx.round_(county, period=period)
    from dangjian.honors import exemplar_nomination_services as nomination_services

    return nomination_services.nomination_create(
        actor=county.secretary_a,
        round_=round_obj,
        org=county.village_a1,
        category="member",
        nominee_person=county.person_a,
        deeds=fx.DEEDS,
        summary="带领群众发展产业",
        documents=[document],
    )


@pytest.mark.parametrize(
    "data, expected",
    [
        (_zip({"notes.txt": b"not a Word document"}), "is not a real Word (.docx) file"),
        (_zip({"word/document.xml": BODY}), "is not a real Word (.docx) file"),
        (
            _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<not xml"}),
            "is not a real Word (.docx) file",
        ),
        (
            # A zip bomb: 60 MB of one byte compresses to some 60 KB.
            _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<" * 60_000_000}),
            "unpacks to more than 50 MB",
        ),
        (
            _zip(
                {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": BODY}
                | {f"word/media/{n}.bin": b"" for n in range(501)}
            ),
            "or 500 parts",
        ),
        (b"PK\x03\x04 truncated", "is not a real Word (.docx) file"),
    ],
    ids=["plain-zip", "no-content-types", "body-not-xml", "zip-bomb", "many-members", "cut"],
)
def test_a_docx_must_be_a_word_package_within_bounds(county, data, expected):
    assert len(data) < 10 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        _nominate_with(county, data)
    assert expected in " ".join(refused.value.message_dict["documents"])
    assert not nominations().exists()


def test_a_real_docx_and_pdf_are_accepted(county):
    docx = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": BODY})
    nomination = _nominate_with(county, docx)
    assert [a.name for a in nomination.attachments.model.objects.unscoped("t").all()] == [
        "deeds.docx"
    ]
    with pytest.raises(ValidationError) as not_pdf:
        _nominate_with(county, b"%PDX-1.4 fake", name="deeds.pdf", period=D(2026, 10, 1))
    assert "is not a real PDF file" in " ".join(not_pdf.value.message_dict["documents"])


# ---- the rounds list's counts ---------------------------------------------------------------


def test_the_rounds_list_counts_only_nominations_in_sight(county):
    round_obj = fx.round_(county, org=county.root, actor=county.dept_admin)
    fx.nominate(county, round_obj, actor=county.secretary_a, org=county.township_a)
    fx.nominate(
        county, round_obj, actor=county.secretary_b, org=county.township_b, person=county.person_b
    )
    counts = {
        user: selectors.round_list(user).get(pk=round_obj.pk).nomination_count
        for user in (county.dept_admin, county.secretary_a, county.secretary_b)
    }
    assert counts == {county.dept_admin: 2, county.secretary_a: 1, county.secretary_b: 1}
