"""Pages of report-style progress: the item and its history, the report form (refusals named
by field, nothing saved), close / return / deadline forms, lists per subtree, my items."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dangjian.work import tracking
from dangjian.work.models import ItemDeadlineChange, ItemReport, WorkItem
from dangjian.work.tests import fixtures

TODAY = tracking.local_today()


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def rows(model):
    return model.objects.unscoped("test")


def test_report_form_refuses_a_not_done_report_naming_each_field(client, county):
    item = fixtures.item(county)
    client.force_login(county.member_a)
    url = reverse("work:item-report", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"report-explanation" in page.content
    response = client.post(url, {"outcome": "not_done", "text": "未完成"})
    assert response.status_code == 200
    errors = {
        name
        for name in ("reason", "measures", "new_deadline")
        if response.context["form"][name].errors
    }
    assert errors == {"reason", "measures", "new_deadline"}
    assert b"dj-needed" in response.content  # the explanation stays open after a refusal
    assert not rows(ItemReport).exists()
    later = (TODAY + datetime.timedelta(days=20)).isoformat()
    response = client.post(
        url,
        {
            "outcome": "not_done",
            "text": "未完成",
            "reason": "人手不足",
            "measures": "抽调人员",
            "new_deadline": later,
        },
    )
    assert response.status_code == 302
    assert rows(WorkItem).get(pk=item.pk).deadline.isoformat() == later
    detail = client.get(reverse("work:item-detail", args=[item.pk])).content.decode()
    assert "人手不足" in detail and "抽调人员" in detail and later in detail


def test_report_with_evidence_links_the_file(
    client, county, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DANGJIAN_WORK_DIR = tmp_path
    item = fixtures.item(county)
    client.force_login(county.secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("work:item-report", args=[item.pk]),
            {
                "outcome": "done",
                "text": "已完成",
                "files": [SimpleUploadedFile("照片.png", b"png")],
            },
        )
    assert response.status_code == 302
    detail = client.get(reverse("work:item-detail", args=[item.pk])).content.decode()
    evidence = rows(ItemReport).get().evidence.model.objects.unscoped("test").get()
    assert reverse("work:file", args=["item", evidence.pk]) in detail
    assert "reported on the owner's behalf" in detail
    assert client.get(reverse("work:file", args=["item", evidence.pk])).status_code == 200


def test_report_on_a_closed_item_says_so(client, county):
    item = fixtures.item(county, status="closed")
    client.force_login(county.member_a)
    response = client.post(
        reverse("work:item-report", args=[item.pk]), {"outcome": "done", "text": "x"}
    )
    assert response.status_code == 200
    assert "closed" in " ".join(response.context["form"].non_field_errors())


def test_close_and_return_pages(client, county):
    item = fixtures.item(county, status="reported")
    client.force_login(county.member_a)
    refused = client.get(reverse("work:item-close", args=[item.pk]))
    # The 403 page says why, in the service's own words.
    assert refused.status_code == 403 and "Closing an item one may not approve" in (
        refused.content.decode()
    )
    client.force_login(county.secretary_a)
    detail = client.get(reverse("work:item-detail", args=[item.pk])).content.decode()
    assert reverse("work:item-close", args=[item.pk]) in detail
    response = client.post(reverse("work:item-return", args=[item.pk]), {"note": ""})
    assert response.status_code == 200 and response.context["form"]["note"].errors
    response = client.post(reverse("work:item-return", args=[item.pk]), {"note": "缺照片"})
    assert response.status_code == 302 and rows(WorkItem).get(pk=item.pk).status == "open"
    response = client.post(reverse("work:item-close", args=[item.pk]), {"note": ""})
    assert response.status_code == 200  # open again: not closable
    assert "Only an item reported done" in " ".join(response.context["form"].non_field_errors())


def test_deadline_page_keeps_the_change(client, county):
    item = fixtures.item(county)
    client.force_login(county.secretary_a)
    url = reverse("work:item-deadline", args=[item.pk])
    response = client.post(url, {"new_deadline": "", "reason": ""})
    assert set(response.context["form"].errors) == {"new_deadline", "reason"}
    later = TODAY + datetime.timedelta(days=40)
    response = client.post(url, {"new_deadline": later.isoformat(), "reason": "上级调整"})
    assert response.status_code == 302
    assert rows(ItemDeadlineChange).get().new_deadline == later


def test_overdue_list_per_subtree_with_days_overdue(client, county):
    plan = fixtures.plan(county)
    late = fixtures.item(county, plan, days=-4, title="逾期事项甲")
    fixtures.item(county, plan, number=2, days=2, title="临期事项甲")
    fixtures.item(county, plan, number=3, days=30, title="远期事项甲")
    b_plan = fixtures.plan(county, county.village_b1)
    fixtures.item(county, b_plan, days=-1, owner=None, title="乙村逾期")
    client.force_login(county.dept_admin)
    page = client.get(reverse("work:item-overdue")).content.decode()
    assert "逾期事项甲" in page and "乙村逾期" in page and "临期事项甲" not in page
    assert f'data-item="{late.pk}"' in page and 'data-days="4"' in page
    narrowed = client.get(reverse("work:item-overdue") + f"?org={county.township_a.pk}")
    assert "乙村逾期" not in narrowed.content.decode()
    soon = client.get(reverse("work:item-due-soon")).content.decode()
    assert "临期事项甲" in soon and "逾期事项甲" not in soon and "远期事项甲" not in soon
    client.force_login(county.secretary_b)
    page = client.get(reverse("work:item-overdue")).content.decode()
    assert "乙村逾期" in page and "逾期事项甲" not in page
    assert (
        client.get(reverse("work:item-overdue") + f"?org={county.township_a.pk}").status_code == 404
    )


def test_list_sorts_and_pages(client, county):
    plan = fixtures.plan(county)
    for number in range(1, 4):
        fixtures.item(county, plan, number=number, days=-number, title=f"事项{number}")
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:item-overdue") + "?sort=-deadline").content.decode()
    assert page.index("事项1") < page.index("事项3")
    page = client.get(reverse("work:item-overdue") + "?sort=deadline").content.decode()
    assert page.index("事项3") < page.index("事项1")
    assert client.get(reverse("work:item-list") + "?status=bogus").status_code == 404
    assert client.get(reverse("work:item-overdue") + "?org=x1").status_code == 404


def test_my_items_and_the_hub(client, county):
    fixtures.item(county, title="张甲的事项")
    client.force_login(county.member_a)
    assert "张甲的事项" in client.get(reverse("work:item-mine")).content.decode()
    hub = client.get(reverse("work:home")).content.decode()
    assert reverse("work:item-mine") in hub and reverse("work:item-overdue") not in hub
    client.force_login(county.secretary_a)
    hub = client.get(reverse("work:home")).content.decode()
    assert reverse("work:item-overdue") in hub and reverse("work:item-due-soon") in hub


def test_member_sees_own_items_only(client, county):
    from dangjian.conftest import make_person

    other = fixtures.item(county, owner=make_person(county.superuser, county.village_a1, "王甲"))
    client.force_login(county.member_a)
    assert client.get(reverse("work:item-detail", args=[other.pk])).status_code == 404
    mine = fixtures.item(county, other.plan, number=2)
    assert client.get(reverse("work:item-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("work:item-close", args=[mine.pk])).status_code == 403
    assert (
        client.get(reverse("work:item-overdue") + f"?org={county.village_a1.pk}").status_code == 404
    )
