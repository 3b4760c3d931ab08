"""Role × URL matrix: every URL pattern is listed here, or this test fails.

For each persona the expected status is stated; objects of township A must be a 404 (never
the object, never a 500) for township B's secretary and inspector, whatever the id.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from dangjian.assess.tests.matrix_cases import assess_cases
from dangjian.conftest import PASSWORD, download_export
from dangjian.honors.tests.matrix_cases import honors_cases
from dangjian.orglife.tests.matrix_cases import orglife_cases
from dangjian.orgs.models import ExportJob, ImportJob, RoleAssignment
from dangjian.study.tests.matrix_cases import study_cases
from dangjian.work.tests.matrix_cases import work_cases

PERSONAS = [
    "superuser",
    "dept_admin",
    "secretary_a",
    "secretary_b",
    "member_a",
    "inspector_b",
    "anonymous",
]
LOGIN = 302  # anonymous visitors are sent to the login page
OTHER_METHODS = ("put", "patch", "delete")
# Pages are HTML forms: they read with GET and write with POST. Every other method is a 405,
# for everyone who is logged in (require_safe / require_http_methods / http_method_names).
WHY_ONLY_GET_AND_POST = "HTML pages answer GET and POST only"


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable  # (county) -> str
    expect: dict[str, int]  # GET
    # POST: the status per persona and the payload; None = 405 for everyone, with `why`.
    post: dict[str, int] | None = None
    payload: Callable | None = None  # (county) -> dict
    # Personas whose POST legitimately writes (their own password, a session, a row in reach);
    # for every other persona the database must be unchanged after the POST.
    writers: frozenset[str] = frozenset()
    why: str = "read-only page: GET only"
    json: bool = False  # the payload is sent as JSON (API endpoints)
    # PUT/PATCH/DELETE that a URL answers: method → status per persona (405 otherwise).
    other: dict[str, dict[str, int]] | None = None

    def __str__(self) -> str:
        return self.name


def every(code: int, anonymous: int = LOGIN) -> dict[str, int]:
    return {p: code for p in PERSONAS if p != "anonymous"} | {"anonymous": anonymous}


# Township A's object: its own chain sees it, township B's people get 404, the member 403
# on change pages of their own organization/record (visible but not theirs to change).
A_VIEW = {
    "superuser": 200,
    "dept_admin": 200,
    "secretary_a": 200,
    "secretary_b": 404,
    "member_a": 200,
    "inspector_b": 404,
    "anonymous": LOGIN,
}
A_VIEW_NO_MEMBER = A_VIEW | {"member_a": 404}
A_CHANGE = A_VIEW | {"member_a": 403}
A_CHANGED = A_CHANGE | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
A_WRITERS = frozenset({"superuser", "dept_admin", "secretary_a"})
WRITERS = every(200) | {"member_a": 403, "inspector_b": 403}
# A create form posted with township A's organization: saved by A's chain; for township B's
# secretary the choice is "not one of the available choices" (200, the form again, nothing
# saved) — the URL itself belongs to no township, so there is nothing to hide with a 404.
A_CREATED = WRITERS | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
REVIEWERS = every(200) | {"member_a": 403}
# Account management: only managers (department admins, secretaries) enter; township B's
# secretary gets 404 for township A's account.
MANAGERS = every(200) | {"member_a": 403, "inspector_b": 403}
A_ACCOUNT = MANAGERS | {"secretary_b": 404}
A_ACCOUNT_CHANGED = A_ACCOUNT | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
# The API answers an anonymous caller 401 (it authenticates itself), never a login redirect.
API_ANON = 401


def api(expect: dict[str, int]) -> dict[str, int]:
    return expect | {"anonymous": API_ANON}


def _check(county):
    from dangjian.originality import services

    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="甲一村心得", text="学习" * 20
    )
    return services.check_request(actor=county.secretary_a, submission=submission)


def _done_check(county):
    from dangjian.originality import services

    return services.check_run(_check(county))


def _verify_url(county) -> str:
    """The public verification page asked about township A's report, number and code right."""
    from urllib.parse import urlencode

    from dangjian.originality import verification

    check = _done_check(county)
    query = {
        "number": verification.report_number(check),
        "code": verification.verification_code(check),
    }
    return reverse("originality:verify") + "?" + urlencode(query)


