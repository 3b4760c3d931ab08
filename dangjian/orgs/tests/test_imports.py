"""Excel import: every bad row is reported with row, column and reason; nothing partial."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dangjian.conftest import download_export
from dangjian.orgs import people_import, spreadsheets
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
    values = {
        "code": code,
        "name": name,
        "parent_code": parent,
        "category": category,
        "org_type": org_type,
        "is_non_public": "否",
        "is_active": "是",
    } | extra
    return [values.get(c.field, "") for c in spreadsheets.ORG_COLUMNS]


def person_row(name="王五", gender="男", status="正式党员", org="A1", **extra):
    cols = [c.field for c in spreadsheets.PEOPLE_COLUMNS]
    row = [""] * len(cols)
    row[cols.index("name")] = name
    row[cols.index("gender")] = gender
    row[cols.index("party_status")] = status
    row[cols.index("org_code")] = org
    if status in ("正式党员", "Full member"):
        row[cols.index("full_member_on")] = "2020-01-01"  # a full member has the date
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
                id_card="440524188001010022",
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
        "440524188001010022",
    )
    assert (
        Membership.objects.unscoped("test").filter(person=zhao, ended_on__isnull=True).count() == 1
    )
    assert job.progress_done == job.progress_total == 2


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
            person_row(gender="女", id_card="11010519491231002X"),  # row 11: id already taken
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
    # No term length in the file: a branch's three years (rules.TERM_YEARS_BY_TYPE).
    assert n1.term_years == 3 and n1.term_ends_on.isoformat() == "2026-03-01"


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
    exported = download_export(client, reverse("orgs:person-export"))
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


# ---- one write path: the import builds and saves through the services -----------------------


def test_import_save_cannot_place_a_person_outside_the_importers_scope(county):
    """The save step itself checks permission (it used to trust the caller's org lookup)."""
    from django.core.exceptions import ValidationError

    rows = [(2, {"name": "越权", "gender": "M", "party_status": "full", "org_code": "B1"})]
    with pytest.raises(spreadsheets.RowValidationError) as info:
        people_import.save_people(rows, {"B1": county.village_b1}, county.secretary_a)
    assert isinstance(info.value.error, ValidationError)
    assert [(e.row, e.column) for e in info.value.row_errors("people")] == [(2, "组织代码")]
    assert not Person.objects.unscoped("test").filter(name="越权").exists()


def test_import_save_rechecks_scope_after_the_org_moved_away(county):
    """Checked while A1 was in township A, saved after A1 moved to township B: refused."""
    from dangjian.orgs import services

    parsed = spreadsheets.ParsedSheet(
        rows=[
            (
                2,
                {
                    "name": "移走",
                    "gender": "M",
                    "party_status": "full",
                    "full_member_on": datetime.date(2020, 1, 1),
                    "org_code": "A1",
                },
            )
        ]
    )
    orgs = people_import.check_people(parsed, county.secretary_a)
    assert parsed.errors == []
    services.org_move(actor=county.dept_admin, org=county.village_a1, new_parent=county.township_b)
    with pytest.raises(spreadsheets.RowValidationError):
        people_import.save_people(parsed.rows, orgs, county.secretary_a)
    assert not Person.objects.unscoped("test").filter(name="移走").exists()


def test_every_imported_row_is_audited(client, county, django_capture_on_commit_callbacks):
    from dangjian.orgs.models import AuditEntry

    content = xlsx([person_row(name="甲"), person_row(name="乙", org="A1G")])
    job = run(client, county.secretary_a, "people", content, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    people = Person.objects.unscoped("test").filter(name__in=["甲", "乙"]).order_by("name")
    entries = AuditEntry.objects.unscoped("test").filter(action="orgs.person.create")
    by_target = {e.target_id: e for e in entries}
    for person in people:
        entry = by_target[str(person.pk)]
        assert entry.actor == county.secretary_a
        assert entry.org_path == person.primary_org.path
        assert entry.data["via"] == "import"
    assert sorted(by_target[str(p.pk)].data["row"] for p in people) == [2, 3]


def test_every_imported_org_is_audited(client, county, django_capture_on_commit_callbacks):
    from dangjian.orgs.models import AuditEntry

    content = xlsx([org_row(code="N1"), org_row(code="N2", parent="N1")], kind="orgs")
    job = run(client, county.secretary_a, "orgs", content, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    for code, row in (("N1", 2), ("N2", 3)):
        org = Organization.objects.unscoped("test").get(code=code)
        entry = AuditEntry.objects.unscoped("test").get(
            action="orgs.org.create", target_id=str(org.pk)
        )
        assert (entry.data, entry.org_path) == ({"via": "import", "row": row}, org.path)


def test_import_reports_model_errors_of_every_row_before_saving(
    client, county, django_capture_on_commit_callbacks
):
    content = xlsx(
        [
            org_row(code="N1", term_elected_on="2020-01-01", term_years=99),
            org_row(code="N2", term_elected_on="2020-01-01", term_years=50),
        ],
        kind="orgs",
    )
    job = run(client, county.dept_admin, "orgs", content, django_capture_on_commit_callbacks)
    assert [(r, c) for r, c, _m in errors(job)] == [(2, "任期（年）"), (3, "任期（年）")]


# ---- dates far in the future -----------------------------------------------------------------


def test_far_future_dates_are_row_errors_naming_the_range(
    client, county, django_capture_on_commit_callbacks
):
    content = xlsx(
        [
            person_row(birth_date="9999-12-31"),
            person_row(name="赵", status="入党申请人", applied_on="2099-01-01"),
        ]
    )
    job = run(client, county.dept_admin, "people", content, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(r, c) for r, c, _m in errors(job)] == [(2, "出生日期"), (3, "申请入党日期")]
    assert "1850-01-01" in errors(job)[0][2]
    org_job = run(
        client,
        county.dept_admin,
        "orgs",
        xlsx([org_row(founded_on="2099-07-01")], kind="orgs"),
        django_capture_on_commit_callbacks,
    )
    assert [(r, c) for r, c, _m in errors(org_job)] == [(2, "成立日期")]


# ---- exports keep text as text ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "=1+1", "+1", "-2+3", "@SUM(A1)", "\tx"]
)
def test_export_writes_formula_like_names_as_text(client, county, name):
    from dangjian.conftest import make_person

    make_person(county.dept_admin, county.village_a1, name)
    client.force_login(county.dept_admin)
    content = download_export(client, reverse("orgs:person-export"))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == name]
    assert len(cells) == 1, [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert cells[0].data_type == "s"
    assert cells[0].quotePrefix
    # The other cells of that row are untouched by the quoting.
    assert not sheet.cell(row=cells[0].row, column=2).quotePrefix
    # And the raw XML holds no formula at all.
    import zipfile

    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_formula_like_name_round_trips(client, county, django_capture_on_commit_callbacks):
    from dangjian.conftest import make_person

    make_person(county.dept_admin, county.village_a1, "=1+1")
    client.force_login(county.dept_admin)
    exported = download_export(client, reverse("orgs:person-export"))
    Person.objects.unscoped("test").all().delete()
    job = run(client, county.dept_admin, "people", exported, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert Person.objects.unscoped("test").filter(name="=1+1").exists()


# ---- bounded reading ---------------------------------------------------------------------------


def _zip_with(content: bytes, replace: dict[str, bytes | list[bytes]]) -> bytes:
    """`content` with some members replaced; a list is written piece by piece (streamed), so a
    member can unpack to hundreds of MB while the test holds only the pieces."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = [item.filename for item in source.infolist()]
        for name in names + [n for n in replace if n not in names]:
            data = replace.get(name, source.read(name) if name in names else b"")
            if isinstance(data, list):
                with target.open(name, "w", force_zip64=True) as member:
                    for piece in data:
                        member.write(piece)
            else:
                target.writestr(name, data)
    return out.getvalue()


def _sheet_xml(rows_xml, dimension: bytes = b"") -> list[bytes]:
    """A worksheet's XML in pieces: the header row of the people template, then `rows_xml`."""
    with translation.override("zh-hans"):
        header = spreadsheets.headers("people")
    cells = b"".join(
        f'<c r="{_col(i)}1" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        for i, text in enumerate(header)
    )
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + dimension
        + b'<sheetData><row r="1">'
        + cells
        + b"</row>"
    )
    return [head, *rows_xml, b"</sheetData></worksheet>"]


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _parse(content: bytes) -> spreadsheets.ParsedSheet:
    return spreadsheets.parse_sheet("people", content)


def _only_error(parsed) -> str:
    assert parsed.rows == []
    assert len(parsed.errors) == 1 and parsed.errors[0].row == 0, parsed.errors
    return parsed.errors[0].message


def test_declared_width_past_the_column_limit_is_refused_before_reading(county):
    content = _zip_with(
        xlsx([person_row()]),
        {"xl/worksheets/sheet1.xml": _sheet_xml([], b'<dimension ref="A1:XFD3"/>')},
    )
    with translation.override("en"):
        assert "16384 columns" in _only_error(_parse(content))


def test_rows_reaching_column_xfd_are_refused_at_the_first_one_in_little_memory(county):
    """168 KB that fill column XFD took 2.5 GB: every row was padded to 16,384 cells and kept."""
    import time
    import tracemalloc

    row = (
        '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>王</t></is></c>'
        '<c r="XFD{n}"><v>1</v></c></row>'
    )
    rows = [row.format(n=n).encode() for n in range(2, 4002)]
    content = _zip_with(xlsx([]), {"xl/worksheets/sheet1.xml": _sheet_xml(rows)})
    assert len(content) < 200_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        with translation.override("en"):
            parsed = _parse(content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with translation.override("en"):
        assert "16384 columns" in _only_error(parsed)
    assert peak < 40 * 2**20, peak
    assert time.monotonic() - started < 5


def test_zip_bomb_is_refused_by_its_unpacked_size(county):
    # 201 MB of spaces inside the sheet: about 200 KB packed.
    padding = [b" " * 2**20] * 201
    content = _zip_with(xlsx([]), {"xl/worksheets/sheet1.xml": _sheet_xml(padding)})
    assert len(content) < 1_000_000
    with translation.override("en"):
        assert "unpacks to 201 MB" in _only_error(_parse(content))


def test_too_many_shared_strings_are_refused(county):
    count = spreadsheets.LIMITS.max_shared_strings + 1
    ns = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings = [ns, *([b"<si><t>x</t></si>" * 1000] * (count // 1000)), b"<si><t>y</t></si>"]
    content = _zip_with(xlsx([person_row()]), {"xl/sharedStrings.xml": [*strings, b"</sst>"]})
    with translation.override("en"):
        assert "different texts" in _only_error(_parse(content))


def test_row_limit_is_checked_as_rows_arrive(county):
    """The file is damaged after its 50,001st row: the old reader read to the damage and
    called the file unreadable; the limit must stop reading before."""
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>王</t></is></c></row>'
    limit = spreadsheets.LIMITS.max_rows
    # (a few thousand rows past the limit: the XML parser reads ahead in blocks)
    rows = [row.format(n=n).encode() for n in range(2, limit + 5000)] + [b"<row r=<<damaged"]
    content = _zip_with(xlsx([]), {"xl/worksheets/sheet1.xml": _sheet_xml(rows)})
    with translation.override("en"):
        assert f"more than {limit} rows" in _only_error(_parse(content))


def test_a_row_far_down_the_sheet_is_refused_without_walking_the_gap(county):
    row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    content = _zip_with(xlsx([]), {"xl/worksheets/sheet1.xml": _sheet_xml([row])})
    with translation.override("en"):
        assert "rows" in _only_error(_parse(content))


def test_a_huge_cell_is_refused_and_never_echoed(
    client, county, django_capture_on_commit_callbacks
):
    """A 400 MB cell was stored and echoed back as a 419 MB page (quoted in “not a date”)."""
    huge = "9" * 100_000
    job = run(
        client,
        county.dept_admin,
        "people",
        xlsx([person_row(birth_date=huge)]),
        django_capture_on_commit_callbacks,
    )
    assert job.status == "failed"
    assert len(errors(job)) == 1 and len(errors(job)[0][2]) < 300
    assert huge[:1000] not in str(job.errors)
    page = client.get(reverse("orgs:import-status", args=[job.pk])).content
    assert len(page) < 100_000


def test_quoted_cells_and_stored_errors_are_cut_short(
    client, county, django_capture_on_commit_callbacks
):
    long_text = "x" * 1_500  # under the cell limit, far over any message
    rows = [person_row(birth_date=long_text)] + [
        person_row(gender="?") for _ in range(spreadsheets.rules.IMPORT_MAX_ERRORS + 10)
    ]
    job = run(client, county.dept_admin, "people", xlsx(rows), django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert all(len(m) <= spreadsheets.rules.IMPORT_MAX_ERROR_CHARS for _r, _c, m in errors(job))
    assert len(job.errors) == spreadsheets.rules.IMPORT_MAX_ERRORS + 1
    assert errors(job)[0][0] == 0  # the "only the first N" line sorts first
