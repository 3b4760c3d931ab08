"""Excel import: every bad row is reported with row, column and reason; nothing partial."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dangjian.orgs import spreadsheets
from dangjian.orgs.models import ImportJob, Membership, Organization, Person


def xlsx(rows: list[list], kind: str = "people", header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    with translation.override("zh-hans"):
        sheet.append(header or spreadsheets.headers(kind))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def org_row(
    code="N1", name="新支部", parent="TA", category="农村党组织", org_type="党支部", **extra
):
    row = [code, name, parent, category, org_type, "否", "", "", "", "", None, "", None, "是"]
    cols = [c.field for c in spreadsheets.ORG_COLUMNS]
    for key, value in extra.items():
        row[cols.index(key)] = value
    return row


def person_row(name="王五", gender="男", status="正式党员", org="A1", **extra):
    cols = [c.field for c in spreadsheets.PEOPLE_COLUMNS]
    row = [""] * len(cols)
    row[cols.index("name")] = name
    row[cols.index("gender")] = gender
    row[cols.index("party_status")] = status
    row[cols.index("org_code")] = org
    for key, value in extra.items():
        row[cols.index(key)] = value
    return row


def run(client, user, kind: str, content: bytes, django_capture_on_commit_callbacks) -> ImportJob:
    client.force_login(user)
    upload = SimpleUploadedFile("data.xlsx", content)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:import-upload", args=[kind]), {"file": upload})
    assert response.status_code == 302, response.content[:500]
    job = ImportJob.objects.unscoped("test").get(pk=int(response.url.rstrip("/").split("/")[-1]))
    assert client.get(response.url).status_code == 200
    return job


def errors(job: ImportJob) -> list[tuple]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def test_good_people_file_imports_every_row(client, county, django_capture_on_commit_callbacks):
    content = xlsx(
        [
            person_row(),
            person_row(
                name="赵六",
                gender="女",
                org="A1G",
                id_card="440524188001010014",
                birth_date="1880-01-01",
            ),
        ]
    )
    job = run(client, county.secretary_a, "people", content, django_capture_on_commit_callbacks)
    assert (job.status, job.created_count, job.errors) == ("done", 2, [])
    zhao = Person.objects.unscoped("test").get(name="赵六")
    assert (zhao.primary_org, zhao.gender, zhao.id_card) == (
        county.group_a1,
        "F",
        "440524188001010014",
    )
    assert (
        Membership.objects.unscoped("test").filter(person=zhao, ended_on__isnull=True).count() == 1
    )
    assert job.processed_rows == job.total_rows == 2


def test_every_bad_row_kind_is_reported_and_nothing_saved(
    client, county, django_capture_on_commit_callbacks
):
    content = xlsx(
        [
            person_row(),  # row 2: good
            person_row(org="NOPE"),  # row 3: unknown org code
            person_row(birth_date="1990-13-40"),  # row 4: bad date
            person_row(phone="12345"),  # row 5: bad phone
            person_row(id_card="110105194912310021"),  # row 6: bad checksum
            person_row(status="党员积极"),  # row 7: unknown status
            person_row(gender="未知"),  # row 8: unknown gender
            person_row(name=""),  # row 9: required
            person_row(org="B1"),  # row 10: other township
            person_row(id_card="11010519491231002X"),  # row 11: id already taken
        ]
    )
    before = Person.objects.unscoped("test").count()
    job = run(client, county.secretary_a, "people", content, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    got = errors(job)
    assert [(row, column) for row, column, _m in got] == [
        (3, "组织代码"),
        (4, "出生日期"),
        (5, "电话"),
        (6, "身份证号"),
        (7, "政治面貌"),
        (8, "性别"),
        (9, "姓名"),
        (10, "组织代码"),
        (11, "身份证号"),
    ]
    messages = dict(((row, column), message) for row, column, message in got)
    assert "NOPE" in messages[(3, "组织代码")]
    assert "1990-13-40" in messages[(4, "出生日期")]
    assert "校验" in messages[(6, "身份证号")] or "check" in messages[(6, "身份证号")]
    assert "党员积极" in messages[(7, "政治面貌")]
    assert Person.objects.unscoped("test").count() == before


def test_duplicate_id_card_within_file(client, county, django_capture_on_commit_callbacks):
    content = xlsx(
        [person_row(id_card="440524188001010014"), person_row(id_card="440524188001010014")]
    )
    job = run(client, county.dept_admin, "people", content, django_capture_on_commit_callbacks)
    assert [(r, c) for r, c, _m in errors(job)] == [(3, "身份证号")]
    assert "2" in errors(job)[0][2]


def test_good_org_file_imports_parents_before_children(
    client, county, django_capture_on_commit_callbacks
):
    content = xlsx(
        [
            org_row(
                code="N2", name="新二组", parent="N1", org_type="党小组"
            ),  # parent defined below
            org_row(
                code="N1",
                name="新一村党支部",
                founded_on="2001/07/01",
                term_elected_on="2023-03-01",
                term_number=3,
            ),
        ],
        kind="orgs",
    )
    job = run(client, county.secretary_a, "orgs", content, django_capture_on_commit_callbacks)
    assert (job.status, job.created_count) == ("done", 2), job.errors
    n1, n2 = (
        Organization.objects.unscoped("test").get(code="N1"),
        Organization.objects.unscoped("test").get(code="N2"),
    )
    assert n1.parent == county.township_a and n2.parent == n1
    assert n2.path == f"{n1.path}{n2.pk}/"
    assert n1.term_ends_on.isoformat() == "2028-03-01"


def test_every_bad_org_row_kind(client, county, django_capture_on_commit_callbacks):
    content = xlsx(
        [
            org_row(code="N1"),  # 2 good
            org_row(code="N1", name="重复"),  # 3 duplicate code in file
            org_row(code="TA"),  # 4 code exists
            org_row(code="N4", parent="ZZ"),  # 5 unknown parent
            org_row(code="N5", category="街道"),  # 6 unknown category
            org_row(code="N6", founded_on="去年"),  # 7 bad date
            org_row(code="N7", contact_phone="110"),  # 8 bad phone
            org_row(code="N8", parent="TB"),  # 9 parent out of scope
            org_row(code="L1", parent="L2"),
            org_row(code="L2", parent="L1"),  # 10, 11 loop
        ],
        kind="orgs",
    )
    before = Organization.objects.unscoped("test").count()
    job = run(client, county.secretary_a, "orgs", content, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(r, c) for r, c, _m in errors(job)] == [
        (3, "代码"),
        (4, "代码"),
        (5, "上级组织代码"),
        (6, "类别"),
        (7, "成立日期"),
        (8, "联系电话"),
        (9, "上级组织代码"),
        (10, "上级组织代码"),
        (11, "上级组织代码"),
    ]
    assert Organization.objects.unscoped("test").count() == before


def test_unknown_and_missing_columns(client, county, django_capture_on_commit_callbacks):
    header = ["姓名", "性别", "爱好"]
    job = run(
        client,
        county.dept_admin,
        "people",
        xlsx([["王五", "男", "读书"]], header=header),
        django_capture_on_commit_callbacks,
    )
    got = errors(job)
    assert (1, "爱好") in [(r, c) for r, c, _m in got]
    assert {(1, "政治面貌"), (1, "组织代码")} <= {(r, c) for r, c, _m in got}


def test_english_headers_are_accepted(client, county, django_capture_on_commit_callbacks):
    with translation.override("en"):
        header = spreadsheets.headers("people")
    row = person_row(gender="Male", status="Full member")
    job = run(
        client,
        county.dept_admin,
        "people",
        xlsx([row], header=header),
        django_capture_on_commit_callbacks,
    )
    assert job.status == "done", job.errors


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.csv", b"a,b\n", "xlsx"),
        ("fake.xlsx", b"not a zip at all", "xlsx"),
    ],
)
def test_wrong_file_types_are_refused_before_storing(client, county, name, content, message):
    client.force_login(county.dept_admin)
    response = client.post(
        reverse("orgs:import-upload", args=["people"]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.unscoped("test").exists()


def test_file_over_the_size_limit_is_refused(client, county, settings):
    settings.DANGJIAN_UPLOAD_MAX_BYTES = 1000
    client.force_login(county.dept_admin)
    response = client.post(
        reverse("orgs:import-upload", args=["people"]),
        {"file": SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * 2000)},
    )
    assert response.status_code == 200
    assert "1000" in response.content.decode() or "1.0" in response.content.decode()
    assert not ImportJob.objects.unscoped("test").exists()


def test_zip_that_is_not_a_workbook_fails_cleanly(
    client, county, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    job = run(
        client, county.dept_admin, "people", buffer.getvalue(), django_capture_on_commit_callbacks
    )
    assert job.status == "failed" and job.errors[0]["row"] == 0


def test_template_has_the_import_headers(client, county):
    client.force_login(county.secretary_a)
    response = client.get(reverse("orgs:person-template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == spreadsheets.headers("people")


def test_export_then_import_round_trip(client, county, django_capture_on_commit_callbacks):
    """What an export writes, an import reads (after removing what already exists)."""
    client.force_login(county.dept_admin)
    exported = client.get(reverse("orgs:person-export")).content
    Person.objects.unscoped("test").all().delete()
    job = run(client, county.dept_admin, "people", exported, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert sorted(Person.objects.unscoped("test").values_list("name", flat=True)) == [
        "张甲",
        "李乙",
    ]


# ---- damaged and unusual workbooks --------------------------------------------------------


def _rewrite_sheet(content: bytes, change) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(item, data)
    return out.getvalue()


def test_damaged_sheet_fails_cleanly(client, county, django_capture_on_commit_callbacks):
    content = _rewrite_sheet(xlsx([person_row()]), lambda data: data[: len(data) // 2])
    job = run(client, county.dept_admin, "people", content, django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.errors[0]["row"] == 0
    assert not Person.objects.unscoped("test").filter(name="王五").exists()


def test_wrong_recorded_dimension_loses_no_row(client, county, django_capture_on_commit_callbacks):
    import re

    rows = [person_row(name=f"王{i}") for i in range(5)]
    content = _rewrite_sheet(
        xlsx(rows),
        lambda data: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:P2"/>', data),
    )
    job = run(client, county.dept_admin, "people", content, django_capture_on_commit_callbacks)
    assert (job.status, job.created_count) == ("done", 5)


def test_absurd_term_length_is_a_row_error(client, county, django_capture_on_commit_callbacks):
    content = xlsx([org_row(term_elected_on="2020-01-01", term_years=99999)], kind="orgs")
    job = run(client, county.dept_admin, "orgs", content, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(r, c) for r, c, _m in errors(job)] == [(2, "任期（年）")]