def _source(county) -> int:
    from dangjian.originality import services
    from dangjian.originality.models import SourceDocument
    from textreuse.loaders import SourceText

    services.corpus_import([SourceText(ref="web/x.txt", text="县域党建工作" * 10, title="网文")])
    return SourceDocument.objects.get().pk


def _job(county) -> ImportJob:
    from dangjian.orgs import services

    return services.import_job_create(
        actor=county.secretary_a, kind="orgs", filename="a.xlsx", content=b""
    )


def _notice(county) -> int:
    from dangjian.notices.services import notice_send

    (notice,) = notice_send(recipients=[county.secretary_a], subject="甲镇通知", link="/")
    return notice.pk


def _export(county) -> int:
    """A finished export of township A's people, made by township A's secretary."""
    from django.http import QueryDict

    from dangjian.orgs import exports

    job = exports.export_job_create(actor=county.secretary_a, kind="people", query=QueryDict())
    return exports.export_run(job).pk


def _member_role(county) -> int:
    return RoleAssignment.objects.unscoped("test").get(user=county.member_a).pk


def _org_fields(county, **extra) -> dict:
    return {"category": "rural", "org_type": "branch", "term_years": 5, "is_active": "on"} | extra


def _person_fields(county, **extra) -> dict:
    stage = {"full_member_on": "2020-01-01"}  # a full member has the date (orgs rules)
    return {"gender": "M", "party_status": "full", "is_active": "on"} | stage | extra


def _suspended(county) -> int:
    """Township A's person, membership suspended (停止党籍) in 2024."""
    import datetime

    from dangjian.orgs import services

    services.person_exit(
        actor=county.dept_admin,
        person=county.person_a,
        status="suspended",
        on=datetime.date(2024, 1, 1),
    )
    return county.person_a.pk


def _sheet(county) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.orgs import spreadsheets

    return {"file": SimpleUploadedFile("people.xlsx", spreadsheets.template_bytes("people"))}


def _own_token(county) -> int:
    from dangjian.orgs import account_services

    row, _token = account_services.api_token_create(actor=county.secretary_a, name="脚本")
    return row.pk


def _account_person(county) -> dict:
    from dangjian.conftest import make_person

    person = make_person(county.superuser, county.village_a1, "甲一村新人")
    return {"person": person.pk, "username": "new_account"}


ACCOUNT = lambda name, *extra: (  # noqa: E731
    lambda c: reverse(name, args=[c.member_a.pk, *(f(c) for f in extra)])
)

