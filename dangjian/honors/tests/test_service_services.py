"""党员百时奉献 services: self-reported hours (overlap refused naming the record, each bad
input with its own message and nothing saved), verification (who, which transitions, the
audit), the pace across a year boundary counted by hand, and only verified hours counting."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangjian.conftest import make_person, make_user
from dangjian.honors import service_pace as pace
from dangjian.honors import service_selectors as selectors
from dangjian.honors import service_services as services
from dangjian.honors.models import ServiceRecord
from dangjian.honors.tests import fixtures_service as fx
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.orgs.scoping import Role

# Noon in Shanghai on Sunday 15 November 2026.
NOON = datetime.datetime(2026, 11, 15, 4, tzinfo=datetime.UTC)
DAY = datetime.date(2026, 11, 14)
T = datetime.time.fromisoformat


@pytest.fixture
def at_noon():
    with time_machine.travel(NOON, tick=False), translation.override("en"):
        yield


def _rows():
    return ServiceRecord.objects.unscoped("test")


def report(county, **fields):
    data = {"date": DAY, "start": T("09:00"), "end": T("11:30"), "activity": "清扫村道"}
    return services.record_report(actor=county.member_a, **(data | fields))


def test_a_report_is_pending_with_its_hours(county, at_noon):
    record = report(county, start=T("09:10"), end=T("11:30"), beneficiary="村民")
    # 140 minutes / 60 = 2.333… → 2.33
    assert (record.hours, record.status, record.org) == (D("2.33"), "pending", county.village_a1)
    assert AuditEntry.objects.unscoped("test").filter(action="honors.service.report").count() == 1


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        ("08:00", "09:01", True),  # ends a minute into the first
        ("11:29", "12:00", True),  # starts a minute before the first ends
        ("09:30", "10:00", True),  # inside
        ("08:00", "12:00", True),  # around
        ("08:00", "09:00", False),  # ends as the first begins
        ("11:30", "12:30", False),  # begins as the first ends
    ],
)
def test_overlapping_hours_are_refused_naming_the_record(county, at_noon, start, end, overlaps):
    report(county)  # 09:00–11:30
    if not overlaps:
        report(county, start=T(start), end=T(end))
        assert _rows().count() == 2
        return
    with pytest.raises(ValidationError) as caught:
        report(county, start=T(start), end=T(end), activity="第二次")
    (message,) = caught.value.message_dict["start"]
    assert "2026-11-14, 09:00–11:30" in message and "清扫村道" in message
    assert _rows().count() == 1


def test_a_rejected_record_does_not_block_the_hours_but_a_verified_one_does(county, at_noon):
    fx.record(county.person_a, DAY, "09:00", "10:00", status="rejected")
    report(county, start=T("09:00"), end=T("10:00"))
    with pytest.raises(ValidationError, match="overlap"):
        report(county, start=T("09:30"), end=T("10:30"))
    # Another member's hours are theirs: no overlap across members.
    other = make_person(county.superuser, county.village_a1, "王甲二")
    fx.record(other, DAY, "13:00", "15:00")
    report(county, start=T("13:00"), end=T("15:00"))


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"date": datetime.date(2026, 11, 16)}, "date", "today is 2026-11-15"),
        ({"date": datetime.date(2026, 9, 15)}, "date", "before 2026-09-16"),
        ({"start": T("10:00"), "end": T("09:00")}, "end", "must be after the start (10:00)"),
        ({"start": T("10:00"), "end": T("10:00")}, "end", "must be after the start"),
        ({"start": T("06:00"), "end": T("18:30")}, "end", "12.50 hours in one record"),
        (
            {"date": datetime.date(2026, 11, 15), "start": T("11:00"), "end": T("13:00")},
            "end",
            "not ended yet (now is 12:00)",
        ),
        ({"activity": "  "}, "activity", "required"),
        ({"activity": "x" * 201}, "activity", "201 characters"),
        ({"beneficiary": "x" * 121}, "beneficiary", "121 characters"),
        ({"date": None}, "date", "required"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(county, at_noon, fields, field, words):
    with pytest.raises(ValidationError) as caught:
        report(county, **fields)
    assert words in " ".join(caught.value.message_dict[field])
    assert not _rows().exists()


def test_the_oldest_day_still_reported_is_sixty_days_back(county, at_noon):
    assert report(county, date=datetime.date(2026, 9, 16)).pk


def test_only_members_report(county, at_noon):
    with pytest.raises(PermissionDenied, match="not linked"):
        services.record_report(
            actor=county.secretary_a, date=DAY, start=T("09:00"), end=T("10:00"), activity="x"
        )
    applicant = make_person(county.superuser, county.village_a1, "申请人", party_status="applicant")
    user = make_user("applicant", (Role.MEMBER, county.village_a1))
    applicant.user = user
    applicant.save()
    with pytest.raises(PermissionDenied, match="full and probationary"):
        services.record_report(actor=user, date=DAY, start=T("09:00"), end=T("10:00"), activity="x")
    assert not _rows().exists()


def test_evidence_photo_is_re_encoded_with_a_thumbnail(
    county, at_noon, settings, tmp_path, django_capture_on_commit_callbacks
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "red").save(buffer, "JPEG")
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        record = report(county, evidence=upload)
    assert record.evidence.name.endswith(".jpg") and record.evidence_thumbnail.name
    with record.evidence_thumbnail.open("rb") as thumb:
        assert max(Image.open(thumb).size) == 320
    with pytest.raises(ValidationError) as caught:
        report(county, start=T("13:00"), evidence=SimpleUploadedFile("x.jpg", b"not a picture"))
    assert "Pillow" in " ".join(caught.value.message_dict["evidence"])
    assert _rows().count() == 1


def test_verification_by_the_members_secretary_with_notice_and_audit(county, at_noon):
    record = report(county)
    with pytest.raises(ValidationError) as caught:
        services.record_verify(actor=county.secretary_a, record=record, decision="rejected")
    assert "Say why" in caught.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as caught:
        services.record_verify(actor=county.secretary_a, record=record, decision="maybe")
    assert "Choose" in caught.value.message_dict["decision"][0]
    services.record_verify(actor=county.secretary_a, record=record, decision="verified")
    record.refresh_from_db()
    assert (record.status, record.verified_by) == ("verified", county.secretary_a)
    notice = Notice.objects.get(recipient=county.member_a)
    assert "verified" in notice.subject
    # Verified → only rejected (with reason): the correction is audited old → new.
    with pytest.raises(ValidationError, match="already verified"):
        services.record_verify(actor=county.dept_admin, record=record, decision="verified")
    services.record_verify(
        actor=county.dept_admin, record=record, decision="rejected", reason="照片与时间不符"
    )
    entry = AuditEntry.objects.unscoped("test").filter(action="honors.service.verify").first()
    assert entry.data["status"] == ["verified", "rejected"]
    assert entry.data["reason"] == "照片与时间不符"
    with pytest.raises(ValidationError, match="already rejected"):
        services.record_verify(
            actor=county.dept_admin, record=record, decision="rejected", reason="x"
        )


def test_who_may_not_verify(county, at_noon):
    record = report(county)
    # Township B's secretary does not see it; the inspector of B neither; the member sees it
    # but may not change it.
    for actor in (county.secretary_b, county.inspector_b):
        with pytest.raises(ServiceRecord.DoesNotExist):
            services.record_verify(actor=actor, record=record, decision="verified")
    with pytest.raises(PermissionDenied):
        services.record_verify(actor=county.member_a, record=record, decision="verified")
    # A member who is also a secretary of their own township never verifies their own hours.
    from dangjian.orgs.models import RoleAssignment

    RoleAssignment.objects.create(user=county.member_a, role=Role.SECRETARY, org=county.township_a)
    county.member_a._dangjian_grants = None
    with pytest.raises(PermissionDenied, match="own"):
        services.record_verify(actor=county.member_a, record=record, decision="verified")
    record.refresh_from_db()
    assert record.status == "pending"


def test_withdraw_only_own_pending(county, at_noon):
    record = report(county)
    with pytest.raises(PermissionDenied):
        services.record_withdraw(actor=county.secretary_a, record=record)
    services.record_verify(actor=county.secretary_a, record=record, decision="verified")
    record.refresh_from_db()
    with pytest.raises(ValidationError, match="waiting"):
        services.record_withdraw(actor=county.member_a, record=record)
    second = report(county, start=T("13:00"), end=T("14:00"))
    services.record_withdraw(actor=county.member_a, record=second)
    assert list(_rows().values_list("pk", flat=True)) == [record.pk]


def test_pace_by_hand():
    assert pace.hours_between(T("09:10"), T("11:30")) == D("2.33")
    assert pace.hours_between(T("20:00"), T("23:59")) == D("3.98")  # 239 / 60
    assert pace.expected_hours(2026, datetime.date(2026, 12, 31)) == D("100.00")
    assert pace.expected_hours(2026, datetime.date(2027, 1, 1)) == D(100)  # a past year
    assert pace.expected_hours(2027, datetime.date(2026, 12, 31)) == D(0)  # not begun
    # 1 January: 100 × 1/365 = 0.2739… → 0.27; 29 February 2028: 100 × 60/366 = 16.393… → 16.39
    assert pace.expected_hours(2027, datetime.date(2027, 1, 1)) == D("0.27")
    assert pace.expected_hours(2028, datetime.date(2028, 2, 29)) == D("16.39")


def test_progress_and_pace_across_the_year_boundary(county):
    person = county.person_a
    fx.record(person, datetime.date(2026, 12, 31), "20:00", "23:30")  # 3.5 h, 2026 only
    fx.record(person, datetime.date(2026, 6, 1), "08:00", "13:00", status="rejected")
    fx.hours_record(person, datetime.date(2026, 3, 2), 10)
    fx.hours_record(person, datetime.date(2027, 1, 1), 2)
    fx.hours_record(person, datetime.date(2027, 1, 2), 1, status="pending")
    today = datetime.date(2027, 1, 10)
    last = selectors.progress_of(person, 2026, today)
    # 3.5 + 10 verified (the rejected 5 h count nowhere); a past year is due in full.
    assert (last.verified, last.pending, last.expected) == (D("13.50"), D(0), D(100))
    assert not last.on_pace
    this = selectors.progress_of(person, 2027, today)
    # 10 days of 365: 100 × 10 / 365 = 2.7397… → 2.74; 2 verified < 2.74: behind.
    assert (this.verified, this.pending, this.expected) == (D("2.00"), D("1.00"), D("2.74"))
    assert not this.on_pace
    fx.record(person, datetime.date(2027, 1, 5), "08:00", "08:45")  # 0.75 → 2.75 ≥ 2.74
    assert selectors.progress_of(person, 2027, today).on_pace


def test_only_verified_hours_count_toward_the_target(county):
    person = county.person_a
    for month in range(1, 11):  # 10 × 10 h pending, then 9 of them verified
        fx.hours_record(person, datetime.date(2026, month, 3), 10, status="pending")
    progress = selectors.progress_of(person, 2026, datetime.date(2026, 12, 31))
    assert (progress.verified, progress.pending, progress.reached) == (D(0), D(100), False)
    _rows().filter(date__month__lte=9).update(status="verified")
    progress = selectors.progress_of(person, 2026, datetime.date(2026, 12, 31))
    assert (progress.verified, progress.reached) == (D(90), False)
    _rows().filter(date__month=10).update(status="verified")
    assert selectors.progress_of(person, 2026, datetime.date(2026, 12, 31)).reached
