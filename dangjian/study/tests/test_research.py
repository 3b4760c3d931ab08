"""调研: two topics a year, approval by the level above, articles checked for originality,
the year-end review's mean and spread, and the award lists."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.conftest import make_person, make_user
from dangjian.notices.models import Notice
from dangjian.orgs.scoping import Role
from dangjian.study import research_selectors, research_services, rules
from dangjian.study.models import ArticleScore, ResearchTopic


def _approved(county, title="课题"):
    topic = research_services.topic_register(actor=county.member_a, title=title)
    return research_services.topic_decide(actor=county.secretary_a, topic=topic, approve=True)


def test_a_third_topic_is_refused_naming_the_rule(county):
    for title in ("课题一", "课题二"):
        research_services.topic_register(actor=county.member_a, title=title)
    with pytest.raises(ValidationError) as error:
        research_services.topic_register(actor=county.member_a, title="课题三")
    message = str(error.value.message_dict["title"])
    assert "调研课题每年2个" in message and str(rules.RESEARCH_TOPICS_PER_YEAR) in message
    assert ResearchTopic.objects.unscoped("test").count() == 2
    # A rejected topic frees its place.
    first = ResearchTopic.objects.unscoped("test").get(title="课题一")
    research_services.topic_decide(
        actor=county.secretary_a, topic=first, approve=False, comment="重复"
    )
    research_services.topic_register(actor=county.member_a, title="课题三")


def test_the_level_above_approves_never_the_topics_own_organization(
    county, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = research_services.topic_register(actor=county.member_a, title="村级课题")
    # The township's secretary is told (the nearest level above the village).
    assert Notice.objects.filter(recipient=county.secretary_a).count() == 1
    with pytest.raises(PermissionDenied):
        research_services.topic_decide(actor=county.member_a, topic=topic, approve=True)
    with pytest.raises(ResearchTopic.DoesNotExist):
        research_services.topic_decide(actor=county.secretary_b, topic=topic, approve=True)
    with pytest.raises(ValidationError):  # a rejection says why
        research_services.topic_decide(actor=county.secretary_a, topic=topic, approve=False)
    decided = research_services.topic_decide(actor=county.secretary_a, topic=topic, approve=True)
    assert decided.status == "approved" and decided.decided_by == county.secretary_a
    with pytest.raises(ValidationError):
        research_services.topic_decide(
            actor=county.dept_admin, topic=topic, approve=False, comment="x"
        )

    # A township secretary's own topic is filed at the township: they may not approve it.
    sec_person = make_person(county.superuser, county.township_a, "甲镇书记")
    sec_person.user = county.secretary_a
    sec_person.save()
    own = research_services.topic_register(actor=county.secretary_a, title="镇级课题")
    with pytest.raises(PermissionDenied):
        research_services.topic_decide(actor=county.secretary_a, topic=own, approve=True)
    research_services.topic_decide(actor=county.dept_admin, topic=own, approve=True)


def test_articles_only_on_approved_topics_and_checked(county, django_capture_on_commit_callbacks):
    pending = research_services.topic_register(actor=county.member_a, title="待批课题")
    with pytest.raises(ValidationError):
        research_services.article_submit(
            actor=county.member_a, topic=pending, title="文", body="调研" * 50
        )
    topic = _approved(county)
    with pytest.raises(PermissionDenied):
        research_services.article_submit(
            actor=county.secretary_a, topic=topic, title="文", body="调研" * 50
        )
    with pytest.raises(ValidationError):
        research_services.article_submit(actor=county.member_a, topic=topic, title="文", body="。")
    with django_capture_on_commit_callbacks(execute=True):
        article = research_services.article_submit(
            actor=county.member_a, topic=topic, title="调研报告", body="调研发现" * 100
        )
    article.originality_check.refresh_from_db()
    assert article.originality_check.status == "done" and article.char_count == 400


def _article(county, title):
    topic = research_services.topic_register(actor=county.member_a, title=title)
    topic = research_services.topic_decide(actor=county.secretary_a, topic=topic, approve=True)
    return research_services.article_submit(
        actor=county.member_a, topic=topic, title=title, body=title * 40
    )


def test_scores_mean_spread_ranking_and_award_lists(client, county):
    strong, weak = _article(county, "强文章"), _article(county, "弱文章")
    inspector_a = make_user("inspector_a", (Role.INSPECTOR, county.township_a))
    points = {"value": 20, "investigation": 20, "analysis": 20, "measures": 20}
    research_services.article_score(actor=county.dept_admin, article=strong, scores=points)
    research_services.article_score(
        actor=inspector_a, article=strong, scores=points | {"measures": 10}
    )
    research_services.article_score(
        actor=county.dept_admin, article=weak, scores=points | {"value": 5}
    )
    # A second scoring by the same reviewer replaces the first.
    research_services.article_score(
        actor=county.dept_admin, article=weak, scores=points | {"value": 0}
    )
    assert ArticleScore.objects.unscoped("test").count() == 3
    ranked = list(research_selectors.ranking(county.dept_admin, strong.topic.year))
    assert [a.title for a in ranked] == ["强文章", "弱文章"]
    assert (float(ranked[0].mean), float(ranked[0].spread), ranked[0].reviewers) == (75, 10, 2)
    assert (float(ranked[1].mean), float(ranked[1].spread), ranked[1].reviewers) == (60, 0, 1)

    with pytest.raises(ValidationError) as error:
        research_services.article_score(
            actor=county.dept_admin, article=weak, scores=points | {"value": 26, "extra": 1}
        )
    assert set(error.value.message_dict) == {"value", "extra"}
    with pytest.raises(PermissionDenied):  # secretaries do not score
        research_services.article_score(actor=county.secretary_a, article=weak, scores=points)
    with pytest.raises(type(strong).DoesNotExist):  # township B's inspector does not reach A
        research_services.article_score(actor=county.inspector_b, article=weak, scores=points)

    client.force_login(county.dept_admin)
    year = f"?year={strong.topic.year}"
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("study:award-list", args=["articles", "xlsx"]) + year).content
        )
    ).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [(1, "强文章", 75, 2), (2, "弱文章", 60, 1)]
    document = Document(
        io.BytesIO(
            client.get(reverse("study:award-list", args=["articles", "docx"]) + year).content
        )
    )
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[1][:2] == ["1", "强文章"] and cells[2][:2] == ["2", "弱文章"]
    # Township B's inspector gets an empty list, not township A's articles.
    client.force_login(county.inspector_b)
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("study:award-list", args=["articles", "xlsx"]) + year).content
        )
    ).worksheets[0]
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == []


def test_author_cannot_score_own_article(county):
    admin_person = make_person(county.superuser, county.village_a1, "管理员本人")
    admin_person.user = county.dept_admin
    admin_person.save()
    topic = research_services.topic_register(actor=county.dept_admin, title="管理员课题")
    topic = research_services.topic_decide(actor=county.secretary_a, topic=topic, approve=True)
    own = research_services.article_submit(
        actor=county.dept_admin, topic=topic, title="管理员文章", body="自己写的" * 30
    )
    points = {"value": 20, "investigation": 20, "analysis": 20, "measures": 20}
    with pytest.raises(PermissionDenied):
        research_services.article_score(actor=county.dept_admin, article=own, scores=points)
