"""干训讲堂 pages and API: what each persona gets, bad input, and pinned query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.conftest import make_org, make_person
from dangjian.notices.models import Notice
from dangjian.orgs.models import User
from dangjian.study import hall_services
from dangjian.study.models import Material, MaterialRead, Suggestion
from dangjian.study.tests.matrix_hall import category, material, pdf


@pytest.fixture(autouse=True)
def hall_dir(settings, tmp_path):
    settings.DANGJIAN_HALL_DIR = tmp_path / "hall"


def test_catalogue_search_on_the_page(client, county):
    material(county, title="基层治理", body="加强党建工作。")
    material(county, title="队伍建设", body="党员队伍建设。")
    client.force_login(county.member_a)
    page = client.get(reverse("study:hall-list"), {"q": "党建"}).content.decode()
    assert "基层治理" in page and "队伍建设" not in page


def test_material_page_records_the_opening_and_carries_the_end_sentinel(client, county):
    m = material(county)
    client.force_login(county.member_a)
    page = client.get(reverse("study:hall-detail", args=[m.pk])).content.decode()
    assert "data-hall-end" in page and reverse("study:hall-progress", args=[m.pk]) in page
    read = MaterialRead.objects.unscoped("test").get()
    assert read.finished_at is None
    response = client.post(
        reverse("study:hall-progress", args=[m.pk]), {"seconds": "9999", "finished": "on"}
    )
    assert response.status_code == 400  # a beat of more than an hour is not a beat
    response = client.post(reverse("study:hall-progress", args=[m.pk]), {"finished": "on"})
    assert response.status_code == 204
    assert MaterialRead.objects.unscoped("test").get().finished_at is not None


def test_download_is_served_through_the_view_and_counted(client, county):
    m = material(county, file=pdf(size=10))
    client.force_login(county.member_a)
    response = client.get(reverse("study:hall-download", args=[m.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert Material.objects.unscoped("test").get().downloads == 1
    no_file = material(county, title="无附件")
    assert client.get(reverse("study:hall-download", args=[no_file.pk])).status_code == 404
    client.force_login(county.secretary_b)
    assert client.get(reverse("study:hall-download", args=[m.pk])).status_code == 404
    assert Material.objects.unscoped("test").get(pk=m.pk).downloads == 1


def test_publishing_through_the_page_with_a_wrong_file_saves_nothing(client, county):
    client.force_login(county.secretary_a)
    payload = {
        "org": county.township_a.pk,
        "category": category().pk,
        "year": 2026,
        "title": "讲稿",
        "publish": "on",
    }
    bad = SimpleUploadedFile("讲稿.exe", b"MZ")
    response = client.post(reverse("study:hall-new"), payload | {"file": bad})
    assert response.status_code == 200 and "讲稿.exe" in response.content.decode()
    response = client.post(reverse("study:hall-new"), payload)  # neither text nor file
    assert response.status_code == 200
    assert not Material.objects.unscoped("test").exists()
    response = client.post(reverse("study:hall-new"), payload | {"file": pdf()})
    saved = Material.objects.unscoped("test").get()
    assert response["Location"] == reverse("study:hall-detail", args=[saved.pk])
    assert saved.status == "published" and saved.file_name == "讲稿.pdf"
    assert saved.file.name.startswith("materials/")


def test_suggestion_flow_on_the_page(client, county, django_capture_on_commit_callbacks):
    m = material(county, actor=county.secretary_a)
    colleague = make_person(county.superuser, county.village_a1, "同村党员")
    colleague.user = User.objects.create_user(username="colleague")
    colleague.save()
    client.force_login(county.member_a)
    url = reverse("study:hall-suggest", args=[m.pk])
    client.post(url, {"body": "   "})
    assert not Suggestion.objects.unscoped("test").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "希望多讲案例"})
    (suggestion,) = Suggestion.objects.unscoped("test").all()
    # The publisher is told that a suggestion waits (after the commit).
    assert Notice.objects.filter(recipient=county.secretary_a, link__contains=f"/{m.pk}/").exists()
    moderate = reverse("study:hall-moderate", args=[suggestion.pk])
    assert client.post(moderate, {"decision": "approved"}).status_code == 403
    client.force_login(colleague.user)  # a reader who does not moderate: nothing yet
    assert (
        "希望多讲案例" not in client.get(reverse("study:hall-detail", args=[m.pk])).content.decode()
    )
    client.force_login(county.secretary_b)
    assert client.post(moderate, {"decision": "approved"}).status_code == 404
    client.force_login(county.secretary_a)
    assert client.post(moderate, {"decision": "approved"}).status_code == 302
    client.force_login(colleague.user)
    assert "希望多讲案例" in client.get(reverse("study:hall-detail", args=[m.pk])).content.decode()


def test_statistics_page_lists_units_and_who_has_not_read(client, county):
    m = material(county)
    hall_services.material_progress(actor=county.member_a, material=m, finished=True)
    make_person(county.superuser, county.village_a1, "王未读")
    client.force_login(county.secretary_a)
    url = reverse("study:hall-material-stats", args=[m.pk])
    page = client.get(url, {"unit": county.village_a1.pk}).content.decode()
    assert "甲一村党支部" in page and "王未读" in page
    assert "张甲" not in page.split('id="hall-laggards"')[1]
    assert client.get(url, {"unit": county.village_b1.pk}).status_code == 404
    client.force_login(county.member_a)
    assert client.get(url).status_code == 403


def test_moderation_queue_holds_the_pending_suggestions_in_reach(client, county):
    a = material(county)
    b = material(county, org=county.township_b, title="乙镇资料")
    hall_services.suggestion_create(actor=county.member_a, material=a, body="甲镇的建议")
    li_b = User.objects.create_user(username="li_b")
    county.person_b.user = li_b
    county.person_b.save()
    b_suggestion = hall_services.suggestion_create(actor=li_b, material=b, body="乙镇的建议")
    url = reverse("study:hall-moderation")
    client.force_login(county.secretary_b)
    page = client.get(url).content.decode()
    assert "乙镇的建议" in page and "甲镇的建议" not in page
    moderate = reverse("study:hall-moderate", args=[b_suggestion.pk])
    response = client.post(moderate, {"decision": "rejected", "back": "queue"})
    assert response["Location"] == url
    assert "乙镇的建议" not in client.get(url).content.decode()
    client.force_login(county.secretary_a)
    assert "甲镇的建议" in client.get(url).content.decode()
    client.force_login(county.member_a)
    assert client.get(url).status_code == 403


# ---- API -----------------------------------------------------------------------------------


def test_api_lists_searches_reads_and_takes_suggestions(client, county):
    m = material(county, title="基层治理", body="加强党建工作。")
    material(county, title="队伍建设", body="党员队伍建设。")
    material(county, org=county.township_b, title="乙镇资料", body="党建")
    client.force_login(county.member_a)
    listed = client.get(reverse("api:study-hall-material-list"), {"q": "党建"}).json()
    assert [row["title"] for row in listed["results"]] == ["基层治理"]
    detail = client.get(reverse("api:study-hall-material-detail", args=[m.pk])).json()
    assert detail["body"] == "加强党建工作。" and MaterialRead.objects.unscoped("test").exists()
    url = reverse("api:study-hall-material-suggestions", args=[m.pk])
    empty = client.post(url, {"body": " "}, content_type="application/json")
    assert empty.status_code == 400 and "body" in empty.json()
    created = client.post(url, {"body": "建议"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    client.force_login(county.secretary_b)
    b_list = client.get(reverse("api:study-hall-material-list")).json()
    assert [row["title"] for row in b_list["results"]] == ["乙镇资料"]
    assert client.post(url, {"body": "建议"}, content_type="application/json").status_code == 404


def test_api_is_in_the_openapi_schema(client, county):
    client.force_login(county.member_a)
    paths = client.get(reverse("api:schema")).json()["paths"]
    assert "/api/v1/study/hall/materials" in paths
    assert "post" in paths["/api/v1/study/hall/materials/{id}/suggestions"]


# ---- query counts --------------------------------------------------------------------------

EXTRA = 20
PAGES = {
    "catalogue": 8,
    "search": 8,
    "material": 8,
    "material stats": 10,
    "year stats": 6,
    "moderation": 6,
}


def _add(county, n: int) -> Material:
    """n more materials, units, readers and approved suggestions on one material."""
    m = material(county, title="主资料")
    hall_services.suggestion_create(actor=county.member_a, material=m, body="待审")
    for i in range(n):
        material(county, title=f"资料{i}")
        unit = make_org(county.superuser, county.township_a, f"X{i}", f"甲镇第{i}支部")
        person = make_person(county.superuser, unit, f"读者{i}")
        person.user = User.objects.create_user(username=f"reader{i}")
        person.save()
        hall_services.material_progress(actor=person.user, material=m, finished=True)
        s = hall_services.suggestion_create(actor=person.user, material=m, body=f"建议{i}")
        hall_services.suggestion_moderate(actor=county.superuser, suggestion=s, decision="approved")
        hall_services.suggestion_create(actor=person.user, material=m, body=f"待审{i}")
    return m


@pytest.mark.parametrize("rows", ["one", "many"])
def test_hall_query_counts_are_pinned(client, county, rows):
    m = _add(county, EXTRA if rows == "many" else 0)
    client.force_login(county.secretary_a)
    client.get(reverse("home"))
    year = timezone.localdate().year
    urls = {
        "catalogue": reverse("study:hall-list"),
        "search": reverse("study:hall-list") + "?q=资料",
        "material": reverse("study:hall-detail", args=[m.pk]),
        "material stats": reverse("study:hall-material-stats", args=[m.pk])
        + f"?unit={county.village_a1.pk}",
        "year stats": reverse("study:hall-stats") + f"?year={year}",
        "moderation": reverse("study:hall-moderation"),
    }
    found = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        found[name] = len(queries)
    assert found == PAGES
    extra = EXTRA if rows == "many" else 0
    page = client.get(urls["material stats"]).content.decode()
    assert page.count("data-unit=") == 3 + extra
    assert client.get(urls["moderation"]).content.decode().count("data-suggestion=") == 1 + extra
