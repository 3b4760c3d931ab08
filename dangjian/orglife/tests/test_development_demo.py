"""The demo's 发展党员 records: one per person in the pipeline, dated from their stage dates
(the assembly's vote is the probation's first day), overdue talks for the alerts, removed with
the county."""

import datetime

import pytest
from django.db.models import F

from dangjian.orglife import development_selectors as selectors
from dangjian.orglife.models import DevelopmentStep
from dangjian.orgs import demo
from dangjian.orgs.models import Organization, Person

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_a_plausible_pipeline_and_reset_removes_it():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if "development:" in line]
    assert "applicants" in line
    steps = DevelopmentStep.objects.unscoped("test")
    pipeline = Person.objects.unscoped("test").filter(
        is_active=True, party_status__in=["applicant", "activist", "candidate", "probationary"]
    )
    assert pipeline.count() >= 5
    # Each person in the pipeline has their application on record (people who have since
    # left the county keep theirs).
    assert steps.filter(step="applicant", person__in=pipeline).count() == pipeline.count()
    assert not steps.filter(date__gt=TODAY).exists()
    votes = steps.filter(step="assembly_vote")
    assert votes.count() == pipeline.filter(party_status="probationary").count()
    assert not votes.exclude(date=F("person__probationary_on")).exists()
    assert not votes.filter(approved__lte=F("entitled") / 2).exists()
    for step in steps.filter(step="candidate").select_related("person"):
        assert step.date == step.person.candidate_on
    root = Organization.objects.unscoped("test").get(depth=0)
    counts = selectors.development_pipeline(root)
    assert counts["applicant"] == pipeline.filter(party_status="applicant").count()
    assert selectors.alerts(Person.objects.unscoped("test"), TODAY)
    demo.delete_county()
    assert not steps.exists()
