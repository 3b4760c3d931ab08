"""The demo's exemplars: a monthly round per township for the last twelve months and this one,
the county's 两优一先 of last year, nominees inside the nominating organizations' subtrees,
awards at the county's rate, objections answered before decisions; removed with the county."""

from __future__ import annotations

import datetime
import random

import pytest

from dangjian.honors import demo_exemplar
from dangjian.honors.models import Award, ExemplarRound, Nomination, Objection
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_a_year_of_exemplars_and_delete_removes_them():
    demo.build_county(orgs=60, members=300, seed=5, progress=False, today=TODAY, app_data=False)
    root = Organization.objects.unscoped("test").get(depth=0)
    summary = demo_exemplar.build(root, rng=random.Random(3), today=TODAY)
    assert "exemplar rounds" in summary
    rounds = ExemplarRound.objects.unscoped("test")
    townships = set(rounds.filter(kind="monthly").values_list("org_id", flat=True))
    assert townships and all(
        rounds.filter(org_id=t, kind="monthly").count() == 13 for t in townships
    )
    (yearly,) = rounds.filter(kind="yearly")
    assert yearly.org_id == root.pk and yearly.period == datetime.date(2025, 1, 1)
    assert yearly.status == "decided" and yearly.title == "2025年度“两优一先”评选表彰"
    # June 2026 takes nominations; every earlier month has gone through its notice.
    assert set(
        rounds.filter(period=datetime.date(2026, 6, 1)).values_list("status", flat=True)
    ) == {"nominating"}
    for row in rounds.exclude(status="nominating").exclude(status="reviewing"):
        assert row.notice_start <= row.notice_end < TODAY or row.status == "notice"
    nominations = Nomination.objects.unscoped("test").select_related(
        "org", "nominee_org", "nominee_person__primary_org", "round"
    )
    assert nominations.count() > 2 * len(townships) * 12
    for row in nominations:
        assert row.org.parent_id == row.round.org_id  # directly below the committee
        nominee_path = (
            row.nominee_org.path if row.nominee_org_id else row.nominee_person.primary_org.path
        )
        assert nominee_path.startswith(row.org.path)
        assert len(row.deeds) >= 100
    awards = Award.objects.unscoped("test")
    assert awards.exists()
    assert set(awards.values_list("nomination__status", flat=True)) == {"awarded"}
    upheld = Objection.objects.unscoped("test").filter(outcome="upheld")
    assert not awards.filter(nomination__objections__in=upheld).exists()
    assert (
        not Objection.objects.unscoped("test")
        .filter(outcome="open", nomination__round__status="decided")
        .exists()
    )
    # The county's rate (36 organizations and 150 members a year per 1,000 organizations):
    # for 60 organizations, about 2 and 9 from the monthly rounds of twelve months.
    monthly = awards.filter(round__kind="monthly")
    assert monthly.filter(category="org").count() <= 6
    assert 3 <= monthly.exclude(category="org").count() <= 18
    demo_exemplar.delete(root.path)
    assert not rounds.exists() and not Nomination.objects.unscoped("test").exists()
