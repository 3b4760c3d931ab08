"""Rows of 评先树优 for tests, made through the services (the committee of township A's rounds
is township A; the county's rounds take nominations from the townships)."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from dangjian.honors import exemplar_nomination_services as nomination_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_services as services
from dangjian.honors.models import ExemplarRound, Nomination

DEEDS = (
    "该同志扎根基层二十年，带领群众发展特色种植产业，"
    "建成蔬菜大棚一百二十座，村集体经济年收入由三万元增加到四十五万元；"
    "疫情期间连续值守卡点六十天，组织党员志愿者为独居老人送菜送药；"
    "主动调解邻里纠纷三十余起，群众满意度位列全镇第一。"
)
assert len(DEEDS) >= 100


def photo(name: str = "deeds.jpg", size: tuple[int, int] = (640, 480)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def round_(county, *, org=None, actor=None, kind="monthly", period=datetime.date(2026, 11, 1)):
    return services.round_create(
        actor=actor or county.superuser, org=org or county.township_a, kind=kind, period=period
    )


def nominate(
    county,
    round_obj: ExemplarRound,
    *,
    actor=None,
    org=None,
    category="member",
    person=None,
    nominee_org=None,
    photos=(),
    deeds=DEEDS,
    summary="带领群众发展产业的村党支部书记",
) -> Nomination:
    # Files are written when the row commits: run the commit hooks the test's transaction holds.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return nomination_services.nomination_create(
            actor=actor or county.secretary_a,
            round_=round_obj,
            org=org or county.village_a1,
            category=category,
            nominee_person=person if person is not None else county.person_a,
            nominee_org=nominee_org,
            deeds=deeds,
            summary=summary,
            photos=list(photos),
        )


def in_notice(county, round_obj: ExemplarRound, nomination: Nomination, *, today=None):
    services.nomination_review(
        actor=county.dept_admin, nomination=nomination, decision="approve", note=""
    )
    return notice_services.round_start_notice(
        actor=county.dept_admin, round_=round_obj, today=today or datetime.date(2026, 11, 30)
    )


def b_notice(county, *, today=None, photos=()):
    """Township B's round in notice with 李乙's nomination by village B1 (no township A rows:
    the public pages show it to everyone, township B's people included)."""
    round_obj = round_(county, org=county.township_b)
    nomination = nominate(
        county,
        round_obj,
        actor=county.secretary_b,
        org=county.village_b1,
        person=county.person_b,
        photos=photos,
    )
    in_notice(county, round_obj, nomination, today=today)
    return round_obj, nomination


def running_today(round_obj: ExemplarRound) -> ExemplarRound:
    """Move the notice's dates around today (through the ORM, on purpose): the services'
    tests pin the dates a notice gets; page and API tests need one that runs today, whatever
    day the tests run."""
    from django.utils import timezone

    today = timezone.localdate()
    ExemplarRound.objects.unscoped("test").filter(pk=round_obj.pk).update(
        notice_start=today - datetime.timedelta(days=1),
        notice_end=today + datetime.timedelta(days=3),
    )
    round_obj.refresh_from_db()
    return round_obj


def ended(round_obj: ExemplarRound) -> ExemplarRound:
    """The notice ended yesterday (the clock moved through the ORM: see running_today)."""
    from django.utils import timezone

    today = timezone.localdate()
    ExemplarRound.objects.unscoped("test").filter(pk=round_obj.pk).update(
        notice_start=today - datetime.timedelta(days=8),
        notice_end=today - datetime.timedelta(days=1),
    )
    round_obj.refresh_from_db()
    return round_obj
