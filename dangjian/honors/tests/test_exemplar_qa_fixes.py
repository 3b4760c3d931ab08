"""Regression tests of the QA pass of 评先树优 (issue 22): the Chinese words of review,
refusal, objection outcome and ledger round; radio buttons drawn as checks; the notice refused
for a nomination only another reviewer may review; the round form's month; the decision link
during and after the notice (and never for a nominee on the committee); the round page's
breadcrumb. The pages are read in Chinese, as the users read them."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.conftest import make_person
from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_services as services
from dangjian.honors.models import ExemplarRound, Nomination, Objection
from dangjian.honors.tests import fixtures_exemplar as fx
from dangjian.honors.tests.test_exemplar_query_counts import EXTRA, _county_round
from dangjian.lib import months

D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    cache.clear()


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def radio_classes(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}"[^>]*class="([^"]*)"', html) or (
        re.findall(rf'<input[^>]*class="([^"]*)"[^>]*type="radio" name="{name}"', html)
    )


def test_review_is_shenhe_and_its_radios_are_checks(client, county):
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj)
    detail = page(
        client, county.dept_admin, reverse("honors:exemplar-nomination", args=[nomination.pk])
    )
    assert re.search(r'id="review">审核</a>', detail)
    review_url = reverse("honors:exemplar-review", args=[nomination.pk])
    review = page(client, county.dept_admin, review_url)
    assert '<h1 class="h4 text-break">审核: 张甲</h1>' in review
    assert re.search(r"<title>\s*审核", review), "the page title"
    classes = radio_classes(review, "decision")
    assert classes == ["form-check-input", "form-check-input"]
    done = client.post(review_url, {"decision": "reject", "note": "事迹不够具体"}, follow=True)
    text = done.content.decode()
    assert "审核意见已保存。" in text and "检查结果已保存。" not in text
    # The round page lists it as not passed, in the committee's words.
    assert '<span data-status="rejected">未通过审核</span>' in text
    nomination_page = page(
        client, county.dept_admin, reverse("honors:exemplar-nomination", args=[nomination.pk])
    )
    assert ">未通过审核</span>" in nomination_page and "不合格" not in nomination_page


def test_the_answer_form_says_hecha_jielun_with_checks(client, county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    objection = notice_services.objection_lodge(
        nomination=nomination, body="此人材料中的数字与实际不符。", ip="1.2.3.4"
    )
    answer = page(
        client, county.dept_admin, reverse("honors:exemplar-objection-answer", args=[objection.pk])
    )
    assert "核查结论" in answer and "完成情况" not in answer
    assert radio_classes(answer, "outcome") == ["form-check-input", "form-check-input"]


def test_the_ledger_export_names_the_round_pingxuan_pici(client, county):
    round_obj, nomination = fx.b_notice(county, today=D(2026, 11, 30))
    round_obj.refresh_from_db()
    decision_services.round_decide(
        actor=county.dept_admin,
        round_=round_obj,
        decisions=[decision_services.Decision(nomination.pk, True)],
        today=round_obj.notice_end + datetime.timedelta(days=1),
    )
    client.force_login(county.dept_admin)
    response = client.get(reverse("honors:exemplar-ledger-export") + "?year=2026")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[-1] == "评选批次" and "考核轮次" not in header


def test_a_nomination_only_another_reviewer_may_review_is_explained(client, county):
    """The department admin nominated 张甲 in township A's round (as the committee's reviewer
    they may not review it): the nomination page says so, the notice page counts it before
    the button, and the refusal names it and who reviews it."""
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj, actor=county.dept_admin)
    detail = page(
        client, county.dept_admin, reverse("honors:exemplar-nomination", args=[nomination.pk])
    )
    assert 'id="other-reviewer"' in detail and "需由其他审核人审核" in detail
    assert 'id="review"' not in detail
    # Another reviewer of the committee sees the button, not the note.
    other = page(
        client, county.secretary_a, reverse("honors:exemplar-nomination", args=[nomination.pk])
    )
    assert 'id="review"' in other and 'id="other-reviewer"' not in other

    notice_url = reverse("honors:exemplar-round-notice", args=[round_obj.pk])
    before = page(client, county.dept_admin, notice_url)
    warning = re.search(r'id="notice-unreviewed" data-count="1">([^<]*)</div>', before)
    assert (
        warning and "尚未审核：1个（张甲）" in warning.group(1) and "甲镇党委" in warning.group(1)
    )
    assert before.index('id="notice-unreviewed"') < before.index('id="notice-form"')
    refused = client.post(notice_url)
    assert refused.status_code == 200
    assert "还有1个推荐对象未审核（张甲）：须由甲镇党委中推荐人和被推荐人以外的成员逐一审核" in (
        refused.content.decode()
    )
    round_obj.refresh_from_db()
    assert round_obj.status == ExemplarRound.Status.NOMINATING
    assert Nomination.objects.unscoped("test").get().status == Nomination.Status.NOMINATED
    # Reviewed by another member: no warning on the notice page any more.
    services.nomination_review(
        actor=county.secretary_a, nomination=nomination, decision="approve", note=""
    )
    assert 'id="notice-unreviewed"' not in page(client, county.dept_admin, notice_url)


def test_the_round_form_prefills_the_first_month_without_a_round(client, county):
    this_month = timezone.localdate().replace(day=1)
    for month in (this_month, months.add_months(this_month, 1)):
        fx.round_(county, org=county.township_a, period=month)
    expected = months.add_months(this_month, 2)
    # secretary_a opens rounds for township A only (the form's first and only committee).
    form = page(client, county.secretary_a, reverse("honors:exemplar-round-create"))
    assert f'name="period" value="{expected:%Y-%m}"' in form
    # Township B has no round yet: its secretary gets the current month.
    form_b = page(client, county.secretary_b, reverse("honors:exemplar-round-create"))
    assert f'name="period" value="{this_month:%Y-%m}"' in form_b


def test_the_decide_link_waits_for_the_notice_to_end(client, county):
    round_obj, _nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    url = reverse("honors:exemplar-round", args=[round_obj.pk])
    running = page(client, county.dept_admin, url)
    assert 'id="decide"' not in running
    assert f'id="notice-until">公示至{round_obj.notice_end:%Y-%m-%d}</span>' in running
    fx.ended(round_obj)
    ended = page(client, county.dept_admin, url)
    assert 'id="decide"' in ended and 'id="notice-until"' not in ended


def test_a_nominee_on_the_committee_sees_no_decide_link(client, county):
    me = make_person(county.superuser, county.village_a1, "王书记")
    me.user = county.secretary_a
    me.save()
    round_obj = fx.round_(county)
    nomination = fx.nominate(county, round_obj, actor=county.dept_admin, person=me)
    services.nomination_review(
        actor=county.superuser, nomination=nomination, decision="approve", note=""
    )
    notice_services.round_start_notice(
        actor=county.superuser, round_=round_obj, today=D(2026, 11, 30)
    )
    fx.ended(round_obj)
    url = reverse("honors:exemplar-round", args=[round_obj.pk])
    mine = page(client, county.secretary_a, url)
    assert 'id="decide"' not in mine and 'id="round-status"' in mine
    # The link is what the page offers the rest of the committee, and its target refuses
    # the nominee (so the link was a dead end for them).
    assert 'id="decide"' in page(client, county.dept_admin, url)
    client.force_login(county.secretary_a)
    assert (
        client.get(reverse("honors:exemplar-round-decide", args=[round_obj.pk])).status_code == 403
    )


def test_the_round_page_crumb_is_plain_text(client, county):
    round_obj = fx.round_(county)
    url = reverse("honors:exemplar-round", args=[round_obj.pk])
    html = page(client, county.dept_admin, url)
    crumbs = re.search(r'<nav aria-label="breadcrumb">.*?</nav>', html, re.S).group(0)
    assert f'href="{url}"' not in crumbs
    assert f'aria-current="page">{round_obj.title}</li>' in crumbs
    # Below the round, its crumb still leads back to it.
    nomination = fx.nominate(county, round_obj)
    below = page(
        client, county.dept_admin, reverse("honors:exemplar-nomination", args=[nomination.pk])
    )
    assert f'href="{url}"' in re.search(
        r'<nav aria-label="breadcrumb">.*?</nav>', below, re.S
    ).group(0)


def test_a_refused_public_objection_re_renders_with_200(client, county):
    round_obj, nomination = fx.b_notice(county)
    fx.running_today(round_obj)
    url = reverse("honors:exemplar-notice", args=[round_obj.public_key])
    response = client.post(url, {"nomination": nomination.pk, "body": "短", "website": ""})
    assert response.status_code == 200
    assert 'data-error-for="body"' in response.content.decode()
    assert not Objection.objects.unscoped("test").exists()
    api = client.post(
        reverse("api:public-objection-list"),
        {"round": round_obj.public_key, "nomination": nomination.pk, "body": "短"},
        content_type="application/json",
    )
    assert api.status_code == 400


@pytest.mark.parametrize("rows", ["one", "many"])
def test_the_round_page_in_notice_keeps_its_queries(client, county, rows):
    """Whether the viewer is a nominee is read off the rows already loaded: one query more
    than a decided round (the account's person, read once), whatever the number of rows."""
    round_obj, _nominations = _county_round(county, EXTRA if rows == "many" else 0)
    fx.ended(round_obj)
    client.force_login(county.dept_admin)
    url = reverse("honors:exemplar-round", args=[round_obj.pk])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert 'id="decide"' in html
    assert html.count("data-nomination=") == (1 + EXTRA if rows == "many" else 1)
    assert len(queries) == 7
