"""The personas every test starts from (healthchecks' way): a county with two townships.

county (root)
├── township A ── village A1 ── group A1g
├── township B ── village B1
└── county unit U
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from dangjian.orgs import services
from dangjian.orgs.models import (
    STAGE_DATE_FIELDS,
    Organization,
    OrgCategory,
    OrgType,
    Person,
    RoleAssignment,
    User,
)
from dangjian.orgs.scoping import Role

PASSWORD = "correct-horse-42"


@dataclass
class County:
    root: Organization
    township_a: Organization
    village_a1: Organization
    group_a1: Organization
    township_b: Organization
    village_b1: Organization
    unit: Organization
    person_a: Person
    person_b: Person
    superuser: User
    dept_admin: User
    secretary_a: User
    secretary_b: User
    member_a: User
    inspector_b: User

    def personas(self) -> dict[str, User | None]:
        return {
            "superuser": self.superuser,
            "dept_admin": self.dept_admin,
            "secretary_a": self.secretary_a,
            "secretary_b": self.secretary_b,
            "member_a": self.member_a,
            "inspector_b": self.inspector_b,
            "anonymous": None,
        }


def make_user(username: str, *grants: tuple[str, Organization], superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    for role, org in grants:
        RoleAssignment.objects.create(user=user, role=role, org=org)
    return user


def make_org(
    actor: User, parent: Organization | None, code: str, name: str, **extra
) -> Organization:
    fields = {"category": OrgCategory.RURAL, "org_type": OrgType.BRANCH} | extra
    return services.org_create(actor=actor, parent=parent, code=code, name=name, **fields)


def make_person(actor: User, org: Organization, name: str, **extra) -> Person:
    fields = {"party_status": "full"} | extra
    if not fields.get("id_card"):
        fields.setdefault("gender", "M")  # else derived from the number
    # A person at a stage has that stage's date (services._check_stages).
    stage_date = STAGE_DATE_FIELDS.get(fields["party_status"])
    if stage_date:
        fields.setdefault(stage_date, datetime.date(2020, 1, 1))
    return services.person_create(
        actor=actor, primary_org=org, name=name, joined_on=datetime.date(2020, 1, 1), **fields
    )


@pytest.fixture
def county(db) -> County:
    su = make_user("root", superuser=True)
    root = make_org(su, None, "C", "示范县委", category="other", org_type="committee")
    township_a = make_org(su, root, "TA", "甲镇党委", category="township", org_type="committee")
    village_a1 = make_org(su, township_a, "A1", "甲一村党支部")
    group_a1 = make_org(su, village_a1, "A1G", "甲一村第一党小组", org_type="group")
    township_b = make_org(su, root, "TB", "乙镇党委", category="township", org_type="committee")
    village_b1 = make_org(su, township_b, "B1", "乙一村党支部")
    unit = make_org(su, root, "U", "县教育局党组", category="county_unit", org_type="committee")
    person_a = make_person(
        su, village_a1, "张甲", gender="F", id_card="11010519491231002X", phone="13800138000"
    )
    person_b = make_person(su, village_b1, "李乙", gender="F")
    member_a = make_user("member_a", (Role.MEMBER, village_a1))
    person_a.user = member_a
    person_a.save()
    return County(
        root=root,
        township_a=township_a,
        village_a1=village_a1,
        group_a1=group_a1,
        township_b=township_b,
        village_b1=village_b1,
        unit=unit,
        person_a=person_a,
        person_b=person_b,
        superuser=su,
        dept_admin=make_user("dept_admin", (Role.DEPT_ADMIN, root)),
        secretary_a=make_user("secretary_a", (Role.SECRETARY, township_a)),
        secretary_b=make_user("secretary_b", (Role.SECRETARY, township_b)),
        member_a=member_a,
        inspector_b=make_user("inspector_b", (Role.INSPECTOR, township_b)),
    )


# Where each system keeps its private files (lib.files.PrivateStorage subclasses' SETTING).
PRIVATE_FILE_SETTINGS = (
    "DANGJIAN_DEVELOPMENT_DIR",
    "DANGJIAN_HALL_DIR",
    "DANGJIAN_HONORS_DIR",
    "DANGJIAN_MEETING_DIR",
    "DANGJIAN_WORK_DIR",
)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files of every test under its own temporary directory, never in var/ (where a
    developer's demo keeps its files); a test may still point one setting elsewhere."""
    for name in PRIVATE_FILE_SETTINGS:
        setattr(settings, name, tmp_path / name.removeprefix("DANGJIAN_").lower())