CASES = [
    Case("home", lambda c: reverse("home"), every(200)),
    Case("healthz", lambda c: reverse("healthz"), every(200, anonymous=200)),
    Case(
        "login",
        lambda c: reverse("login"),
        every(302, anonymous=200),
        post=every(302, anonymous=200),  # a wrong password: the form again
        payload=lambda c: {"username": "nobody", "password": "wrong"},
    ),
    Case(
        "logout",
        lambda c: reverse("logout"),
        every(405),
        post=every(302),
        writers=frozenset(PERSONAS),
        why="logging out changes state: POST only (Django's LogoutView)",
    ),
    Case(
        "password_change",
        lambda c: reverse("password_change"),
        every(200),
        post=every(302),
        payload=lambda c: {
            "old_password": PASSWORD,
            "new_password1": "another-secret-42",
            "new_password2": "another-secret-42",
        },
        writers=frozenset(PERSONAS),  # each changes their own password
    ),
    Case("password_change_done", lambda c: reverse("password_change_done"), every(200)),
    Case(
        "set_language",
        lambda c: reverse("set_language"),
        every(405, anonymous=405),
        post=every(302, anonymous=302),
        payload=lambda c: {"language": "en", "next": "/"},
        why="switching language sets a cookie: POST only",
    ),
    Case("orgs:org-list", lambda c: reverse("orgs:org-list"), every(200)),
    Case("orgs:org-terms", lambda c: reverse("orgs:org-terms"), every(200)),
    Case(
        "orgs:org-export",
        lambda c: reverse("orgs:org-export"),
        every(405),
        post=every(302),  # each starts an export of what they see: a job of their own
        writers=frozenset(PERSONAS),
        why="starting an export is a write (a job): POST only",
    ),
    Case("orgs:org-template", lambda c: reverse("orgs:org-template"), every(200)),
    Case("orgs:org-detail", lambda c: reverse("orgs:org-detail", args=[c.village_a1.pk]), A_VIEW),
    Case(
        "orgs:org-children",
        lambda c: reverse("orgs:org-children", args=[c.township_a.pk]),
        A_VIEW_NO_MEMBER,
    ),
    Case(
        "orgs:org-edit",
        lambda c: reverse("orgs:org-edit", args=[c.village_a1.pk]),
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: _org_fields(c, code="A1", name="被改名"),
        writers=A_WRITERS,
    ),
    Case(
        "orgs:org-move",
        lambda c: reverse("orgs:org-move", args=[c.village_a1.pk]),
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: {"new_parent": c.township_a.pk},
        writers=A_WRITERS,
    ),
    Case(
        "orgs:org-create",
        lambda c: reverse("orgs:org-create") + f"?parent={c.village_a1.pk}",
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: _org_fields(c, code="NEW", name="新党小组", org_type="group"),
        writers=A_WRITERS,
    ),
    Case("orgs:person-list", lambda c: reverse("orgs:person-list"), every(200)),
    Case(
        "orgs:person-export",
        lambda c: reverse("orgs:person-export"),
        every(405),
        post=every(302),
        writers=frozenset(PERSONAS),
        why="starting an export is a write (a job): POST only",
    ),
    Case(
        "orgs:export-status",
        lambda c: reverse("orgs:export-status", args=[_export(c)]),
        every(404) | {"secretary_a": 200},
    ),
    Case(
        "orgs:export-download",
        lambda c: reverse("orgs:export-download", args=[_export(c)]),
        every(404) | {"secretary_a": 200},
    ),
    Case("orgs:person-template", lambda c: reverse("orgs:person-template"), every(200)),
    Case(
        "orgs:person-detail", lambda c: reverse("orgs:person-detail", args=[c.person_a.pk]), A_VIEW
    ),
    Case(
        "orgs:person-edit",
        lambda c: reverse("orgs:person-edit", args=[c.person_a.pk]),
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: _person_fields(c, name="张甲改", gender="F", primary_org=c.village_a1.pk),
        writers=A_WRITERS,
    ),
    Case(
        "orgs:person-transfer",
        lambda c: reverse("orgs:person-transfer", args=[c.person_a.pk]),
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: {"to_org": c.group_a1.pk, "on": "2024-06-01"},
        writers=A_WRITERS,
    ),
    Case(
        "orgs:person-exit",
        lambda c: reverse("orgs:person-exit", args=[c.person_a.pk]),
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: {"status": "deceased", "on": "2024-06-01", "note": "病故"},
        writers=A_WRITERS,
    ),
    Case(
        "orgs:person-reinstate",
        lambda c: reverse("orgs:person-reinstate", args=[_suspended(c)]),
        A_CHANGE,
        post=A_CHANGED,
        payload=lambda c: {"on": "2024-06-01"},
        writers=A_WRITERS,
    ),
    Case(
        "orgs:person-create",
        lambda c: reverse("orgs:person-create"),
        WRITERS,
        post=A_CREATED,
        payload=lambda c: _person_fields(c, name="新人", primary_org=c.village_a1.pk),
        writers=A_WRITERS,
    ),
    Case(
        "orgs:import-upload",
        lambda c: reverse("orgs:import-upload", args=["people"]),
        WRITERS,
        post=WRITERS
        | {"superuser": 302, "dept_admin": 302, "secretary_a": 302, "secretary_b": 302},
        payload=_sheet,
        # An empty template imports nothing; each writer files only their own job.
        writers=frozenset({"superuser", "dept_admin", "secretary_a", "secretary_b"}),
    ),
    Case("originality:check-list", lambda c: reverse("originality:check-list"), REVIEWERS),
    Case(
        "originality:check-new",
        lambda c: reverse("originality:check-new"),
        REVIEWERS,
        post=A_CREATED | {"inspector_b": 200, "member_a": 403},
        payload=lambda c: {"org": c.village_a1.pk, "title": "心得", "text": "学习强国" * 10},
        writers=A_WRITERS,
    ),
    # A check of township A's text: as A_VIEW, but the member sees no check (not the author).
    Case(
        "originality:check-detail",
        lambda c: reverse("originality:check-detail", args=[_check(c).pk]),
        A_VIEW_NO_MEMBER,
    ),
    # The 简洁报告 PDF of a finished check of township A: as the report page.
    Case(
        "originality:check-pdf",
        lambda c: reverse("originality:check-pdf", args=[_done_check(c).pk]),
        A_VIEW_NO_MEMBER,
    ),
    # The full report PDF: the same readers as the report page and the brief PDF.
    Case(
        "originality:check-pdf-full",
        lambda c: reverse("originality:check-pdf-full", args=[_done_check(c).pk]),
        A_VIEW_NO_MEMBER,
    ),
    Case(
        "originality:verify",
        _verify_url,
        every(200, anonymous=200),
        why="public and read-only: a report number and code confirm figures and a date",
    ),
    Case("originality:corpus-list", lambda c: reverse("originality:corpus-list"), REVIEWERS),
    Case(
        "originality:corpus-detail",
        lambda c: reverse("originality:corpus-detail", args=[_source(c)]),
        REVIEWERS,
    ),
    Case(
        "orgs:import-status",
        lambda c: reverse("orgs:import-status", args=[_job(c).pk]),
        every(404) | {"secretary_a": 200},
    ),
    Case("orgs:account-list", lambda c: reverse("orgs:account-list"), MANAGERS),
    Case(
        "orgs:account-create",
        lambda c: reverse("orgs:account-create"),
        MANAGERS,
        post=MANAGERS,  # 200 for managers: the one-time password page, or the form again
        payload=_account_person,
        writers=A_WRITERS,
    ),
    Case("orgs:account-detail", ACCOUNT("orgs:account-detail"), A_ACCOUNT),
    Case(
        "orgs:role-grant",
        ACCOUNT("orgs:role-grant"),
        every(405),
        post=A_ACCOUNT_CHANGED,
        payload=lambda c: {"role": "secretary", "org": c.group_a1.pk},
        writers=A_WRITERS,
        why="a form target: POST only",
    ),
    Case(
        "orgs:role-revoke",
        ACCOUNT("orgs:role-revoke", _member_role),
        every(405),
        post=A_ACCOUNT_CHANGED,
        writers=A_WRITERS,
        why="a form target: POST only",
    ),
    Case(
        "orgs:password-reset",
        ACCOUNT("orgs:password-reset"),
        every(405),
        post=A_ACCOUNT,  # 200: the one-time password, shown once
        writers=A_WRITERS,
        why="a form target: POST only",
    ),
    Case(
        "orgs:account-active",
        ACCOUNT("orgs:account-active"),
        every(405),
        post=A_ACCOUNT_CHANGED,
        payload=lambda c: {"active": "0"},
        writers=A_WRITERS,
        why="a form target: POST only",
    ),
    Case(
        "orgs:account-unlock",
        ACCOUNT("orgs:account-unlock"),
        every(405),
        post=A_ACCOUNT_CHANGED,
        writers=A_WRITERS,
        why="a form target: POST only",
    ),
    Case(
        "orgs:api-tokens",
        lambda c: reverse("orgs:api-tokens"),
        every(200),
        post=every(200),
        payload=lambda c: {"name": "省级系统"},
        writers=frozenset(PERSONAS),  # each makes a token of their own
    ),
    Case(
        "orgs:api-token-revoke",
        lambda c: reverse("orgs:api-token-revoke", args=[_own_token(c)]),
        every(405),
        # Nobody reaches another account's token, not even a system administrator.
        post=every(404) | {"secretary_a": 302},
        writers=frozenset({"secretary_a"}),
        why="a form target: POST only",
    ),
    Case(
        "orgs:audit-list",
        lambda c: reverse("orgs:audit-list"),
        every(403) | {"superuser": 200, "dept_admin": 200},
    ),
    Case("notices:list", lambda c: reverse("notices:list"), every(200)),
    Case(
        "notices:read",
        lambda c: reverse("notices:read", args=[_notice(c)]),
        every(405),
        post=every(404) | {"secretary_a": 302},  # a notice is its recipient's alone
        writers=frozenset({"secretary_a"}),
        why="marking read is a write: POST only",
    ),
    Case(
        "notices:read-all",
        lambda c: reverse("notices:read-all"),
        every(405),
        post=every(302),  # each marks their own notices
        writers=frozenset(PERSONAS),
        why="marking read is a write: POST only",
    ),
    # ---- HTTP API ----
    Case(
        "api:schema",
        lambda c: reverse("api:schema"),
        every(200, anonymous=200),
        why="the OpenAPI schema is read-only and public (it describes, it holds no data)",
    ),
    Case(
        "api:docs",
        lambda c: reverse("api:docs"),
        every(200, anonymous=200),
        why="the docs page is read-only and public",
    ),
    Case(
        "api:org-list",
        lambda c: reverse("api:org-list"),
        api(every(200)),
        post=api(every(405)),
        why="organizations are read-only in API v1",
    ),
    Case(
        "api:org-detail",
        lambda c: reverse("api:org-detail", args=[c.village_a1.pk]),
        api(A_VIEW),
        post=api(every(405)),
        why="organizations are read-only in API v1",
    ),
    Case(
        "api:person-list",
        lambda c: reverse("api:person-list"),
        api(every(200)),
        post=api(every(405)),
        why="people are read-only in API v1",
    ),
    Case(
        "api:person-detail",
        lambda c: reverse("api:person-detail", args=[c.person_a.pk]),
        api(A_VIEW),
        post=api(every(405)),
        why="people are read-only in API v1",
    ),
    Case(
        "api:check-list",
        lambda c: reverse("api:check-list"),
        api(REVIEWERS),
        # Township A's organization: B's reviewers do not reach it (404), A's chain files it.
        post=api(every(201) | {"secretary_b": 404, "inspector_b": 404, "member_a": 403}),
        payload=lambda c: {"org": c.village_a1.pk, "title": "心得", "text": "学习强国" * 10},
        writers=A_WRITERS,
        json=True,
    ),
    Case(
        "api:check-detail",
        lambda c: reverse("api:check-detail", args=[_check(c).pk]),
        api(A_VIEW_NO_MEMBER),
        post=api(every(405)),
        why="a check is requested on the list URL; a report is never written by a client",
    ),
]
CASES += study_cases()
CASES += orglife_cases()
CASES += work_cases()
CASES += assess_cases()
CASES += honors_cases()
ADMIN_NAMESPACE = "admin"


