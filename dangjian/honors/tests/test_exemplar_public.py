"""The public pages without login: the 公示 page with its objection form, published photos
only, the honor roll and an awarded exemplar's deeds (pages in zh-hans)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors.models import NominationAttachment, Objection
from dangjian.honors.tests import fixtures_exemplar as fx
from dangjian.notices.models import Notice


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    cache.clear()


def _objection(nomination, body="该同志事迹材料中的数字与实际不符", **extra):
    return {
        "nomination": nomination.pk,
        "body": body,
        "name": "",
        "contact": "",
        "website": "",
    } | extra


def test_anyone_reads_the_notice_and_lodges_an_objection(
    client, county, django_capture_on_commit_callbacks
):
    round_obj, nomination = fx.b_notice(county, photos=[fx.photo()])
    fx.running_today(round_obj)
    url = reverse("honors:exemplar-notice", args=[round_obj.public_key])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "李乙" in text and "带领群众发展产业" in text and "objection-form" in text
    (picture,) = NominationAttachment.objects.unscoped("test").filter(nomination=nomination)
    photo_url = reverse("honors:exemplar-public-photo", args=[picture.pk])
    assert photo_url in text
    served = client.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, _objection(nomination, contact="13900001111"))
    assert sent.status_code == 303 and sent["Location"].endswith("?sent=1")
    objection = Objection.objects.unscoped("test").get()
    assert objection.contact == "13900001111" and objection.outcome == "open"
    assert Notice.objects.filter(recipient=county.secretary_b).count() == 1
    notice_services.objection_answer(
        actor=county.secretary_b, objection=objection, outcome="dismissed", answer="经核实不属实"
    )
    again = client.get(url).content.decode()
    assert "已收到异议1条，党委已答复1条。" in again
    assert "13900001111" not in again and "经核实不属实" not in again


def test_after_the_notice_the_page_says_so_and_takes_no_objection(client, county):
    round_obj, nomination = fx.b_notice(county)
    fx.ended(round_obj)
    url = reverse("honors:exemplar-notice", args=[round_obj.public_key])
    page = client.get(url)
    assert page.status_code == 200 and "公示期已结束" in page.content.decode()
    assert "objection-form" not in page.content.decode()
    late = client.post(url, _objection(nomination))
    # Refused forms re-render with 200 (a 4xx is a console error in the browser).
    assert late.status_code == 200
    assert f"公示期已结束（{round_obj.notice_end:%Y-%m-%d}截止）" in late.content.decode()
    assert not Objection.objects.unscoped("test").exists()


def test_a_honeypot_and_a_short_body_are_refused_on_the_page(client, county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    url = reverse("honors:exemplar-notice", args=[round_obj.public_key])
    robot = client.post(url, _objection(nomination, website="http://spam.example"))
    assert robot.status_code == 200 and "表单未能提交" in robot.content.decode()
    short = client.post(url, _objection(nomination, body="不好"))
    assert short.status_code == 200 and "请至少填写10字" in short.content.decode()
    assert not Objection.objects.unscoped("test").exists()


def test_hidden_rounds_and_unpublished_photos_are_404(client, county):
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj, photos=[fx.photo()])
    picture = NominationAttachment.objects.unscoped("test").get(nomination=nomination)
    assert (
        client.get(reverse("honors:exemplar-notice", args=[round_obj.public_key])).status_code
        == 404
    )
    assert client.get(reverse("honors:exemplar-public-photo", args=[picture.pk])).status_code == 404
    assert client.get(reverse("honors:exemplar-notice", args=["no-such-key"])).status_code == 404


def test_the_honor_roll_shows_the_awarded_and_their_deeds(client, county):
    round_obj, nomination = fx.b_notice(county, photos=[fx.photo()])
    (award,) = decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[decision_services.Decision(nomination.pk, True)],
        today=datetime.date(2026, 12, 7),
    )
    roll = client.get(reverse("honors:exemplar-roll") + "?year=2026")
    assert roll.status_code == 200
    text = roll.content.decode()
    assert "李乙" in text and "2026年11月优秀共产党员" in text
    assert reverse("honors:exemplar-roll-detail", args=[award.pk]) in text
    detail = client.get(reverse("honors:exemplar-roll-detail", args=[award.pk]))
    assert detail.status_code == 200 and "扎根基层二十年" in detail.content.decode()
    empty = client.get(reverse("honors:exemplar-roll") + "?year=2025").content.decode()
    assert "李乙" not in empty
