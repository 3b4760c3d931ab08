"""干部讲课: arranging, questions and answers, ratings, and "every cadre lectures at least
once a year" counted per organization against a hand count."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.conftest import make_person
from dangjian.orgs.models import User
from dangjian.study import lecture_selectors, lecture_services
from dangjian.study.models import Lecture, LectureRating


def _listener(county, name="听众甲"):
    person = make_person(county.superuser, county.village_a1, name)
    person.user = User.objects.create_user(username=f"listener-{name}")
    person.save()
    return person.user


def _lecture(county, **extra):
    fields = {"title": "讲党课", "starts_at": timezone.now(), "place": "村部"} | extra
    return lecture_services.lecture_schedule(
        actor=county.member_a, lecturer=county.person_a, **fields
    )


def test_only_the_lecturer_or_their_secretary_arranges(county, both_townships):
    with pytest.raises(PermissionDenied):  # township B's secretary may not change A's people
        lecture_services.lecture_schedule(
            actor=county.secretary_b, lecturer=county.person_a, title="x", starts_at=timezone.now()
        )
    with pytest.raises(PermissionDenied):  # a member arranges only their own lecture
        lecture_services.lecture_schedule(
            actor=county.member_a,
            lecturer=both_townships.person_a2,
            title="x",
            starts_at=timezone.now(),
        )
    lecture = lecture_services.lecture_schedule(
        actor=county.secretary_a, lecturer=county.person_a, title="讲课", starts_at=timezone.now()
    )
    assert lecture.org == county.village_a1
    assert Lecture.objects.unscoped("test").count() == 1


def test_questions_answers_and_ratings(county):
    lecture = _lecture(county)
    listener = _listener(county)
    question = lecture_services.question_ask(actor=listener, lecture=lecture, question="怎么学？")
    with pytest.raises(PermissionDenied):
        lecture_services.question_answer(actor=listener, question=question, answer="我来答")
    with pytest.raises(ValidationError):
        lecture_services.question_answer(actor=county.member_a, question=question, answer=" ")
    lecture_services.question_answer(actor=county.member_a, question=question, answer="结合实际学")

    with pytest.raises(ValidationError):  # not held yet
        lecture_services.lecture_rate(actor=listener, lecture=lecture, score=5)
    lecture = lecture_services.lecture_update(actor=county.member_a, lecture=lecture, status="held")
    with pytest.raises(PermissionDenied):
        lecture_services.lecture_rate(actor=county.member_a, lecture=lecture, score=5)
    with pytest.raises(ValidationError):
        lecture_services.lecture_rate(actor=listener, lecture=lecture, score=6)
    lecture_services.lecture_rate(actor=listener, lecture=lecture, score=3)
    lecture_services.lecture_rate(actor=listener, lecture=lecture, score=4)  # replaces
    second = _listener(county, "听众乙")
    lecture_services.lecture_rate(actor=second, lecture=lecture, score=5)
    assert LectureRating.objects.unscoped("test").count() == 2
    shown = lecture_selectors.lecture_get(listener, lecture.pk)
    assert (shown.rating, shown.raters) == (4.5, 2)


def test_rating_through_the_page_refuses_a_bad_score_with_a_message(client, county):
    lecture = _lecture(county, status="held")
    client.force_login(_listener(county))
    response = client.post(reverse("study:lecture-rate", args=[lecture.pk]), {"score": 9})
    assert response.status_code == 400
    assert not LectureRating.objects.unscoped("test").exists()


def test_every_cadre_lectures_once_a_year_hand_count(client, county, both_townships):
    year = timezone.localdate().year
    cadre_a = make_person(county.superuser, county.village_a1, "村主任甲", cadre_position="村主任")
    county.person_a.cadre_position = "村支书"
    county.person_a.save()
    # person_a: one held this year, one cancelled; cadre_a: one held last year only.
    _lecture(county, status="held")
    _lecture(county, status="cancelled")
    lecture_services.lecture_schedule(
        actor=county.secretary_a,
        lecturer=cadre_a,
        title="去年的课",
        starts_at=timezone.now().replace(year=year - 1),
        status="held",
    )
    rows = lecture_selectors.lecture_report(county.secretary_a, county.township_a, year)
    assert [(r.name, r.held, r.meets_rule) for r in rows] == [
        ("张甲", 1, True),
        ("村主任甲", 0, False),
    ]  # person_a2 has no position: not a cadre, not listed
    client.force_login(county.secretary_b)
    body = client.get(reverse("study:lecture-report")).content.decode()
    assert "村主任甲" not in body and "张甲" not in body


def test_outstanding_lectures_list_needs_enough_listeners(client, county):
    good = _lecture(county, title="好课", status="held")
    few = _lecture(county, title="少人评", status="held")
    listeners = [_listener(county, f"听众{i}") for i in range(3)]
    for listener in listeners:
        lecture_services.lecture_rate(actor=listener, lecture=good, score=4)
    lecture_services.lecture_rate(actor=listeners[0], lecture=few, score=5)
    client.force_login(county.dept_admin)
    content = client.get(reverse("study:award-list", args=["lectures", "xlsx"])).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [(1, "好课", 4, 3)]  # "少人评" has 1 rater
    assert client.get(reverse("study:award-list", args=["lectures", "pdf"])).status_code == 404
    client.force_login(county.secretary_a)  # secretaries do not score
    assert client.get(reverse("study:award-list", args=["lectures", "xlsx"])).status_code == 403
