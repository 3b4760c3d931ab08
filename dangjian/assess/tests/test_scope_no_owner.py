"""Assessment rows belong to organizations, never to a person (`SELF_PATH = None`): a member
recorded as their organization's secretary still sees no rule set, sheet, score, target or
bulletin of it through the member's own-records reach — grants decide, not the record."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps

from dangjian.assess.models import Bulletin, MonthlyTarget, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.orgs.scoping import Action, OrgOwned

pytestmark = pytest.mark.django_db


def test_every_assessment_model_is_owned_by_no_person():
    models = [m for m in apps.get_app_config("assess").get_models() if issubclass(m, OrgOwned)]
    assert models and all(model.SELF_PATH is None for model in models)


def test_a_member_recorded_as_secretary_sees_no_assessment_rows(county):
    # member_a's person is recorded as the secretary of village A1 and township A.
    for org in (county.village_a1, county.township_a):
        org.secretary = county.person_a
        org.save()
    row = fixtures.round_(county, orgs=(county.township_a, county.village_a1))
    month = datetime.date(2026, 11, 1)
    MonthlyTarget.objects.create(org=county.township_a, month=month, deadline=month)
    Bulletin.objects.create(org=county.township_a, month=month, year=2026, number=1)
    for model in (ScoreSheet, MonthlyTarget, Bulletin):
        assert not model.objects.visible_to(county.member_a, Action.VIEW).exists()
    # The same rows are there for township A's secretary (the query is not empty by accident).
    assert (
        ScoreSheet.objects.visible_to(county.secretary_a, Action.VIEW).filter(round=row).count()
        == 2
    )
