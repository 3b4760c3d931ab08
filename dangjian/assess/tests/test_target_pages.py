"""Pages of monthly targets: the committee's form (rows added with a button, drafts, submit,
refusals shown, nothing partial), the supervision list with its filters, the marking page,
the history, the 403 message, the hub links."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.assess.models import MonthlyTarget, TargetItem
from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401

NOV = datetime.date(2026, 11, 1)


def rows(model):
    return model.objects.unscoped("test")


def mine_url(county, month=None) -> str:
    month = month or fx.this_month()
    return reverse("assess:target-mine") + f"?org={county.township_a.pk}&month={month:%Y-%m}"


def form(*pairs, **extra) -> dict:
    data = {"items-TOTAL_FORMS": str(len(pairs)), "items-INITIAL_FORMS": "0"}
    for n, (goal, measures) in enumerate(pairs):
        data[f"items-{n}-goal"] = goal
        data[f"items-{n}-measures"] = measures
    return data | extra


def test_the_committee_adds_rows_saves_a_draft_and_submits(client, county):
    client.force_login(county.secretary_a)
    page = client.get(mine_url(county)).content.decode()
    assert page.count("data-row=") == 3 and "甲镇党委" in page
    # "Add a row": the form again with one more row, nothing saved.
    response = client.post(mine_url(county), form(("目标一", "措施一"), add_row="1"))
    assert response.content.decode().count("data-row=") == 2
    assert not rows(MonthlyTarget).exists()
    response = client.post(
        mine_url(county), form(("目标一", "措施一"), ("", ""), ("目标二", "措施二"), save="1")
    )
    assert response.status_code == 302
    target = rows(MonthlyTarget).get()
    assert target.status == "draft"
    assert list(rows(TargetItem).values_list("goal", flat=True)) == ["目标一", "目标二"]
    response = client.post(mine_url(county), form(("目标一", "措施一"), submit="1"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == "submitted" and rows(TargetItem).count() == 1
    page = client.get(mine_url(county)).content.decode()
    assert 'id="target-form"' not in page and "目标一" in page


def test_a_refused_form_says_why_and_saves_nothing(client, county):
    client.force_login(county.secretary_a)
    response = client.post(mine_url(county), form(("目标一", ""), submit="1"))
    assert response.status_code == 200
    assert "第 1 项：请填写措施。" in response.content.decode()
    assert not rows(MonthlyTarget).exists()
    response = client.post(mine_url(county), form(("", ""), submit="1"))
    assert not rows(MonthlyTarget).exists() and response.status_code == 200


def test_the_403_page_shows_the_reason(client, county):
    client.force_login(county.inspector_b)
    response = client.get(reverse("assess:target-mine"))
    assert response.status_code == 403
    assert "月度目标由基层党委书记填报，您没有此权限。" in response.content.decode()


def test_supervision_list_filters_late_and_missing(client, county):
    fx.target(county, county.township_a, month=NOV, submitted_at=fx.on_day(NOV, 2))
    fx.target(county, county.township_b, month=NOV, submitted_at=fx.on_day(NOV, 12))
    client.force_login(county.dept_admin)
    url = reverse("assess:target-supervision") + f"?org={county.root.pk}&month=2026-11"
    page = client.get(url).content.decode()
    assert page.count("data-org=") == 3
    late = client.get(url + "&status=late").content.decode()
    assert 'data-status="late"' in late and "乙镇党委" in late and "甲镇党委" not in late
    missing = client.get(url + "&status=missing").content.decode()
    assert "县教育局党组" in missing and missing.count("data-org=") == 1
    assert client.get(url + "&status=bogus").status_code == 404
    assert client.get(reverse("assess:target-supervision") + "?month=2026-99").status_code == 404
    client.force_login(county.secretary_b)
    page = client.get(reverse("assess:target-supervision") + "?month=2026-11").content.decode()
    assert "甲镇党委" not in page and "乙镇党委" in page


def test_marking_page_saves_all_marks_or_none(client, county):
    target = fx.target(county, county.township_b, month=NOV, submitted_at=fx.on_day(NOV, 2))
    url = reverse("assess:target-mark", args=[target.pk])
    client.force_login(county.inspector_b)
    assert client.get(url).status_code == 200
    data = {
        "marks-TOTAL_FORMS": "2",
        "marks-INITIAL_FORMS": "2",
        "marks-0-mark": "done",
        "marks-0-note": "",
        "marks-1-mark": "not_done",
        "marks-1-note": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "2." in response.content.decode()
    assert not rows(TargetItem).exclude(mark="").exists()  # the first mark rolled back
    response = client.post(url, data | {"marks-1-note": "未召开"})
    assert response.status_code == 302
    assert sorted(rows(TargetItem).values_list("mark", flat=True)) == ["done", "not_done"]
    detail = client.get(reverse("assess:target-detail", args=[target.pk])).content.decode()
    assert "未召开" in detail
    client.force_login(county.secretary_b)  # the committee itself
    assert client.get(url).status_code == 403


def test_history_lists_the_months(client, county):
    fx.target(county, county.township_a, month=NOV, submitted_at=fx.on_day(NOV, 9))
    fx.target(county, county.township_a, month=datetime.date(2026, 10, 1))
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:target-history", args=[county.township_a.pk]))
    text = page.content.decode()
    assert 'data-month="2026-11"' in text and 'data-month="2026-10"' in text
    assert text.index("2026-11") < text.index("2026-10")


def test_hub_links(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:home")).content.decode()
    for name in ("assess:target-mine", "assess:target-supervision", "assess:bulletin-list"):
        assert reverse(name) in page
    client.force_login(county.member_a)
    page = client.get(reverse("assess:home")).content.decode()
    assert reverse("assess:target-mine") not in page
    assert reverse("assess:target-supervision") not in page
