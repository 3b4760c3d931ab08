"""SQL queries of the study pages and API lists, pinned for one row and for twenty
(dangjian/tests/test_query_counts.py explains the 4 every logged-in page pays)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.orgs.models import User
from dangjian.study import services
from dangjian.study.models import Note

EXTRA = 19

REVIEWER_PAGES = {
    "review queue": 8,
    "month status": 14,
    "api review queue": 6,
    "api progress": 13,
}
OTHER_PAGES = {
    "plan list": 7,
    "research review": 5,
    "lecture list": 8,
    "lecture report": 7,
    "event list": 7,
}
MEMBER_PAGES = {
    "study home": 17,
    "note list": 7,
    "api note list": 5,
}


def add_other_rows(county, n: int) -> None:
    """n + 1 plans, topics with scored articles, lectures and events in township A."""
    from dangjian.study import event_services, lecture_services, plan_services
    from dangjian.study import research_services as research

    su = county.superuser
    for i in range(n + 1):
        plan_services.plan_create(actor=su, org=county.township_a, year=2001 + i, title=f"计划{i}")
        person = make_person(su, county.village_a1, f"甲村干部{i}", cadre_position="委员")
        person.user = User.objects.create_user(username=f"cadre_x{i}")
        person.save()
        topic = research.topic_register(actor=person.user, title=f"课题{i}")
        topic = research.topic_decide(actor=county.secretary_a, topic=topic, approve=True)
        article = research.article_submit(
            actor=person.user, topic=topic, title=f"文章{i}", body="调研" * 30
        )
        scores = {"value": 20, "investigation": 20, "analysis": 20, "measures": 20}
        research.article_score(actor=su, article=article, scores=scores)
        lecture_services.lecture_schedule(
            actor=su, lecturer=person, title=f"讲课{i}", starts_at=timezone.now(), status="held"
        )
        event_services.event_create(
            actor=su,
            org=county.village_a1,
            participants=[person],
            kind="trip",
            topic=f"考察{i}",
            starts_on=timezone.localdate(),
        )


def add_notes(county, n: int, django_capture_on_commit_callbacks) -> None:
    """n + 1 members of village A1 with a submitted, checked note; n + 1 notes of member_a."""
    su = county.superuser
    authors = [county.member_a]
    for i in range(n):
        person = make_person(su, county.village_a1, f"甲村党员{i}")
        person.user = User.objects.create_user(username=f"member_x{i}")
        person.save()
        authors.append(person.user)
    with django_capture_on_commit_callbacks(execute=True):
        for i, author in enumerate(authors):
            note = services.note_create(actor=author, title=f"笔记{i}", body="学习" * 30)
            services.note_submit(actor=author, note=note)
        for i in range(n):
            services.note_create(actor=county.member_a, title=f"草稿{i}", body="草稿" * 10)


def counts(client, user, urls: dict[str, str]) -> dict[str, int]:
    client.force_login(user)
    client.get(reverse("home"))
    found = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = len(queries)
    return found


@pytest.mark.parametrize("rows", ["one", "many"])
def test_study_query_counts_are_pinned(client, county, rows, django_capture_on_commit_callbacks):
    add_notes(county, EXTRA if rows == "many" else 0, django_capture_on_commit_callbacks)
    month = timezone.localdate().strftime("%Y-%m")
    reviewer = counts(
        client,
        county.secretary_a,
        {
            "review queue": reverse("study:review-queue") + f"?month={month}",
            "month status": reverse("study:month-status") + f"?org={county.township_a.pk}&show=all",
            "api review queue": reverse("api:study-review-list") + f"?month={month}",
            "api progress": reverse("api:study-progress-list") + f"?org={county.township_a.pk}",
        },
    )
    assert reviewer == REVIEWER_PAGES
    member = counts(
        client,
        county.member_a,
        {
            "study home": reverse("study:home"),
            "note list": reverse("study:note-list"),
            "api note list": reverse("api:study-note-list"),
        },
    )
    assert member == MEMBER_PAGES
    expected = 1 + (EXTRA if rows == "many" else 0)
    assert Note.objects.unscoped("test").filter(status="submitted").count() == expected


@pytest.mark.parametrize("rows", ["one", "many"])
def test_other_study_lists_are_pinned(client, county, rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_other_rows(county, EXTRA if rows == "many" else 0)
    found = counts(
        client,
        county.dept_admin,
        {
            "plan list": reverse("study:plan-list"),
            "research review": reverse("study:research-review"),
            "lecture list": reverse("study:lecture-list"),
            "lecture report": reverse("study:lecture-report") + f"?org={county.township_a.pk}",
            "event list": reverse("study:event-list"),
        },
    )
    assert found == OTHER_PAGES
