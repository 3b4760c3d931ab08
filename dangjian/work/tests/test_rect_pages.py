"""Pages of the rectification ledger: list, create, report (refused until the explanation is
given), accept and return, take-in, the .xlsx in the government ledger layout (read back)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.work.models import Rectification
from dangjian.work.tests.matrix_rect import create_fields, rect, reported, seminar
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db


def test_create_page_lists_a_problem(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:rect-create") + f"?org={county.village_a1.pk}")
    assert page.status_code == 200 and "张甲" in page.content.decode()
    response = client.post(reverse("work:rect-create"), create_fields(county))
    row = Rectification.objects.unscoped("test").get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{row.pk}/")
    assert row.responsible == county.person_a and row.issued_by == county.township_a


def test_create_page_shows_the_specific_errors(client, county):
    client.force_login(county.secretary_a)
    past = (local_today() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("work:rect-create"), create_fields(county, deadline=past, measures="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"deadline", "measures"}
    assert not Rectification.objects.unscoped("test").exists()


def test_report_form_refuses_not_done_until_explained_then_owner_accepts(client, county):
    row = rect(county)
    url = reverse("work:rect-detail", args=[row.pk])
    client.force_login(county.member_a)
    form = client.get(url).content.decode()
    # One tap per outcome (large buttons on a phone).
    assert 'class="btn-check" name="outcome" id="id_outcome_2" value="not_done"' in form
    response = client.post(url, {"outcome": "not_done", "text": "未完成"})
    assert response.status_code == 200
    assert 'value="not_done" checked' in response.content.decode()
    assert set(response.context["form"].errors) == {"reason", "measures", "new_deadline"}
    new = (row.deadline + datetime.timedelta(days=10)).isoformat()
    fields = {"reason": "人手不足", "measures": "增派人员", "new_deadline": new}
    response = client.post(url, {"outcome": "not_done", "text": "未完成"} | fields)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "人手不足" in page and new in page  # the report and the deadline history
    response = client.post(url, {"outcome": "done", "text": "全部完成"})
    assert response.status_code == 302
    # The member may not accept; the township's secretary does.
    accept = reverse("work:rect-accept", args=[row.pk])
    assert client.get(accept).status_code == 403
    client.force_login(county.secretary_a)
    assert "work/rectifications" in client.get(url).content.decode()
    response = client.post(accept, {"decision": "close", "note": "验收合格"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "closed"
    # Closed: no report form any more.
    assert 'id="rect-report-form"' not in client.get(url).content.decode()


def test_accept_page_returns_with_a_reason(client, county):
    row = reported(county)
    client.force_login(county.secretary_a)
    accept = reverse("work:rect-accept", args=[row.pk])
    response = client.post(accept, {"decision": "return", "note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    response = client.post(accept, {"decision": "return", "note": "缺少签字"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "open"


def test_take_in_page_lists_seminars_and_takes_in_once(client, county):
    event = seminar(county)
    client.force_login(county.secretary_a)
    url = reverse("work:rect-take-in")
    assert event.topic in client.get(url).content.decode()
    response = client.post(url, {"event": event.pk}, follow=True)
    assert Rectification.objects.unscoped("test").count() == 2
    assert event.topic not in response.content.decode().split("rect-seminars")[1]
    response = client.post(url, {"event": event.pk}, follow=True)
    assert Rectification.objects.unscoped("test").count() == 2
    assert "nothing added" in response.content.decode() or "未新增" in response.content.decode()


def test_list_shows_overdue_rows_and_filters(client, county):
    rect(county, days=-3, problem="逾期的问题")
    rect(county, days=20, problem="按期推进的问题")
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:rect-list") + "?status=overdue").content.decode()
    assert "逾期的问题" in page and "按期推进的问题" not in page


def test_export_is_the_government_ledger_layout(client, county):
    rect(county, problem='=HYPERLINK("x")')
    row = reported(county, problem="第二个问题")
    client.force_login(county.secretary_a)
    response = client.get(reverse("work:rect-export") + f"?org={county.township_a.pk}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet["A1"].value == "甲镇党委整改台账"
    assert "A1:K1" in {str(merged) for merged in sheet.merged_cells.ranges}
    header = [cell.value for cell in sheet[2]]
    assert header == [
        "序号",
        "问题来源",
        "存在问题",
        "整改措施",
        "责任单位",
        "责任人",
        "整改时限",
        "整改进展",
        "完成情况",
        "是否销号",
        "备注",
    ]
    assert all(cell.font.b for cell in sheet[2])
    assert all(cell.border.left.style == "thin" for cell in sheet[3])
    assert sheet["C3"].alignment.wrap_text
    values = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=3)]
    assert len(values) == 2
    first = next(v for v in values if v[2] == "第二个问题")
    assert first[4] == "甲一村党支部" and first[5] == "张甲" and first[9] == "否"
    assert first[7] == "已补齐全部会议记录"
    formula = next(v for v in values if v[2].startswith("="))
    assert sheet.cell(row=values.index(formula) + 3, column=3).data_type == "s"
    # Print settings: A4 landscape, fit to width, title and header repeated on each page.
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert row.pk


def test_township_b_sees_nothing_of_township_a(client, county):
    rect(county, problem="甲镇的整改问题")
    rect(county, org=county.village_b1, issued_by=county.township_b, owner=None, problem="乙镇问题")
    for persona in ("secretary_b", "inspector_b"):
        client.force_login(county.personas()[persona])
        for url in (
            reverse("work:rect-list"),
            reverse("work:rect-list") + "?status=open",
            reverse("api:work-rectification-list"),
        ):
            body = client.get(url).content.decode()
            assert "乙镇问题" in body and "甲镇的整改问题" not in body, url
        response = client.get(reverse("work:rect-export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        problems = [line[2].value for line in sheet.iter_rows(min_row=3)]
        assert problems == ["乙镇问题"]
        assert (
            client.get(reverse("work:rect-list") + f"?org={county.village_a1.pk}").status_code
            == 404
        )


def test_a_report_posted_on_a_closed_row_says_why(client, county):
    """The closed row's page shows no report form; a report posted anyway is refused with the
    reason shown, and nothing is saved."""
    from dangjian.work.models import RectificationReport

    row = rect(county)
    Rectification.objects.unscoped("test").filter(pk=row.pk).update(status="closed")
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("work:rect-detail", args=[row.pk]), {"outcome": "done", "text": "已完成"}
    )
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert shown and "销号" in shown[0]
    assert not RectificationReport.objects.unscoped("test").exists()
