"""SQL queries of the session pages and API list, pinned for one row and for twenty: sessions
in the month (calendar, API) and people on the list (session page, attendance form)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.study.tests.matrix_sessions import running_session
from dangjian.study.tests.test_query_counts import counts

EXTRA = 19

ORGANIZER_PAGES = {
    "calendar": 7,
    "session": 9,
    "attendance form": 8,
    "api sessions": 6,
}
MEMBER_PAGES = {
    "calendar": 8,
    "session": 8,
    "api sessions": 7,
}


@pytest.mark.parametrize("rows", ["one", "many"])
def test_session_query_counts_are_pinned(client, county, rows):
    extra = EXTRA if rows == "many" else 0
    for i in range(extra):
        make_person(county.superuser, county.village_a1, f"甲村党员{i}")
    sessions = [running_session(county, title=f"学习{i}") for i in range(1 + extra)]
    month = timezone.localtime(sessions[0].starts_at).strftime("%Y-%m")
    detail = reverse("study:session-detail", args=[sessions[0].pk])
    organizer = counts(
        client,
        county.secretary_a,
        {
            "calendar": reverse("study:session-calendar") + f"?month={month}",
            "session": detail,
            "attendance form": reverse("study:session-attendance", args=[sessions[0].pk]),
            "api sessions": reverse("api:study-session-list") + f"?month={month}",
        },
    )
    assert organizer == ORGANIZER_PAGES
    member = counts(
        client,
        county.member_a,
        {
            "calendar": reverse("study:session-calendar") + f"?month={month}",
            "session": detail,
            "api sessions": reverse("api:study-session-list") + f"?month={month}",
        },
    )
    assert member == MEMBER_PAGES
    page = client.get(reverse("study:session-calendar") + f"?month={month}").content.decode()
    assert page.count('data-own-status="expected"') == 1 + extra
