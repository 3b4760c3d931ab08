"""Seminars, tutorials and study trips: participants, problems and fixes, reflections owed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dangjian.notices.models import Notice
from dangjian.orgs.models import Organization
from dangjian.study import event_selectors, event_services, services
from dangjian.study.models import EventIssue, Note, StudyEvent

MAY_DAY = datetime.date(2026, 5, 1)


def _trip(county, participants):
    return event_services.event_create(
        actor=county.secretary_a,
        org=county.township_a,
        participants=participants,
        kind="trip",
        topic="赴红色教育基地考察学习",
        starts_on=MAY_DAY,
        ends_on=MAY_DAY + datetime.timedelta(days=1),
    )


def test_an_event_needs_participants_of_its_own_subtree(county):
    with pytest.raises(ValidationError) as error:
        _trip(county, [])
    assert "participants" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _trip(county, [county.person_a, county.person_b])  # 李乙 belongs to township B
    assert county.person_b.name in str(error.value.message_dict["participants"])
    with pytest.raises(ValidationError) as error:
        event_services.event_create(
            actor=county.secretary_a,
            org=county.township_a,
            participants=[county.person_a],
            kind="seminar",
            topic="座谈",
            starts_on=MAY_DAY,
            ends_on=MAY_DAY - datetime.timedelta(days=1),
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(Organization.DoesNotExist):
        event_services.event_create(
            actor=county.secretary_b,
            org=county.township_a,
            participants=[county.person_a],
            kind="seminar",
            topic="x",
            starts_on=MAY_DAY,
        )
    assert not StudyEvent.objects.unscoped("test").exists()


def test_trip_reflections_are_asked_for_and_tracked(
    client, county, both_townships, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        trip = _trip(county, [county.person_a, both_townships.person_a2])
    assert trip.reflection_required
    notice = Notice.objects.get(recipient=county.member_a)
    assert notice.due_on == MAY_DAY + datetime.timedelta(days=15)
    owed = event_selectors.participants_with_reflections(trip)
    assert [(p.name, n) for p, n in owed] == [("张甲", None), ("王甲二", None)]

    client.force_login(county.member_a)
    page = client.get(reverse("study:event-detail", args=[trip.pk])).content.decode()
    assert f"?kind=reflection&amp;event={trip.pk}" in page
    created = client.post(
        reverse("study:note-new"),
        {"title": "考察心得", "kind": "reflection", "body": "收获很大" * 20, "event": trip.pk},
    )
    assert created.status_code == 302
    note = Note.objects.unscoped("test").get()
    assert note.event == trip
    services.note_submit(actor=county.member_a, note=note)
    owed = event_selectors.participants_with_reflections(trip)
    assert [(p.name, n is not None) for p, n in owed] == [("张甲", True), ("王甲二", False)]


def test_a_reflection_on_an_event_one_did_not_attend_is_refused(county, both_townships):
    trip = _trip(county, [both_townships.person_a2])
    with pytest.raises(ValidationError) as error:
        services.note_create(
            actor=county.member_a, title="心得", body="学习" * 10, kind="reflection", event=trip
        )
    assert "event" in error.value.message_dict
    assert not Note.objects.unscoped("test").exists()


def test_problems_and_fixes(county):
    seminar = event_services.event_create(
        actor=county.secretary_a,
        org=county.village_a1,
        participants=[county.person_a],
        kind="seminar",
        topic="查摆问题座谈会",
        starts_on=MAY_DAY,
    )
    with pytest.raises(ValidationError) as error:
        event_services.issue_add(actor=county.secretary_a, event=seminar, problem=" ", measure="")
    assert set(error.value.message_dict) == {"problem", "measure"}
    with pytest.raises(PermissionDenied):
        event_services.issue_add(
            actor=county.member_a, event=seminar, problem="问题", measure="措施"
        )
    issue = event_services.issue_add(
        actor=county.secretary_a,
        event=seminar,
        problem="学习流于形式",
        measure="每月一个专题",
        owner="张甲",
        due_on=MAY_DAY + datetime.timedelta(days=30),
    )
    event_services.issue_done(actor=county.secretary_a, issue=issue)
    issue.refresh_from_db()
    assert issue.status == EventIssue.Status.DONE and issue.done_on is not None
