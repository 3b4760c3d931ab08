"""API of key projects: the list filtered by org, year and computed status; the detail with
milestones, reports and files; POST …/reports by the responsible cadre, meeting a milestone;
400s naming the fields, 404 for township B, 403 for a viewer who may not report."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from dangjian.conftest import make_person
from dangjian.work import project_selectors as selectors
from dangjian.work.models import ProjectReport
from dangjian.work.tests.matrix_project import project
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db
YEAR = local_today().year
TODAY = local_today()


@pytest.fixture(autouse=True)
def no_throttle_carryover():
    # Throttling counts per user id; ids repeat from test to test.
    cache.clear()


def test_paths_are_the_contracts():
    assert reverse("api:work-project-list").rstrip("/") == "/api/v1/work/projects"
    assert reverse("api:work-project-detail", args=[7]).rstrip("/") == "/api/v1/work/projects/7"
    assert (
        reverse("api:work-project-reports", args=[7]).rstrip("/")
        == "/api/v1/work/projects/7/reports"
    )


def test_list_filters_and_computes_status(client, county):
    on_track = project(county)
    # Last year's project with its December milestone unmet: late, whatever today is.
    late = project(
        county,
        title="滞后项目",
        year=YEAR - 1,
        milestones=[(datetime.date(YEAR - 1, 12, 31), "验收")],
    )
    b = project(county, county.township_b, responsible=county.person_b, title="乙镇项目")
    client.force_login(county.dept_admin)
    url = reverse("api:work-project-list")
    data = client.get(url).json()
    assert data["count"] == 3
    first = next(r for r in data["results"] if r["id"] == on_track.pk)
    assert first["responsible_name"] == county.person_a.name
    assert first["next_milestone"]["title"] == "通过验收"
    assert first["url"] == reverse("work:project-detail", args=[on_track.pk])
    ids = lambda **q: {r["id"] for r in client.get(url, q).json()["results"]}  # noqa: E731
    assert ids(org=county.township_b.pk) == {b.pk}
    assert ids(year=YEAR - 1) == {late.pk}
    assert ids(status="late") == {late.pk}
    assert on_track.pk not in ids(status="late")
    bad = client.get(url, {"org": "x", "year": "20x6", "status": "soon"})
    assert bad.status_code == 400 and set(bad.json()) == {"org", "year", "status"}
    client.force_login(county.secretary_b)
    assert ids() == {b.pk}
    assert client.get(url, {"org": county.village_a1.pk}).status_code == 404


def test_detail_holds_milestones_reports_and_files(client, county):
    row = project(county)
    client.force_login(county.member_a)
    response = client.post(
        reverse("api:work-project-reports", args=[row.pk]),
        {"text": "完成验收", "milestone": selectors.project_row(row).milestones[0].pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "on_track"
    assert data["milestones"][0]["met_on"] == TODAY.isoformat()
    assert data["reports"][0]["text"] == "完成验收"
    assert data["reports"][0]["reported_by"] == "member_a"
    detail = client.get(reverse("api:work-project-detail", args=[row.pk])).json()
    assert detail["statement"] and detail["files"] == []
    assert detail["last_report_on"] == TODAY.isoformat()


def test_report_bad_input_names_fields(client, county):
    row = project(county)
    other = project(county, title="另一个")
    client.force_login(county.secretary_a)
    url = reverse("api:work-project-reports", args=[row.pk])
    wrong = selectors.project_row(other).milestones[0].pk
    response = client.post(url, {"text": "", "milestone": wrong}, content_type="application/json")
    assert response.status_code == 400 and "milestone" in response.json()
    response = client.post(url, {"text": " "}, content_type="application/json")
    assert response.status_code == 400 and "text" in response.json()
    response = client.post(url, {"text": "x", "colour": 1}, content_type="application/json")
    assert response.status_code == 400 and "colour" in response.json()
    assert not ProjectReport.objects.unscoped("test").exists()


def test_report_rights(client, county):
    someone = make_person(county.superuser, county.village_a1, "王书记")
    row = project(county, responsible=someone)
    url = reverse("api:work-project-reports", args=[row.pk])
    client.force_login(county.member_a)  # not responsible: the project is out of sight
    assert client.post(url, {"text": "x"}, content_type="application/json").status_code == 404
    client.force_login(county.secretary_b)
    assert client.post(url, {"text": "x"}, content_type="application/json").status_code == 404
    assert client.get(reverse("api:work-project-detail", args=[row.pk])).status_code == 404
    # An inspector of township A's subtree sees but may not report: 403 with a message.
    from dangjian.conftest import make_user
    from dangjian.orgs.scoping import Role

    inspector_a = make_user("inspector_a", (Role.INSPECTOR, county.township_a))
    client.force_login(inspector_a)
    response = client.post(url, {"text": "x"}, content_type="application/json")
    assert response.status_code == 403 and "责任人" in response.json()["detail"]
    assert not ProjectReport.objects.unscoped("test").exists()


def test_finished_project_takes_no_report(client, county):
    row = project(county, met=True)
    from dangjian.work import project_services

    project_services.project_finish(actor=county.secretary_a, project=row)
    client.force_login(county.member_a)
    response = client.post(
        reverse("api:work-project-reports", args=[row.pk]),
        {"text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "已于" in str(response.json())
