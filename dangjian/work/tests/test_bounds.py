"""Bounds every ledger of work tracking shares (found by probing the pages and API): texts of a
report at most rules.REPORT_TEXT_MAX_CHARS, a deadline neither past nor more than two years
away — on items, rectifications and projects alike, each refusal naming its field and saving
nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from dangjian.work import progress_services, project_services, rect_services, rules, tracking
from dangjian.work.models import (
    ItemDeadlineChange,
    ProjectReport,
    Rectification,
    RectificationReport,
)
from dangjian.work.tests import fixtures
from dangjian.work.tests.matrix_project import project
from dangjian.work.tests.matrix_rect import rect

pytestmark = pytest.mark.django_db

TOO_LONG = "长" * (rules.REPORT_TEXT_MAX_CHARS + 1)
TODAY = tracking.local_today()
TOO_FAR = TODAY + datetime.timedelta(days=rules.LONGEST_DEADLINE_DAYS + 1)


def _fields(error: ValidationError) -> set[str]:
    return set(error.message_dict)


def test_a_rectification_report_of_too_many_characters_is_refused(client, county):
    row = rect(county)
    with pytest.raises(ValidationError) as caught:
        rect_services.rect_report(
            actor=county.secretary_a, rect=row, outcome="partly", text=TOO_LONG, reason=TOO_LONG
        )
    assert _fields(caught.value) == {"text", "reason"}
    client.force_login(county.secretary_a)
    response = client.post(
        f"/api/v1/work/rectifications/{row.pk}/reports",
        {"outcome": "partly", "text": TOO_LONG},
        content_type="application/json",
    )
    assert response.status_code == 400 and "text" in response.json()
    assert not RectificationReport.objects.unscoped("test").exists()


def test_a_project_report_of_too_many_characters_is_refused(county):
    row = project(county)
    with pytest.raises(ValidationError) as caught:
        project_services.project_report(actor=county.secretary_a, project=row, text=TOO_LONG)
    assert _fields(caught.value) == {"text"}
    assert not ProjectReport.objects.unscoped("test").exists()


def test_a_deadline_two_years_away_is_refused_everywhere(county):
    item = fixtures.item(county)
    with pytest.raises(ValidationError) as caught:
        progress_services.item_deadline_change(
            actor=county.secretary_a, item=item, new_deadline=TOO_FAR, reason="调整"
        )
    assert _fields(caught.value) == {"new_deadline"}
    assert not ItemDeadlineChange.objects.unscoped("test").exists()
    before = Rectification.objects.unscoped("test").count()
    with pytest.raises(ValidationError) as caught:
        rect_services.rect_create(
            actor=county.secretary_a,
            org=county.village_a1,
            issued_by=county.township_a,
            source="inspection",
            problem="台账不全",
            measures="补齐",
            deadline=TOO_FAR,
            found_on=TODAY,
        )
    assert _fields(caught.value) == {"deadline"}
    assert Rectification.objects.unscoped("test").count() == before
    assert tracking.deadline_error(TOO_FAR - datetime.timedelta(days=1), TODAY) is None