def _named_patterns(patterns, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name or f'<unnamed {entry.pattern}>'}")
    return names


def test_every_url_pattern_is_in_the_matrix():
    names = {
        n
        for n in _named_patterns(get_resolver().url_patterns)
        if not n.startswith(f"{ADMIN_NAMESPACE}:")
    }
    static = {n for n in names if n.startswith("<unnamed") and "static" in n}
    assert names - static == {case.name for case in CASES}


def _login(client, county, persona: str) -> None:
    user = county.personas()[persona]
    if user is not None:
        client.force_login(user)


# Township A's texts that township B's people must never be shown, on any page or API answer.
A_SECRETS = ("甲镇心得", "甲镇通知", "甲镇导出", "甲镇笔记", "甲镇学习计划")


@pytest.fixture
def both(county, django_capture_on_commit_callbacks):
    """Every list the matrix reads holds rows of both townships — checks, notices, exports,
    accounts, audit entries, people, organizations — so each "must not see" can fail."""
    from django.core.cache import cache
    from django.http import QueryDict

    from dangjian.notices.services import notice_send
    from dangjian.orgs import account_services, exports
    from dangjian.originality import services

    cache.clear()  # API throttling counts per user id; ids repeat from test to test
    for actor, org, title in (
        (county.secretary_a, county.village_a1, "甲镇心得"),
        (county.secretary_b, county.village_b1, "乙镇心得"),
    ):
        services.text_check(actor=actor, org=org, title=title, text="学习强国" * 10)
        notice_send(recipients=[actor], subject=title.replace("心得", "通知"), link="/")
        job = exports.export_job_create(actor=actor, kind="people", query=QueryDict())
        ExportJob.objects.unscoped("test").filter(pk=job.pk).update(
            result_name=title.replace("心得", "导出") + ".xlsx"
        )
    account_services.account_create(
        actor=county.dept_admin, person=county.person_b, username="li_b"
    )
    from dangjian.orgs.models import User
    from dangjian.study import services as study

    for author, title in (
        (county.member_a, "甲镇笔记"),
        (User.objects.get(username="li_b"), "乙镇笔记"),
    ):
        note = study.note_create(actor=author, title=title, body="学习笔记正文" * 20)
        study.note_submit(actor=author, note=note)
    from dangjian.study import plan_services

    for actor, org, title in (
        (county.secretary_a, county.township_a, "甲镇学习计划"),
        (county.secretary_b, county.township_b, "乙镇学习计划"),
    ):
        plan_services.plan_create(actor=actor, org=org, year=2026, title=title)


