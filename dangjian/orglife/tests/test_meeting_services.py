"""Recording a meeting (三会一课台账): each rule and each bad input, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.conftest import make_person, make_user
from dangjian.orglife import meeting_services as services
from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.models import Meeting, MeetingAttachment, MeetingAttendance
from dangjian.orglife.tests.matrix_meeting import meeting
from dangjian.orgs import services as org_services
from dangjian.orgs.models import AuditEntry

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def meeting_dir(settings, tmp_path):
    settings.DANGJIAN_MEETING_DIR = tmp_path / "meetings"
    return tmp_path / "meetings"


def _meetings():
    return Meeting.objects.unscoped("test")


def _rows(m):
    return {
        row.person_id: (row.status, row.reason)
        for row in MeetingAttendance.objects.unscoped("test").filter(meeting=m)
    }


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_members_left_off_the_list_are_recorded_absent(county):
    second = make_person(county.superuser, county.village_a1, "王甲二")
    m = meeting(county, attendance=[(county.person_a.pk, "present", "")])
    assert _rows(m) == {county.person_a.pk: ("present", ""), second.pk: ("absent", "")}
    entry = AuditEntry.objects.unscoped("test").get(action="orglife.meeting.create")
    assert entry.data["attendance"] == {"present": 1, "leave": 0, "absent": 1}


def test_attendee_from_another_org_is_refused_by_name_and_nothing_is_saved(county):
    with pytest.raises(ValidationError) as refused:
        meeting(
            county,
            attendance=[(county.person_a.pk, "present", ""), (county.person_b.pk, "present", "")],
        )
    assert "attendance" in refused.value.message_dict
    assert county.person_b.name in _messages(refused.value)
    assert county.village_a1.name in _messages(refused.value)
    assert not _meetings().exists()
    assert not MeetingAttendance.objects.unscoped("test").exists()


def test_membership_counts_on_the_meetings_day(county):
    """A person who joined after the day, or left before it, was not a member that day."""
    newcomer = make_person(county.superuser, county.village_b1, "赵新来")
    org_services.person_transfer(
        actor=county.superuser, person=newcomer, to_org=county.village_a1, on=TODAY()
    )
    yesterday = TODAY() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        meeting(county, held_on=yesterday, attendance=[(newcomer.pk, "present", "")])
    assert newcomer.name in _messages(refused.value)
    m = meeting(county, held_on=TODAY(), attendance=[(newcomer.pk, "present", "")])
    assert _rows(m)[newcomer.pk] == ("present", "")
    # On the day before the transfer the newcomer is still expected in village B1.
    b = meeting(county, org=county.village_b1, held_on=yesterday, attendance=[])
    assert _rows(b)[newcomer.pk] == ("absent", "")


def test_who_left_the_party_before_the_day_is_not_expected(county):
    from dangjian.orgs.models import Person

    gone = make_person(county.superuser, county.village_a1, "周已故")
    yesterday = TODAY() - datetime.timedelta(days=1)
    Person.objects.unscoped("test").filter(pk=gone.pk).update(
        exit_status="deceased", exit_on=yesterday, is_active=False
    )
    m = meeting(county)
    assert gone.pk not in _rows(m)
    earlier = meeting(county, held_on=yesterday)
    assert _rows(earlier)[gone.pk] == ("absent", "")


def test_leave_needs_a_reason(county):
    with pytest.raises(ValidationError) as refused:
        meeting(county, attendance=[(county.person_a.pk, "leave", "  ")])
    assert f"reason_{county.person_a.pk}" in refused.value.message_dict
    assert county.person_a.name in _messages(refused.value)
    assert not _meetings().exists()
    m = meeting(county, attendance=[(county.person_a.pk, "leave", "外出务工")])
    assert _rows(m) == {county.person_a.pk: ("leave", "外出务工")}


def test_a_reason_is_kept_only_for_leave(county):
    m = meeting(county, attendance=[(county.person_a.pk, "present", "无关")])
    assert _rows(m) == {county.person_a.pk: ("present", "")}


def test_unknown_status_is_refused(county):
    with pytest.raises(ValidationError) as refused:
        meeting(county, attendance=[(county.person_a.pk, "late", "")])
    assert f"status_{county.person_a.pk}" in refused.value.message_dict


def test_date_today_is_accepted_tomorrow_refused(county):
    assert rules.MEETING_DAYS_AHEAD == 0
    with pytest.raises(ValidationError) as refused:
        meeting(county, held_on=TODAY() + datetime.timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    assert not _meetings().exists()
    assert meeting(county, held_on=TODAY()).held_on == TODAY()


def test_a_party_lecture_needs_its_lecturer(county):
    with pytest.raises(ValidationError) as refused:
        meeting(county, kind="party_lecture", lecturer=" ")
    assert "lecturer" in refused.value.message_dict
    m = meeting(county, kind="party_lecture", lecturer="县委党校 王老师")
    assert m.lecturer == "县委党校 王老师"
    # Other kinds keep no lecturer.
    assert meeting(county, kind="theme_day", lecturer="某人").lecturer == ""


def test_a_topic_is_needed(county):
    with pytest.raises(ValidationError) as refused:
        meeting(county, topic="  ")
    assert "topic" in refused.value.message_dict


@pytest.mark.parametrize(
    ("org_name", "kind"),
    [
        ("village_a1", "group"),  # a branch does not record its groups' meetings
        ("group_a1", "committee"),  # a 党小组 holds only 党小组会
        ("township_a", "theme_day"),  # a 党委 holds none of the branch kinds
    ],
)
def test_kinds_an_org_type_does_not_hold_are_refused(county, org_name, kind):
    with pytest.raises(ValidationError) as refused:
        meeting(county, org=getattr(county, org_name), kind=kind)
    assert "kind" in refused.value.message_dict


def test_committee_meeting_expects_only_those_listed(county):
    second = make_person(county.superuser, county.village_a1, "王甲二")
    m = meeting(county, kind="committee", attendance=[(county.person_a.pk, "present", "")])
    assert _rows(m) == {county.person_a.pk: ("present", "")}
    assert second.pk not in _rows(m)


def test_group_without_members_of_its_own_takes_the_branch_members_listed(county):
    make_person(county.superuser, county.village_a1, "王甲二")
    m = meeting(
        county,
        org=county.group_a1,
        kind="group",
        attendance=[(county.person_a.pk, "leave", "病假")],
    )
    assert _rows(m) == {county.person_a.pk: ("leave", "病假")}
    with pytest.raises(ValidationError):
        meeting(
            county,
            org=county.group_a1,
            kind="group",
            attendance=[(county.person_b.pk, "present", "")],
        )


def test_an_empty_list_is_refused_where_only_listed_people_count(county):
    with pytest.raises(ValidationError) as refused:
        meeting(county, kind="committee", attendance=[])
    assert "attendance" in refused.value.message_dict


def test_host_must_be_a_member(county):
    with pytest.raises(ValidationError) as refused:
        meeting(county, host=county.person_b)
    assert county.person_b.name in _messages(refused.value)
    assert meeting(county, host=county.person_a).host_id == county.person_a.pk


def test_only_who_may_change_the_org_records(county):
    for user in (county.secretary_b, county.member_a, county.inspector_b):
        with pytest.raises(PermissionDenied):
            services.meeting_create(
                actor=user,
                org=county.village_a1,
                kind="theme_day",
                held_on=TODAY(),
                topic="x",
                attendance=[(county.person_a.pk, "present", "")],
            )
    branch_secretary = make_user("sec_a1", ("secretary", county.village_a1))
    created = services.meeting_create(
        actor=branch_secretary,
        org=county.village_a1,
        kind="committee",
        held_on=TODAY(),
        topic="支委会",
        attendance=[(county.person_a.pk, "present", "")],
    )
    assert created.recorded_by == branch_secretary


def test_update_replaces_the_list_and_is_audited(county):
    second = make_person(county.superuser, county.village_a1, "王甲二")
    m = meeting(county)
    services.meeting_update(
        actor=county.secretary_a,
        meeting=m,
        kind="theme_day",
        held_on=m.held_on,
        topic="改过的主题",
        attendance=[(second.pk, "present", ""), (county.person_a.pk, "leave", "病假")],
    )
    m.refresh_from_db()
    assert m.topic == "改过的主题"
    assert _rows(m) == {county.person_a.pk: ("leave", "病假"), second.pk: ("present", "")}
    assert AuditEntry.objects.unscoped("test").filter(action="orglife.meeting.update").count() == 1
    with pytest.raises(PermissionDenied):
        services.meeting_update(
            actor=county.secretary_b,
            meeting=m,
            kind="theme_day",
            held_on=m.held_on,
            topic="乙",
            attendance=[],
        )


def _photo(name="现场.jpg", size=10):
    return SimpleUploadedFile(name, b"x" * size, content_type="image/jpeg")


def test_files_are_written_after_the_commit(
    county, meeting_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        m = meeting(county, files=[_photo(), _photo("记录.pdf")])
    (photo, record) = MeetingAttachment.objects.unscoped("test").filter(meeting=m)
    assert (photo.name, photo.size) == ("现场.jpg", 10)
    assert not meeting_dir.exists() or not any(meeting_dir.rglob("*.*"))
    for callback in callbacks:
        callback()
    assert photo.file.open("rb").read() == b"x" * 10
    assert record.file.name.endswith(".pdf")


def test_refused_meeting_leaves_no_file(county, meeting_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        meeting(county, files=[_photo()], attendance=[(county.person_b.pk, "present", "")])
    assert not MeetingAttachment.objects.unscoped("test").exists()
    assert not meeting_dir.exists() or not any(meeting_dir.rglob("*.*"))


def test_file_type_size_and_count_are_bounded(county, monkeypatch):
    with pytest.raises(ValidationError) as refused:
        meeting(county, files=[_photo("病毒.exe")])
    assert "病毒.exe" in _messages(refused.value)
    limits = rules.ATTACHMENTS
    monkeypatch.setattr(rules, "ATTACHMENTS", dataclasses.replace(limits, max_bytes=9))
    with pytest.raises(ValidationError) as refused:
        meeting(county, files=[_photo(size=10)])
    assert "files" in refused.value.message_dict
    monkeypatch.setattr(rules, "ATTACHMENTS", dataclasses.replace(limits, max_bytes=10))
    m = meeting(county, files=[_photo(size=10)])
    monkeypatch.setattr(rules, "ATTACHMENTS", dataclasses.replace(limits, max_files=1))
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=county.superuser,
            meeting=m,
            kind=m.kind,
            held_on=m.held_on,
            topic=m.topic,
            attendance=[(county.person_a.pk, "present", "")],
            files=[_photo()],
        )
    assert not _meetings().exclude(pk=m.pk).exists()
