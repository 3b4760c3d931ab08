"""Plan pages: creating a plan (blank or copied), the detail's buttons per user, items and
milestones through their forms (errors shown, nothing saved), the workflow's steps, the
approval queue, the schedule (grid and list by month) and its exports read back."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from dangjian.work.models import Milestone, PlanAttachment, WorkItem, WorkPlan
from dangjian.work.tests import fixtures
from dangjian.work.tests.matrix_plan import approved, both_plans, draft, submitted, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English: the tests read their words."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def test_create_a_blank_plan_then_a_duplicate(client, county):
    client.force_login(county.secretary_a)
    url = reverse("work:plan-create")
    response = client.post(url, {"org": county.village_a1.pk, "year": this_year(), "title": "甲"})
    plan = WorkPlan.objects.unscoped("test").get()
    assert response.status_code == 302 and response.url == reverse(
        "work:plan-detail", args=[plan.pk]
    )
    response = client.post(url, {"org": county.village_a1.pk, "year": this_year(), "title": "乙"})
    assert response.status_code == 200
    assert "already has a work plan" in response.content.decode()
    assert WorkPlan.objects.unscoped("test").count() == 1


def test_create_as_a_copy_of_last_year(client, county):
    client.force_login(county.secretary_a)
    url = reverse("work:plan-create")
    fields = {"org": county.village_a1.pk, "year": this_year(), "copy_last_year": "on"}
    response = client.post(url, fields)
    assert response.status_code == 200
    assert f"has no plan for {this_year() - 1}" in response.content.decode()
    source = draft(county, year=this_year() - 1, items_count=2)
    response = client.post(url, fields)
    copy = WorkPlan.objects.unscoped("test").get(year=this_year())
    assert response.status_code == 302 and copy.copied_from_id == source.pk
    assert WorkItem.objects.unscoped("test").filter(plan=copy).count() == 2


def test_detail_shows_the_buttons_each_user_may_use(client, county):
    plan = submitted(county)
    client.force_login(county.secretary_a)  # the level above village A1
    page = client.get(reverse("work:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("work:plan-approve", args=[plan.pk]) in page
    assert reverse("work:plan-submit", args=[plan.pk]) not in page  # submitted already
    assert "甲村事项1" in page and "完成过半" in page
    # The member responsible for an item sees the plan once published, not before.
    client.force_login(county.member_a)
    assert client.get(reverse("work:plan-detail", args=[plan.pk])).status_code == 404
    WorkPlan.objects.unscoped("test").filter(pk=plan.pk).update(status="published")
    page = client.get(reverse("work:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("work:plan-approve", args=[plan.pk]) not in page
    assert reverse("work:plan-edit", args=[plan.pk]) not in page
    assert "甲村事项1" in page


def test_item_and_milestone_forms(client, county):
    plan = draft(county, items_count=0)
    client.force_login(county.secretary_a)
    url = reverse("work:plan-item-add", args=[plan.pk])
    form = client.get(url).content.decode()
    assert "张甲" in form and "李乙" not in form  # people of the plan's subtree only
    response = client.post(url, {"kind": "routine", "title": "", "org": county.village_a1.pk})
    assert response.status_code == 200 and not WorkItem.objects.unscoped("test").exists()
    response = client.post(
        url,
        {
            "kind": "innovative",
            "title": "党建引领乡村振兴",
            "org": county.group_a1.pk,
            "owner": county.person_a.pk,
            "group": "支部委员",
        },
    )
    item = WorkItem.objects.unscoped("test").get()
    assert response.url == reverse("work:plan-milestone-add", args=[item.pk])
    url = reverse("work:plan-milestone-add", args=[item.pk])
    late = f"{plan.year + 1}-01-10"
    response = client.post(url, {"due_on": late, "title": "总结"})
    page = response.content.decode()
    assert response.status_code == 200 and "after the plan&#x27;s year" in page and late in page
    response = client.post(url, {"due_on": f"{plan.year}-05-20", "title": "启动", "another": "1"})
    assert response.url == url
    milestone = Milestone.objects.unscoped("test").get()
    item.refresh_from_db()
    assert item.deadline == datetime.date(plan.year, 5, 20)
    remove = reverse("work:plan-milestone-remove", args=[milestone.pk])
    assert "启动" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not Milestone.objects.unscoped("test").exists()


def test_item_on_a_published_plan_is_refused_with_a_message(client, county):
    item = fixtures.item(county)
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("work:plan-item-add", args=[item.plan.pk]),
        {"kind": "routine", "title": "迟到的事项", "org": county.village_a1.pk},
    )
    assert response.status_code == 200 and "Published" in response.content.decode()
    assert WorkItem.objects.unscoped("test").count() == 1


def test_workflow_through_the_pages(client, county):
    plan = draft(county, actor=county.secretary_a)
    client.force_login(county.secretary_a)
    response = client.post(reverse("work:plan-submit", args=[plan.pk]))
    assert response.status_code == 302
    queue = client.get(reverse("work:plan-queue")).content.decode()
    assert plan.title in queue
    # A return without a note: the form again, with the error on the note.
    response = client.post(reverse("work:plan-return", args=[plan.pk]), {"note": ""})
    assert response.status_code == 200 and "needs a note" in response.content.decode()
    client.post(reverse("work:plan-approve", args=[plan.pk]), {"note": "同意"})
    client.post(reverse("work:plan-publish", args=[plan.pk]))
    assert WorkPlan.objects.unscoped("test").get(pk=plan.pk).status == "published"
    assert plan.title not in client.get(reverse("work:plan-queue")).content.decode()


def test_submitting_an_incomplete_plan_says_which_items(client, county):
    plan = draft(county, items_count=0)
    client.force_login(county.secretary_a)
    response = client.post(reverse("work:plan-submit", args=[plan.pk]), follow=True)
    assert "no item yet" in response.content.decode()
    assert WorkPlan.objects.unscoped("test").get(pk=plan.pk).status == "draft"


def test_list_filters(client, county):
    both_plans(county)
    old = approved(county, county.township_a, year=this_year() - 1, owner=county.person_a)
    client.force_login(county.dept_admin)
    page = client.get(reverse("work:plan-list")).content.decode()
    assert "甲一村党支部" in page and "乙一村党支部" in page and "甲镇党委" in page
    page = client.get(reverse("work:plan-list"), {"year": this_year() - 1}).content.decode()
    assert old.title in page and "乙一村党支部" not in page
    page = client.get(
        reverse("work:plan-list"), {"org": county.township_b.pk, "status": "published"}
    ).content.decode()
    assert "乙一村党支部" in page and "甲一村党支部" not in page
    assert client.get(reverse("work:plan-list"), {"year": "２０２６"}).status_code == 404
    assert client.get(reverse("work:plan-schedule"), {"year": "99999"}).status_code == 404


def _schedule_plan(county):
    plan = draft(county, items_count=2)
    first = WorkItem.objects.unscoped("test").get(plan=plan, number=1)
    Milestone.objects.create(item=first, due_on=datetime.date(plan.year, 3, 8), title="动员部署")
    return plan


def test_schedule_grid_and_list_by_month(client, county):
    plan = _schedule_plan(county)
    client.force_login(county.member_a)  # a draft: not the member's to see yet
    assert client.get(reverse("work:plan-schedule"), {"plan": plan.pk}).status_code == 404
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:plan-schedule"), {"plan": plan.pk}).content.decode()
    assert 'id="schedule-grid"' in page and 'id="schedule-months"' in page
    assert page.count("动员部署") == 2  # once in the grid, once in March's list
    grid, by_month = page.split('id="schedule-months"')
    assert "Month 7" in grid  # the grid has every month's column
    assert "Month 3" in by_month and "Month 6" in by_month and "Month 7" not in by_month


def test_county_schedule_holds_published_plans_of_the_subtree(client, county):
    both_plans(county)
    draft(county, county.township_a, title="未发布")
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:plan-schedule")).content.decode()
    assert "规范三会一课" in page and "甲村事项1" not in page
    client.force_login(county.secretary_b)
    page = client.get(reverse("work:plan-schedule")).content.decode()
    assert "乙一村党支部" in page and "甲一村党支部" not in page


def test_schedule_exports_read_back(client, county):
    plan = _schedule_plan(county)
    client.force_login(county.secretary_a)
    response = client.get(reverse("work:plan-schedule-xlsx"), {"plan": plan.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Organization", "Kind", "Item")
    assert rows[0][8] == "Month 1" and rows[0][19] == "Month 12"
    assert rows[1][:4] == (1, "甲一村党支部", "Routine", "甲村事项1")
    assert rows[1][6] == "张甲" and rows[1][7] == f"{plan.year}-06-30"
    assert rows[1][10] == "03-08 动员部署" and rows[1][13] == "06-30 完成过半"
    assert rows[2][3] == "甲村事项2" and rows[2][10] is None
    response = client.get(reverse("work:plan-schedule-docx"), {"plan": plan.pk})
    document = Document(io.BytesIO(response.content))
    assert plan.title in document.paragraphs[0].text
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells][-1] == "Schedule"
    first = [cell.text for cell in table.rows[1].cells]
    assert first[3] == "甲村事项1"
    assert first[-1] == "Month 3: 动员部署\nMonth 6: 完成过半"
    assert len(table.rows) == 3


def test_files_attach_and_serve(
    client, county, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DANGJIAN_WORK_DIR = str(tmp_path)
    plan = draft(county)
    client.force_login(county.secretary_a)
    url = reverse("work:plan-file-add", args=[plan.pk])
    response = client.post(url, {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert response.status_code == 200 and "a.exe" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("计划.pdf", b"%PDF-1.4")})
    assert response.status_code == 302
    row = PlanAttachment.objects.unscoped("test").get()
    served = client.get(reverse("work:file", args=["plan", row.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4"
    # The member responsible for an item does not get the plan's files.
    client.force_login(county.member_a)
    assert client.get(reverse("work:file", args=["plan", row.pk])).status_code == 404
    client.force_login(county.secretary_b)
    assert client.get(reverse("work:file", args=["plan", row.pk])).status_code == 404


def test_hub_links(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:home")).content.decode()
    for name in ("work:plan-list", "work:plan-queue", "work:plan-schedule"):
        assert reverse(name) in page
    client.force_login(county.member_a)
    page = client.get(reverse("work:home")).content.decode()
    assert reverse("work:plan-list") in page and reverse("work:plan-queue") not in page
