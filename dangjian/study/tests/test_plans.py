"""Study plans and readings: who may write them, one plan per organization and year, the
audit of a change, readings from an uploaded file, and who reads a published plan."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.orgs.models import AuditEntry, Organization
from dangjian.study import plan_services
from dangjian.study.models import Reading, StudyPlan


def test_one_plan_per_org_and_year_with_a_specific_message(county):
    plan_services.plan_create(
        actor=county.secretary_a, org=county.township_a, year=2026, title="甲"
    )
    with pytest.raises(ValidationError) as error:
        plan_services.plan_create(
            actor=county.secretary_a, org=county.township_a, year=2026, title="再一份"
        )
    assert "already has a plan" in str(error.value) or "已有学习计划" in str(error.value)
    assert StudyPlan.objects.unscoped("test").count() == 1


def test_only_the_orgs_chain_writes_its_plans(county):
    with pytest.raises(Organization.DoesNotExist):
        plan_services.plan_create(
            actor=county.secretary_b, org=county.township_a, year=2026, title="x"
        )
    with pytest.raises(PermissionDenied):
        plan_services.plan_create(
            actor=county.member_a, org=county.village_a1, year=2026, title="x"
        )
    with pytest.raises(PermissionDenied):  # inspectors read, they do not plan
        plan_services.plan_create(
            actor=county.inspector_b, org=county.township_b, year=2026, title="x"
        )
    assert not StudyPlan.objects.unscoped("test").exists()


def test_plan_change_is_audited_old_to_new_through_the_page(client, county):
    plan = plan_services.plan_create(
        actor=county.secretary_a, org=county.township_a, year=2026, title="甲镇计划"
    )
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("study:plan-edit", args=[plan.pk]),
        {
            "title": "甲镇计划",
            "readings_per_year": 12,
            "note_chars_per_month": 3000,
            "reflections_per_period": 2,
            "applies_to_positions": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.unscoped("test").get(action="study.plan.update")
    assert entry.data["changes"] == {
        "note_chars_per_month": [5000, 3000],
        "reflections_per_period": [1, 2],
    }


def test_reading_text_from_an_upload_and_bad_month(client, county):
    plan = plan_services.plan_create(
        actor=county.secretary_a, org=county.township_a, year=2026, title="甲镇计划"
    )
    client.force_login(county.secretary_a)
    url = reverse("study:reading-new", args=[plan.pk])
    upload = SimpleUploadedFile("讲话.txt", "在全县组织工作会议上的讲话全文".encode())
    fields = {"title": "讲话", "kind": "speech", "source": "县委", "month": 4, "file": upload}
    assert client.post(url, fields).status_code == 302
    assert Reading.objects.unscoped("test").get().body == "在全县组织工作会议上的讲话全文"
    bad = client.post(url, fields | {"month": 13, "file": ""})
    assert bad.status_code == 200 and bad.context["form"].errors["month"]
    assert Reading.objects.unscoped("test").count() == 1


def test_members_read_the_plans_of_their_chain_only(client, county):
    mine = plan_services.plan_create(
        actor=county.superuser, org=county.root, year=2026, title="全县学习计划"
    )
    other = plan_services.plan_create(
        actor=county.secretary_b, org=county.township_b, year=2026, title="乙镇学习计划"
    )
    client.force_login(county.member_a)
    assert client.get(reverse("study:plan-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("study:plan-detail", args=[other.pk])).status_code == 404
    listed = client.get(reverse("study:plan-list")).content.decode()
    assert "全县学习计划" in listed and "乙镇学习计划" not in listed