@pytest.fixture(autouse=True)
def originality_index(settings, tmp_path):
    """A fresh originality index per test: an SQLite file, or a PostgreSQL schema dropped after."""
    from urllib.parse import quote
    from uuid import uuid4

    from django.db import connection

    from dangjian.originality import index

    schema = ""
    if connection.vendor == "postgresql":
        sd = connection.settings_dict
        user = quote(sd.get("USER") or "")
        password = f":{quote(sd['PASSWORD'])}" if sd.get("PASSWORD") else ""
        host, port = sd.get("HOST") or "127.0.0.1", sd.get("PORT") or 5432
        settings.DANGJIAN_ORIGINALITY_INDEX = (
            f"postgresql://{user}{password}@{host}:{port}/{sd['NAME']}"
        )
        schema = f"tr_test_{uuid4().hex[:12]}"
        settings.DANGJIAN_ORIGINALITY_SCHEMA = schema
    else:
        settings.DANGJIAN_ORIGINALITY_INDEX = str(tmp_path / "originality-index.sqlite3")
    yield
    opened = index._engine is not None
    if opened and schema:
        index.engine().store.conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    index.close()


if TYPE_CHECKING:
    from dangjian.orgs.models import ImportJob


@dataclass
class BothTownships:
    """More rows on both sides of the county, so that every "must not see" can fail."""

    person_a2: Person  # a second person in village A1: member_a sees only their own record
    person_b2: Person  # a second person in village B1
    person_moved: Person  # joined in village A1, transferred to village B1: history in both
    term_orgs: list[Organization]  # terms ended in both townships (换届提醒)
    job_a: ImportJob  # an import by secretary_a, scoped to township A
    job_b: ImportJob  # an import by secretary_b, scoped to township B


@pytest.fixture
def both_townships(county) -> BothTownships:
    from dangjian.orgs.models import ImportJob

    su = county.superuser
    person_a2 = make_person(su, county.village_a1, "王甲二", phone="13900139001")
    person_b2 = make_person(su, county.village_b1, "赵乙二", phone="13900139002")
    person_moved = make_person(su, county.village_a1, "钱转出")
    services.person_transfer(
        actor=su, person=person_moved, to_org=county.village_b1, on=datetime.date(2024, 3, 1)
    )
    term_orgs = [county.township_a, county.village_a1, county.township_b, county.village_b1]
    for org in term_orgs:
        services.org_update(
            actor=su, org=org, term_elected_on=datetime.date(2020, 6, 1), term_years=5
        )

    def job(user: User, org: Organization) -> ImportJob:
        return ImportJob.objects.create(
            kind=ImportJob.Kind.PEOPLE, created_by=user, scope_org=org, filename="people.xlsx"
        )

    return BothTownships(
        person_a2=person_a2,
        person_b2=person_b2,
        person_moved=person_moved,
        term_orgs=term_orgs,
        job_a=job(county.secretary_a, county.township_a),
        job_b=job(county.secretary_b, county.township_b),
    )


def download_export(client, url: str) -> bytes:
    """Start an export as the list page's button does, let its job run, download the file."""
    from django.test import TestCase
    from django.urls import reverse

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302, response.content[:300]
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    download = client.get(reverse("orgs:export-download", args=[pk]))
    assert download.status_code == 200, download.content[:300]
    return download.content
