"""Services of the rectification ledger: listing, reporting (the shared report rules), the
issuing level's close and return, every transition, permissions, bad input, nothing partial."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.conftest import make_person
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.work import rect_services as services
from dangjian.work.models import (
    Rectification,
    RectificationDeadlineChange,
    RectificationEvidence,
    RectificationReport,
)
from dangjian.work.tests.matrix_rect import rect, reported
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db


def _rows(model):
    return model.objects.unscoped("test")


def _audits(action: str) -> int:
    return AuditEntry.objects.unscoped("test").filter(action=action).count()


def _create(county, actor=None, **extra):
    today = local_today()
    fields = {
        "org": county.village_a1,
        "issued_by": county.township_a,
        "source": "inspection",
        "problem": "村务公开栏内容未及时更新",
        "measures": "每月5日前更新公开栏",
        "responsible": county.person_a,
        "deadline": today + datetime.timedelta(days=30),
        "found_on": today,
    } | extra
    return services.rect_create(actor=actor or county.secretary_a, **fields)


def test_create_lists_the_problem_audits_and_tells_the_responsible_person(
    county, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = _create(county)
    assert row.first_deadline == row.deadline and row.status == "open"
    assert row.created_by == county.secretary_a
    assert _audits("work.rectification.create") == 1
    notice = Notice.objects.get(recipient=county.member_a)
    assert notice.link.endswith(f"/rectifications/{row.pk}/") and notice.due_on == row.deadline


def test_create_refuses_each_bad_field_by_name_and_saves_nothing(county):
    today = local_today()
    with pytest.raises(ValidationError) as error:
        _create(
            county,
            org=county.village_b1,
            responsible=None,
            problem=" ",
            measures="",
            source="rumour",
            deadline=today - datetime.timedelta(days=1),
            found_on=today + datetime.timedelta(days=1),
        )
    errors = error.value.message_dict
    assert set(errors) == {"org", "problem", "measures", "source", "deadline", "found_on"}
    assert "乙一村党支部" in errors["org"][0] and "甲镇党委" in errors["org"][0]
    assert "deadline" in errors and "found_on" in errors
    assert not _rows(Rectification).exists()
    assert _audits("work.rectification.create") == 0


def test_create_refuses_a_responsible_person_outside_the_organization(county):
    with pytest.raises(ValidationError) as error:
        _create(county, responsible=county.person_b)
    assert "李乙" in error.value.message_dict["responsible"][0]


def test_create_needs_change_at_the_issuing_level(county):
    # Township A's secretary may not list problems in the county's name.
    with pytest.raises(PermissionDenied, match="示范县委"):
        _create(county, issued_by=county.root)
    with pytest.raises(PermissionDenied):
        _create(
            county, actor=county.inspector_b, org=county.village_b1, issued_by=county.village_b1
        )
    assert not _rows(Rectification).exists()


def test_report_partly_then_done_then_close(county, django_capture_on_commit_callbacks):
    row = rect(county)
    services.rect_report(actor=county.member_a, rect=row, outcome="partly", text="补了一半")
    row.refresh_from_db()
    assert row.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        report = services.rect_report(
            actor=county.member_a, rect=row, outcome="done", text="全部补齐"
        )
    row.refresh_from_db()
    assert row.status == "reported" and not report.on_behalf and not report.was_overdue
    # The issuing level (township A's secretary) is told it waits for acceptance.
    assert Notice.objects.filter(recipient=county.secretary_a).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.rect_close(actor=county.secretary_a, rect=row, note="验收合格")
    row.refresh_from_db()
    assert row.status == "closed" and row.closed_by == county.secretary_a
    assert row.acceptance_note == "验收合格" and row.closed_at is not None
    assert _audits("work.rectification.report") == 2
    assert _audits("work.rectification.close") == 1
    # Closed: nothing more is reported on it.
    with pytest.raises(ValidationError, match="销号"):
        services.rect_report(actor=county.member_a, rect=row, outcome="partly", text="再报")
    assert _rows(RectificationReport).count() == 2


def test_return_reopens_a_reported_row_with_the_reason(county):
    row = reported(county)
    with pytest.raises(ValidationError) as error:
        services.rect_return(actor=county.secretary_a, rect=row, note=" ")
    assert "note" in error.value.message_dict
    services.rect_return(actor=county.secretary_a, rect=row, note="记录缺少签字")
    row.refresh_from_db()
    assert row.status == "open" and row.acceptance_note == "记录缺少签字"
    assert _audits("work.rectification.return") == 1
    # Open again: it can be reported on again.
    services.rect_report(actor=county.member_a, rect=row, outcome="done", text="已补签字")


def test_a_reported_row_waits_for_acceptance(county):
    row = reported(county)
    with pytest.raises(ValidationError, match=r"awaits verification|等待核销"):
        services.rect_report(actor=county.member_a, rect=row, outcome="partly", text="x")


def test_close_only_a_reported_row_and_only_by_the_issuing_level(county):
    row = rect(county)
    with pytest.raises(ValidationError) as error:
        services.rect_close(actor=county.secretary_a, rect=row)
    assert "status" in error.value.message_dict
    row = reported(county)
    # Issued by the county: township A's secretary sees it but may not accept it (403).
    county_row = reported(county, issued_by=county.root)
    with pytest.raises(PermissionDenied, match="示范县委"):
        services.rect_close(actor=county.secretary_a, rect=county_row)
    with pytest.raises(PermissionDenied):
        services.rect_close(actor=county.member_a, rect=row)
    with pytest.raises(Rectification.DoesNotExist):
        services.rect_close(actor=county.secretary_b, rect=row)
    services.rect_close(actor=county.dept_admin, rect=county_row)
    row.refresh_from_db()
    assert row.status == "reported"


def test_secretary_reports_on_the_owners_behalf_member_not_responsible_may_not(county):
    row = rect(county)
    report = services.rect_report(actor=county.secretary_a, rect=row, outcome="partly", text="代报")
    assert report.on_behalf and report.reported_by == county.secretary_a
    other = make_person(county.superuser, county.village_a1, "王甲二")
    not_theirs = rect(county, owner=other)
    # member_a does not even see a row they are not responsible for.
    with pytest.raises(Rectification.DoesNotExist):
        services.rect_report(actor=county.member_a, rect=not_theirs, outcome="partly", text="x")
    with pytest.raises(Rectification.DoesNotExist):
        services.rect_report(actor=county.secretary_b, rect=row, outcome="partly", text="x")
    # The inspector of township A's chain? None: an inspector of B sees nothing of A.
    assert _rows(RectificationReport).count() == 1


def test_not_done_report_names_each_missing_field_and_keeps_the_deadline_change(county):
    row = rect(county)
    with pytest.raises(ValidationError) as error:
        services.rect_report(actor=county.member_a, rect=row, outcome="not_done", text="未完成")
    assert set(error.value.message_dict) == {"reason", "measures", "new_deadline"}
    today = local_today()
    with pytest.raises(ValidationError) as error:
        services.rect_report(
            actor=county.member_a,
            rect=row,
            outcome="not_done",
            text="未完成",
            reason="资料缺失",
            measures="补充收集",
            new_deadline=today - datetime.timedelta(days=1),
        )
    assert "new_deadline" in error.value.message_dict
    assert not _rows(RectificationReport).exists()
    new = row.deadline + datetime.timedelta(days=15)
    services.rect_report(
        actor=county.member_a,
        rect=row,
        outcome="not_done",
        text="未完成",
        reason="资料缺失",
        measures="补充收集",
        new_deadline=new,
    )
    row.refresh_from_db()
    change = _rows(RectificationDeadlineChange).get()
    assert (change.old_deadline, change.new_deadline) == (row.first_deadline, new)
    assert row.deadline == new and change.reason == "资料缺失"


def test_an_overdue_row_needs_the_explanation_even_for_done(county):
    row = rect(county, days=-2)
    with pytest.raises(ValidationError) as error:
        services.rect_report(actor=county.member_a, rect=row, outcome="done", text="完成")
    assert set(error.value.message_dict) == {"reason", "measures", "new_deadline"}
    report = services.rect_report(
        actor=county.member_a,
        rect=row,
        outcome="done",
        text="完成",
        reason="村干部外出",
        measures="已补齐",
        new_deadline=local_today(),
    )
    assert report.was_overdue


def test_evidence_files_bounded_in_type_size_and_number(county, settings, tmp_path):
    settings.DANGJIAN_WORK_DIR = str(tmp_path)
    row = rect(county)
    bad = [
        SimpleUploadedFile("a.exe", b"MZ"),
        SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1)),
    ]
    with pytest.raises(ValidationError) as error:
        services.rect_report(actor=county.member_a, rect=row, outcome="partly", text="x", files=bad)
    messages = error.value.message_dict["files"]
    assert any("a.exe" in m for m in messages) and any("big.pdf" in m for m in messages)
    many = [SimpleUploadedFile(f"{i}.png", b"\x89PNG") for i in range(6)]
    with pytest.raises(ValidationError, match="5"):
        services.rect_report(
            actor=county.member_a, rect=row, outcome="partly", text="x", files=many
        )
    assert not _rows(RectificationReport).exists()


def test_evidence_written_after_the_commit(
    county, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DANGJIAN_WORK_DIR = str(tmp_path)
    row = rect(county)
    with django_capture_on_commit_callbacks(execute=True):
        services.rect_report(
            actor=county.member_a,
            rect=row,
            outcome="partly",
            text="x",
            files=[SimpleUploadedFile("记录.pdf", b"%PDF-1.4")],
        )
    evidence = _rows(RectificationEvidence).get()
    assert evidence.name == "记录.pdf" and evidence.size == 8
    assert evidence.file.open("rb").read() == b"%PDF-1.4"