def _no_leak(county, persona: str, response) -> None:
    readable = response["Content-Type"].startswith(("text/html", "application/json"))
    if response.status_code == 200 and persona in ("secretary_b", "inspector_b") and readable:
        secrets = (county.person_a.name, county.village_a1.name, county.township_a.name)
        for secret in secrets + A_SECRETS:
            assert secret.encode() not in response.content, secret


def database_state() -> dict[str, list]:
    """Every row of every org-owned model, accounts and the corpus: what a POST may change.

    Raw SQL, one SELECT per table: the matrix takes this snapshot four times per URL and
    persona, and the ORM's per-row dictionaries were half of the matrix's time."""
    from django.apps import apps
    from django.db import connection

    from dangjian.orgs.scoping import OrgOwned

    tracked = ("orgs.User", "originality.SourceDocument", "notices.Notice")
    state = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not (issubclass(model, OrgOwned) or model._meta.label in tracked):
                continue
            # last_login moves when the matrix signs a persona in, not because of the request.
            columns = ", ".join(
                connection.ops.quote_name(field.column)
                for field in model._meta.concrete_fields
                if field.column != "last_login"
            )
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {pk}")
            state[model._meta.label] = cursor.fetchall()
    return state


def test_the_snapshot_notices_a_changed_field(county):
    # The matrix's "changed nothing" rests on this snapshot: an edited field, a new row and
    # a deleted one must each change it; signing in (last_login) must not.
    from django.contrib.auth import get_user_model

    before = database_state()
    county.village_a1.__class__.objects.unscoped("test").filter(pk=county.village_a1.pk).update(
        name="改名"
    )
    assert database_state() != before
    before = database_state()
    get_user_model().objects.filter(pk=county.member_a.pk).update(last_login="2026-01-01T00:00Z")
    assert database_state() == before
    get_user_model().objects.create_user(username="new_one")
    assert database_state() != before


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_method(client, county, both, case, persona, django_capture_on_commit_callbacks):
    """One persona, one URL, every method, on one fixture (the fixture is most of the cost):
    GET first; then PUT, PATCH and DELETE, 405 for everyone signed in (refused before any
    permission is looked at; an anonymous caller meets the login first — a redirect for
    pages, 401 for the API — unless the page is public) and changing nothing; POST last, as
    the one method whose writers may legitimately change rows."""
    url = case.url(county)
    _login(client, county, persona)
    response = client.get(url)
    assert response.status_code == case.expect[persona], ("GET", response.content[:300])
    _no_leak(county, persona, response)

    for method in OTHER_METHODS:
        expected = 405
        if persona == "anonymous" and case.expect["anonymous"] in (LOGIN, API_ANON):
            expected = case.expect["anonymous"]
        answered = (case.other or {}).get(method)
        if answered:
            expected = answered[persona]
        before = database_state()
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == expected, (
            method,
            WHY_ONLY_GET_AND_POST,
            response.status_code,
        )
        if not (answered and persona in case.writers):
            assert database_state() == before, f"{persona}'s {method} to {case.name} changed rows"

    payload = case.payload(county) if case.payload else {}
    expected = case.post or every(
        405, anonymous=LOGIN if case.expect["anonymous"] == LOGIN else 405
    )
    before = database_state()
    with django_capture_on_commit_callbacks(execute=True):
        if case.json:
            response = client.post(url, payload, content_type="application/json")
        else:
            response = client.post(url, payload)
    assert response.status_code == expected[persona], ("POST", response.content[:500])
    if persona == "anonymous" and response.status_code == LOGIN and case.name != "logout":
        assert response["Location"].startswith(reverse("login")) or case.name in ("set_language",)
    if persona not in case.writers:
        assert database_state() == before, f"{persona}'s POST to {case.name} changed rows"
    _no_leak(county, persona, response)


