"""People import in update mode (an export edited and imported back), and the template with
its example row, explanation sheet and drop-down lists."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.conftest import download_export
from dangjian.orgs import spreadsheets
from dangjian.orgs.models import ImportJob, Membership, Person
from dangjian.orgs.tests.test_imports import errors, person_row, xlsx


def run(client, user, content: bytes, mode: str, capture) -> ImportJob:
    client.force_login(user)
    upload = SimpleUploadedFile("data.xlsx", content)
    with capture(execute=True):
        response = client.post(
            reverse("orgs:import-upload", args=["people"]), {"file": upload, "mode": mode}
        )
    assert response.status_code == 302, response.content[:500]
    job = ImportJob.objects.unscoped("test").get(pk=int(response.url.rstrip("/").split("/")[-1]))
    assert client.get(response.url).status_code == 200
    return job


def edit(content: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    """The exported workbook with cells changed: {(person name, field): value}."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    fields = [c.field for c in spreadsheets.PEOPLE_COLUMNS]
    for row in sheet.iter_rows(min_row=2):
        for (name, field), value in changes.items():
            if row[0].value == name:
                row[fields.index(field)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(client, user) -> bytes:
    client.force_login(user)
    return download_export(client, reverse("orgs:person-export"))


def stored(person) -> Person:
    return Person.objects.unscoped("test").get(pk=person.pk)


def test_export_edit_import_changes_the_cell(client, county, django_capture_on_commit_callbacks):
    content = edit(export(client, county.dept_admin), {("张甲", "phone"): "139 0000 1111"})
    job = run(client, county.dept_admin, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    page = client.get(reverse("orgs:import-status", args=[job.pk])).content.decode()
    assert "新增 0 人，更新 1 人，未变 1 人" in page
    assert stored(county.person_a).phone == "13900001111"
    assert Person.objects.unscoped("test").count() == 2
    entry = county.person_a.pk
    from dangjian.orgs.models import AuditEntry

    update = AuditEntry.objects.unscoped("t").get(action="orgs.person.update", target_id=entry)
    assert update.data["changes"] == {"phone": ["***", "***"]}


def test_a_secretarys_masked_export_round_trips_unchanged(
    client, county, django_capture_on_commit_callbacks
):
    """A secretary's export masks ID-card numbers and birth days: imported back, the
    recorded values stay."""
    content = edit(export(client, county.secretary_a), {("张甲", "ethnicity"): "回族"})
    job = run(client, county.secretary_a, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    person = stored(county.person_a)
    assert (person.ethnicity, person.id_card, person.birth_date) == (
        "回族",
        "11010519491231002X",
        datetime.date(1949, 12, 31),
    )


def test_a_changed_masked_value_is_refused(client, county, django_capture_on_commit_callbacks):
    content = edit(export(client, county.secretary_a), {("张甲", "id_card"): "1101**********0000"})
    job = run(client, county.secretary_a, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(r, c) for r, c, _m in errors(job)] == [(2, "身份证号")]


def test_a_bad_row_saves_nothing_and_is_named(client, county, django_capture_on_commit_callbacks):
    make = {("张甲", "phone"): "139 0000 1111", ("李乙", "applied_on"): "2099-01-01"}
    content = edit(export(client, county.dept_admin), make)
    job = run(client, county.dept_admin, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    rows = [(r, c) for r, c, _m in errors(job)]
    assert rows[0] == (3, "申请入党日期") and {r for r, _c in rows} == {3}
    assert stored(county.person_a).phone == "13800138000"  # nothing partial


def test_a_stage_rule_broken_by_an_edit_is_reported(
    client, county, django_capture_on_commit_callbacks
):
    content = edit(export(client, county.dept_admin), {("张甲", "full_member_on"): None})
    job = run(client, county.dept_admin, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    ((row, column, message),) = errors(job)
    assert (row, column) == (2, "转正日期") and "正式党员" in message


def test_update_mode_adds_nobody_and_upsert_adds(
    client, county, django_capture_on_commit_callbacks
):
    exported = export(client, county.dept_admin)
    book = load_workbook(io.BytesIO(exported))
    book.worksheets[0].append(person_row(name="新来"))
    buffer = io.BytesIO()
    book.save(buffer)
    job = run(
        client, county.dept_admin, buffer.getvalue(), "update", django_capture_on_commit_callbacks
    )
    assert job.status == "failed"
    assert [r for r, _c, _m in errors(job)] == [4]
    job = run(
        client, county.dept_admin, buffer.getvalue(), "upsert", django_capture_on_commit_callbacks
    )
    assert job.status == "done", job.errors
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 0, 2)
    assert Person.objects.unscoped("test").filter(name="新来").exists()


def test_rows_match_on_the_id_card_number_without_a_person_number(
    client, county, django_capture_on_commit_callbacks
):
    row = person_row(name="张甲", gender="女", id_card="11010519491231002X", ethnicity="满族")
    job = run(client, county.dept_admin, xlsx([row]), "update", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert stored(county.person_a).ethnicity == "满族"


def test_another_townships_person_number_matches_nobody(
    client, county, django_capture_on_commit_callbacks
):
    row = person_row(name="李乙", org="A1", id=county.person_b.pk, ethnicity="满族")
    job = run(client, county.secretary_a, xlsx([row]), "upsert", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    ((_row, column, message),) = errors(job)
    assert column == "编号" and "李乙" not in message
    assert stored(county.person_b).ethnicity == ""


def test_a_change_of_organization_is_refused_as_a_transfer(
    client, county, django_capture_on_commit_callbacks
):
    content = edit(export(client, county.dept_admin), {("张甲", "org_code"): "A1G"})
    job = run(client, county.dept_admin, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(r, c) for r, c, _m in errors(job)] == [(2, "组织代码")]


def test_an_exit_in_the_sheet_goes_through_the_exit_service(
    client, county, django_capture_on_commit_callbacks
):
    content = edit(
        export(client, county.dept_admin),
        {("张甲", "exit_status"): "死亡", ("张甲", "exit_on"): "2024-02-01"},
    )
    job = run(client, county.dept_admin, content, "update", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    person = stored(county.person_a)
    assert (person.exit_status, person.is_active) == ("deceased", False)
    membership = Membership.objects.unscoped("t").get(person=person)
    assert membership.ended_on == datetime.date(2024, 2, 1)


def test_create_mode_ignores_the_person_number(client, county, django_capture_on_commit_callbacks):
    """The old round trip: export, remove everyone, import as new people."""
    exported = export(client, county.dept_admin)
    Person.objects.unscoped("test").all().delete()
    job = run(client, county.dept_admin, exported, "create", django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert job.created_count == 2


def test_exports_show_organization_names_beside_codes(client, county):
    sheet = load_workbook(io.BytesIO(export(client, county.dept_admin))).worksheets[0]
    header = [c.value for c in sheet[1]]
    code = header.index("组织代码")
    assert header[code + 1] == "组织名称"
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "张甲")
    assert (row[code], row[code + 1], row[header.index("编号")]) == (
        "A1",
        "甲一村党支部",
        county.person_a.pk,
    )
    orgs = load_workbook(
        io.BytesIO(download_export(client, reverse("orgs:org-export")))
    ).worksheets[0]
    header = [c.value for c in orgs[1]]
    parent = header.index("上级组织代码")
    assert header[parent + 1] == "上级组织名称"
    row = next(r for r in orgs.iter_rows(min_row=2, values_only=True) if r[0] == "A1")
    assert row[parent + 1] == "甲镇党委"


# ---- the template ----------------------------------------------------------------------------


@pytest.fixture
def template(client, county):
    client.force_login(county.secretary_a)
    return load_workbook(io.BytesIO(client.get(reverse("orgs:person-template")).content))


def test_template_has_an_example_row(template):
    sheet = template.worksheets[0]
    example = dict(zip(spreadsheets.headers("people"), [c.value for c in sheet[2]], strict=True))
    assert example["编号"] == "示例" and example["姓名"] and example["政治面貌"] == "正式党员"


def test_template_explains_each_column(template):
    explained = template["说明"]
    rows = list(explained.iter_rows(values_only=True))
    assert rows[0] == ("列", "含义", "格式", "可选值")
    by_column = {row[0]: row for row in rows[1:]}
    assert set(by_column) == set(spreadsheets.headers("people"))
    assert "男" in by_column["性别"][3] and "停止党籍" in by_column["离开原因"][3]
    assert "必填" in by_column["姓名"][1]


def test_template_has_drop_down_lists_for_coded_columns(template):
    sheet = template.worksheets[0]
    fields = [c.field for c in spreadsheets.PEOPLE_COLUMNS]
    from openpyxl.utils import get_column_letter

    listed = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    for field in ("gender", "party_status", "education", "exit_status"):
        assert f"{get_column_letter(fields.index(field) + 1)}2" in listed
    lists = template["列表"]
    assert lists.sheet_state == "hidden"


def test_the_example_row_is_not_imported(client, county, django_capture_on_commit_callbacks):
    client.force_login(county.secretary_a)
    content = client.get(reverse("orgs:person-template")).content
    job = run(client, county.secretary_a, content, "create", django_capture_on_commit_callbacks)
    assert job.status == "failed" and "没有数据行" in job.errors[0]["message"]
    book = load_workbook(io.BytesIO(content))
    book.worksheets[0].append(person_row(name="填的"))
    buffer = io.BytesIO()
    book.save(buffer)
    job = run(
        client, county.secretary_a, buffer.getvalue(), "create", django_capture_on_commit_callbacks
    )
    assert job.status == "done", job.errors
    assert (
        job.created_count == 1 and not Person.objects.unscoped("t").filter(name="王小明").exists()
    )
