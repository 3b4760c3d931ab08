"""Pages of key projects: the board's columns and filters, create with milestone rows (and
the refusal of a milestone after the year), edit, the phone report form meeting a milestone,
finish; township B never sees township A's project."""

import datetime

import pytest
from django.urls import reverse

from dangjian.work import project_selectors as selectors
from dangjian.work import project_services
from dangjian.work.models import KeyProject, ProjectReport
from dangjian.work.tests.matrix_project import form_fields, project
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db
YEAR = local_today().year


def test_board_groups_by_status_with_cards(client, county):
    row = project(county)
    # Reported today: on track even in the last fortnight of the year.
    project_services.project_report(actor=county.secretary_a, project=row, text="进展")
    # Last year's project with its December milestone unmet: late, whatever today is.
    late = project(
        county,
        title="甲一村滞后项目",
        year=YEAR - 1,
        milestones=[(datetime.date(YEAR - 1, 12, 31), "验收")],
    )
    client.force_login(county.secretary_a)
    response = client.get(reverse("work:project-board"), {"year": "all"})
    assert response.status_code == 200
    columns = dict(response.context["columns"])
    assert [r.project for r in columns["late"]] == [late]
    assert [r.project for r in columns["on_track"]] == [row]
    assert row in [r.project for status in columns for r in columns[status]]
    html = response.content.decode()
    assert 'data-status="on_track"' in html and 'data-status="finished"' in html
    assert county.person_a.name in html  # the responsible cadre on the card


def test_board_filters_year_and_org(client, county):
    project(county)
    project(county, county.township_b, responsible=county.person_b, title="乙镇项目")
    client.force_login(county.dept_admin)
    url = reverse("work:project-board")
    rows = lambda r: [x.project.title for _s, col in r.context["columns"] for x in col]  # noqa: E731
    assert sorted(rows(client.get(url))) == sorted(["甲一村基层党建示范点创建", "乙镇项目"])
    assert rows(client.get(url, {"org": county.township_b.pk})) == ["乙镇项目"]
    assert rows(client.get(url, {"year": YEAR - 1})) == []
    assert len(rows(client.get(url, {"year": "all"}))) == 2
    assert client.get(url, {"org": "x1"}).status_code == 404
    client.force_login(county.secretary_b)
    assert rows(client.get(url)) == ["乙镇项目"]
    assert client.get(url, {"org": county.village_a1.pk}).status_code == 404


def test_create_with_milestone_rows(client, county):
    client.force_login(county.secretary_a)
    url = reverse("work:project-create")
    page = client.get(url, {"org": county.village_a1.pk})
    assert page.status_code == 200
    assert county.person_a.name in page.content.decode()
    fields = form_fields(county) | {
        "milestones-TOTAL_FORMS": "3",
        "milestones-1-due_on": f"{YEAR}-06-30",
        "milestones-1-title": "中期推进",
    }
    response = client.post(url, fields)
    created = KeyProject.objects.unscoped("test").get()
    assert response.status_code == 302 and response.url == reverse(
        "work:project-detail", args=[created.pk]
    )
    assert [m.title for m in selectors.project_row(created).milestones] == ["中期推进", "验收销号"]


def test_create_refuses_a_milestone_after_the_year(client, county):
    client.force_login(county.secretary_a)
    fields = form_fields(county) | {"milestones-0-due_on": f"{YEAR + 1}-01-10"}
    response = client.post(reverse("work:project-create"), fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{YEAR + 1}-01-10" in html and "不在项目年度" in html
    assert not KeyProject.objects.unscoped("test").exists()


def test_create_row_needs_date_and_title(client, county):
    client.force_login(county.secretary_a)
    fields = form_fields(county) | {"milestones-0-title": ""}
    response = client.post(reverse("work:project-create"), fields)
    assert response.status_code == 200
    assert "同时填写节点日期和内容" in response.content.decode()
    assert not KeyProject.objects.unscoped("test").exists()


def test_edit_changes_the_project(client, county):
    row = project(county)
    client.force_login(county.secretary_a)
    url = reverse("work:project-edit", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200 and "通过验收" in page.content.decode()
    (milestone,) = selectors.project_row(row).milestones
    fields = form_fields(county, title="改名") | {
        "milestones-INITIAL_FORMS": "1",
        "milestones-0-id": milestone.pk,
        "milestones-0-title": "通过验收",
    }
    assert client.post(url, fields).status_code == 302
    row.refresh_from_db()
    assert row.title == "改名"
    assert [m.pk for m in selectors.project_row(row).milestones] == [milestone.pk]


def test_report_on_a_phone_meets_a_milestone(client, county):
    row = project(county)
    (milestone,) = selectors.project_row(row).milestones
    client.force_login(county.member_a)
    url = reverse("work:project-report", args=[row.pk])
    page = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    html = page.content.decode()
    assert 'name="text"' in html and "通过验收" in html and "w-100" in html
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 200 and not ProjectReport.objects.unscoped("test").exists()
    response = client.post(url, {"text": "已通过验收", "milestone": milestone.pk})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.met_on == local_today()
    detail = client.get(reverse("work:project-detail", args=[row.pk])).content.decode()
    assert "已通过验收" in detail


def test_finish_page_refuses_until_every_milestone_is_met(client, county):
    row = project(county)
    client.force_login(county.secretary_a)
    url = reverse("work:project-finish", args=[row.pk])
    response = client.post(url)
    assert response.status_code == 200 and "通过验收" in response.content.decode()
    row.refresh_from_db()
    assert row.finished_on is None
    done = project(county, met=True, title="已完成项目")
    assert client.post(reverse("work:project-finish", args=[done.pk])).status_code == 302
    done.refresh_from_db()
    assert done.finished_on == local_today()
    # A finished project's edit and report pages send back to the project.
    assert client.get(reverse("work:project-edit", args=[done.pk])).status_code == 302
    assert client.get(reverse("work:project-report", args=[done.pk])).status_code == 302


def test_township_b_gets_404_everywhere(client, county):
    row = project(county)
    for persona in (county.secretary_b, county.inspector_b):
        client.force_login(persona)
        for name in ("detail", "edit", "report", "finish"):
            url = reverse(f"work:project-{name}", args=[row.pk])
            assert client.get(url).status_code == 404
            if name != "detail":  # the detail only reads (405)
                assert client.post(url, {"text": "x"}).status_code == 404
    assert ProjectReport.objects.unscoped("test").count() == 0


def test_hub_links_the_board(client, county):
    client.force_login(county.member_a)
    html = client.get(reverse("work:home")).content.decode()
    assert reverse("work:project-board") in html