def test_anonymous_is_sent_to_login_with_next(client, county):
    url = reverse("orgs:org-detail", args=[county.village_a1.pk])
    response = client.get(url)
    assert response.url.startswith(reverse("login")) and "next=" in response.url


@pytest.mark.parametrize("persona", ["secretary_a", "member_a", "inspector_b", "dept_admin"])
def test_admin_site_is_for_superusers_only(client, county, persona):
    client.force_login(county.personas()[persona])
    for url in (
        reverse("admin:index"),
        reverse("admin:orgs_organization_change", args=[county.root.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_superuser_reaches_admin(client, county):
    client.force_login(county.superuser)
    assert client.get(reverse("admin:orgs_organization_changelist")).status_code == 200


# ---- no leak through search, filters or exports ---------------------------------------------


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_search_and_filters_do_not_leak(client, county, persona):
    client.force_login(county.personas()[persona])
    for url in (
        reverse("orgs:org-list") + "?q=甲",
        reverse("orgs:org-list") + f"?q={county.village_a1.code}",
        reverse("orgs:person-list") + f"?q={county.person_a.name}",
        reverse("orgs:person-list") + "?q=138",
    ):
        # The htmx request renders the results alone, without the echoed search box.
        body = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in body
        assert county.village_a1.name not in body and county.person_a.name not in body, url
    body = client.get(reverse("orgs:org-terms")).content.decode()
    assert county.village_a1.name not in body
    assert (
        client.get(reverse("orgs:org-list") + f"?under={county.township_a.pk}").status_code == 404
    )
    assert (
        client.get(reverse("orgs:person-list") + f"?org={county.village_a1.pk}").status_code == 404
    )
    assert (
        client.post(reverse("orgs:person-export") + f"?org={county.village_a1.pk}").status_code
        == 404
    )


def _sheet_column(content: bytes, index: int) -> list:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_exports_hold_only_the_users_subtree(client, county):
    client.force_login(county.secretary_b)
    org_codes = _sheet_column(download_export(client, reverse("orgs:org-export")), 0)
    assert sorted(org_codes) == ["B1", "TB"]
    names = _sheet_column(download_export(client, reverse("orgs:person-export")), 0)
    assert names == [county.person_b.name]
    client.force_login(county.dept_admin)
    codes = _sheet_column(download_export(client, reverse("orgs:org-export") + "?q=甲"), 0)
    assert sorted(codes) == ["A1", "A1G", "TA"]


def test_posts_to_other_township_are_404_and_change_nothing(client, county):
    client.force_login(county.secretary_b)
    url = reverse("orgs:org-edit", args=[county.village_a1.pk])
    response = client.post(
        url,
        {
            "code": "A1",
            "name": "被改名",
            "category": "rural",
            "org_type": "branch",
            "term_years": 5,
        },
    )
    assert response.status_code == 404
    county.village_a1.refresh_from_db()
    assert county.village_a1.name == "甲一村党支部"


def test_unparsable_and_unknown_ids_are_404(client, county):
    client.force_login(county.dept_admin)
    assert client.get(reverse("orgs:org-detail", args=[999999])).status_code == 404
    assert client.get(reverse("orgs:org-create") + "?parent=abc").status_code == 404
    assert client.get(reverse("orgs:person-detail", args=[999999])).status_code == 404
