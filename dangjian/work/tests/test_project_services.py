"""Services of key projects: who may do what (township B gets 404, the member 403 except on
their own project's report), bad input with specific messages and nothing partial saved,
milestones met by reports, finish, audit and the responsible cadre's notice."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dangjian.conftest import make_person
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.work import project_selectors as selectors
from dangjian.work import project_services as services
from dangjian.work.models import KeyProject, ProjectFile, ProjectMilestone, ProjectReport
from dangjian.work.tests import fixtures
from dangjian.work.tests.matrix_project import project
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db
YEAR = local_today().year


@pytest.fixture(autouse=True)
def english():
    # The messages are read in English here (the pages' Chinese is tested on the pages).
    with translation.override("en"):
        yield


def create(county, actor, **extra):
    fields = {
        "org": county.village_a1,
        "year": YEAR,
        "title": "村级集体经济",
        "responsible": county.person_a,
        "statement": "目标责任书",
        "milestones": [(datetime.date(YEAR, 6, 30), "方案"), (datetime.date(YEAR, 12, 31), "验收")],
    } | extra
    return services.project_create(actor=actor, **fields)


def counts():
    return (
        KeyProject.objects.unscoped("test").count(),
        ProjectMilestone.objects.unscoped("test").count(),
        ProjectReport.objects.unscoped("test").count(),
    )


def test_create_writes_project_milestones_audit_and_notice(
    county, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = create(county, county.secretary_a)
    assert [m.title for m in selectors.project_row(row).milestones] == ["方案", "验收"]
    entry = AuditEntry.objects.unscoped("test").get(action="work.project.create")
    assert entry.target_id == str(row.pk) and entry.org_path == county.village_a1.path
    notice = Notice.objects.get(recipient=county.member_a)
    assert "村级集体经济" in notice.subject and notice.link.endswith(f"/{row.pk}/")


def test_create_refused_outside_the_right(county):
    for actor in (county.member_a, county.inspector_b, county.secretary_b):
        with pytest.raises(PermissionDenied):
            create(county, actor)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"statement": "  "}, "statement", "目标责任书"),
        ({"title": ""}, "title", "title"),
        ({"year": 1900}, "year", "between"),
        ({"milestones": []}, "milestones", "at least one"),
        ({"milestones": [(datetime.date(YEAR, 5, 1), " ")]}, "milestones", "Milestone 1"),
    ],
)
def test_bad_input_names_the_field(county, extra, field, words):
    with pytest.raises(ValidationError) as caught:
        create(county, county.secretary_a, **extra)
    assert words in " ".join(caught.value.message_dict[field])
    assert counts() == (0, 0, 0)


def test_a_milestone_after_the_year_is_refused_by_number_and_date(county):
    late = datetime.date(YEAR + 1, 1, 5)
    with pytest.raises(ValidationError) as caught:
        create(
            county,
            county.secretary_a,
            milestones=[(datetime.date(YEAR, 3, 1), "a"), (late, "验收")],
        )
    (message,) = caught.value.message_dict["milestones"]
    assert "Milestone 2" in message and late.isoformat() in message and str(YEAR) in message
    assert counts() == (0, 0, 0)


def test_the_responsible_cadre_must_belong_to_the_subtree(county):
    with pytest.raises(ValidationError) as caught:
        create(county, county.dept_admin, responsible=county.person_b)
    assert county.person_b.name in caught.value.message_dict["responsible"][0]
    # A person of a group below the village is fine.
    below = make_person(county.superuser, county.group_a1, "组员甲")
    assert create(county, county.dept_admin, responsible=below).responsible == below


def test_the_item_must_belong_to_the_subtree_and_year(county):
    item_b = fixtures.item(county, fixtures.plan(county, county.village_b1), owner=None)
    with pytest.raises(ValidationError) as caught:
        create(county, county.dept_admin, item=item_b)
    assert "item" in caught.value.message_dict
    item_a = fixtures.item(county)
    assert create(county, county.dept_admin, item=item_a).item == item_a
    old_plan = fixtures.plan(county, county.village_a1, year=YEAR - 1, title="去年")
    old_item = fixtures.item(county, old_plan, owner=None)
    with pytest.raises(ValidationError) as caught:
        create(county, county.dept_admin, item=old_item)
    assert str(YEAR - 1) in caught.value.message_dict["item"][0]


def test_report_by_the_responsible_cadre_meets_a_milestone_today(county):
    row = create(county, county.secretary_a)
    first = selectors.project_row(row).milestones[0]
    day = datetime.date(YEAR, 6, 20)
    services.project_report(
        actor=county.member_a, project=row, text="方案已印发", milestone=first, today=day
    )
    first.refresh_from_db()
    assert first.met_on == day
    report = ProjectReport.objects.unscoped("test").get()
    assert report.reported_by == county.member_a and report.milestone == first
    # The same milestone twice: refused, saying when it was met.
    with pytest.raises(ValidationError) as caught:
        services.project_report(actor=county.member_a, project=row, text="again", milestone=first)
    assert day.isoformat() in caught.value.message_dict["milestone"][0]
    assert ProjectReport.objects.unscoped("test").count() == 1


def test_report_rights(county):
    row = create(
        county,
        county.secretary_a,
        responsible=make_person(county.superuser, county.village_a1, "王书记"),
    )
    # member_a sees nothing of a project they are not responsible for.
    for actor in (county.member_a, county.secretary_b, county.inspector_b):
        with pytest.raises(KeyProject.DoesNotExist):
            services.project_report(actor=actor, project=row, text="x")
    services.project_report(actor=county.secretary_a, project=row, text="代报")
    own = create(county, county.secretary_a)
    with pytest.raises(PermissionDenied):
        services.project_update(
            actor=county.member_a,
            project=own,
            year=YEAR,
            title="t",
            responsible=county.person_a,
            statement="s",
        )


def test_report_bad_input_saves_nothing(county, settings, tmp_path):
    settings.DANGJIAN_WORK_DIR = str(tmp_path)
    row = create(county, county.secretary_a)
    other = create(county, county.secretary_a, title="另一个")
    wrong = selectors.project_row(other).milestones[0]
    big = SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1))
    exe = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError) as caught:
        services.project_report(
            actor=county.secretary_a, project=row, text=" ", milestone=wrong, files=[big, exe]
        )
    errors = caught.value.message_dict
    assert set(errors) == {"text", "milestone", "files"}
    assert any("big.pdf" in e and "10" in e for e in errors["files"])
    assert any("virus.exe" in e for e in errors["files"])
    assert ProjectReport.objects.unscoped("test").count() == 0
    assert not ProjectFile.objects.unscoped("test").exists()
    assert not list(tmp_path.iterdir())


def test_report_files_are_written_on_commit_and_served_in_scope(
    county, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DANGJIAN_WORK_DIR = str(tmp_path)
    row = create(county, county.secretary_a)
    upload = SimpleUploadedFile("责任书.pdf", b"%PDF-1.4 signed")
    with django_capture_on_commit_callbacks(execute=True):
        services.project_report(actor=county.member_a, project=row, text="签订", files=[upload])
    file = ProjectFile.objects.unscoped("test").get()
    assert file.name == "责任书.pdf" and file.size == len(b"%PDF-1.4 signed")
    url = f"/work/files/project/{file.pk}"
    from django.urls import reverse

    url = reverse("work:file", args=["project", file.pk])
    for user, code in (
        (county.member_a, 200),
        (county.secretary_a, 200),
        (county.secretary_b, 404),
        (county.inspector_b, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == code, user
        if code == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"


def test_update_replaces_milestones_but_a_met_one_stays(county):
    row = create(county, county.secretary_a)
    first, second = selectors.project_row(row).milestones
    services.project_report(actor=county.secretary_a, project=row, text="ok", milestone=first)
    moved = [(first.pk, datetime.date(YEAR, 7, 1), first.title), (second.pk, second.due_on, "终验")]
    with pytest.raises(ValidationError) as caught:
        services.project_update(
            actor=county.secretary_a,
            project=row,
            year=YEAR,
            title="新名",
            responsible=county.person_a,
            statement="s",
            milestones=moved,
        )
    assert first.title in caught.value.message_dict["milestones"][0]
    row.refresh_from_db()
    assert row.title == "村级集体经济"
    kept = [(first.pk, first.due_on, first.title), (None, datetime.date(YEAR, 9, 1), "中期")]
    services.project_update(
        actor=county.secretary_a,
        project=row,
        year=YEAR,
        title="新名",
        responsible=county.person_a,
        statement="s",
        milestones=kept,
    )
    titles = [m.title for m in selectors.project_row(row).milestones]
    assert titles == [first.title, "中期"]
    assert AuditEntry.objects.unscoped("test").filter(action="work.project.update").count() == 1


def test_milestone_add_and_remove(county):
    row = create(county, county.secretary_a)
    with pytest.raises(ValidationError) as caught:
        services.milestone_add(
            actor=county.secretary_a, project=row, due_on=datetime.date(YEAR + 1, 2, 1), title="x"
        )
    assert "Milestone 3" in caught.value.message_dict["milestones"][0]
    added = services.milestone_add(
        actor=county.secretary_a, project=row, due_on=datetime.date(YEAR, 9, 1), title="中期"
    )
    services.milestone_remove(actor=county.secretary_a, milestone=added)
    assert len(selectors.project_row(row).milestones) == 2
    with pytest.raises(KeyProject.DoesNotExist):
        services.milestone_add(
            actor=county.secretary_b, project=row, due_on=datetime.date(YEAR, 9, 1), title="x"
        )


def test_finish_needs_every_milestone_met(county):
    row = create(county, county.secretary_a)
    with pytest.raises(ValidationError) as caught:
        services.project_finish(actor=county.secretary_a, project=row)
    assert "方案" in caught.value.message_dict["finished_on"][0]
    with pytest.raises(PermissionDenied):
        services.project_finish(actor=county.member_a, project=row)
    with pytest.raises(KeyProject.DoesNotExist):
        services.project_finish(actor=county.secretary_b, project=row)
    for milestone in selectors.project_row(row).milestones:
        services.project_report(actor=county.member_a, project=row, text="ok", milestone=milestone)
    day = datetime.date(YEAR, 12, 31)
    services.project_finish(actor=county.secretary_a, project=row, today=day)
    row.refresh_from_db()
    assert row.finished_on == day
    assert selectors.project_row(row).status == "finished"
    with pytest.raises(ValidationError):
        services.project_report(actor=county.member_a, project=row, text="more")


def test_last_report_date_is_read_in_asia_shanghai(county):
    """A report at 2026-01-31 16:30 UTC is on 1 February locally: within the 30 days that
    keep a project due soon on track on 3 March, not on 4 March."""
    row = project(county, year=2026, milestones=[(datetime.date(2026, 3, 10), "验收")])
    report = services.project_report(actor=county.secretary_a, project=row, text="进展")
    moment = datetime.datetime(2026, 1, 31, 16, 30, tzinfo=datetime.UTC)
    ProjectReport.objects.unscoped("test").filter(pk=report.pk).update(reported_at=moment)
    (on_time,) = selectors.with_status([row], datetime.date(2026, 3, 3))
    assert on_time.last_report_on == datetime.date(2026, 2, 1)
    assert on_time.status == "on_track"
    (stale,) = selectors.with_status([row], datetime.date(2026, 3, 4))
    assert stale.status == "at_risk"


def test_daily_reminder_tells_of_due_and_late_milestones_once(county):
    from dangjian.work.project_reminders import project_reminders

    due = datetime.date(YEAR, 6, 30)
    create(
        county,
        county.secretary_a,
        milestones=[(due, "方案"), (datetime.date(YEAR, 12, 31), "验收")],
    )
    # Four days before: nothing; three days before: the responsible cadre.
    assert project_reminders(due - datetime.timedelta(days=4)) == 0
    assert project_reminders(due - datetime.timedelta(days=3)) == 1
    assert project_reminders(due) == 0  # told once
    notice = Notice.objects.get(recipient=county.member_a)
    assert "方案" in notice.subject and notice.due_on == due
    # The day after: late — the cadre and the village's nearest managers (township A's secretary).
    late = project_reminders(due + datetime.timedelta(days=1))
    assert late >= 2
    told = set(
        Notice.objects.filter(key__startswith="work.project.late").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"member_a", "secretary_a"} <= told and "secretary_b" not in told
    assert project_reminders(due + datetime.timedelta(days=2)) == 0
