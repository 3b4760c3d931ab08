"""The demo's star ratings: after assessment's rule sets and rounds, last year's ratings of the
grassroots organizations (published) and, in December, this year's (not yet), each as the
thresholds give for its published result; a few earlier runs as history; fast; removed with
the county."""

from __future__ import annotations

import datetime
import random
import time

import pytest

from dangjian.assess import demo_round, demo_ruleset
from dangjian.assess.result_selectors import year_results
from dangjian.honors import demo_star
from dangjian.honors.models import StarRating
from dangjian.honors.star_compute import stars_by_score
from dangjian.honors.star_criteria import defaults
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

pytestmark = pytest.mark.django_db


def _county(today):
    demo.build_county(orgs=60, members=300, seed=5, progress=False, today=today, app_data=False)
    root = Organization.objects.unscoped("test").get(depth=0)
    demo_ruleset.build(root, rng=random.Random(5), today=today)
    demo_round.build(root, rng=random.Random(5), today=today)
    return root


def test_demo_ratings_follow_the_published_results_and_go_with_the_county():
    today = datetime.date(2026, 12, 14)
    root = _county(today)
    started = time.perf_counter()
    line = demo_star.build(root, rng=random.Random(5), today=today)
    assert time.perf_counter() - started < 5
    ratings = StarRating.objects.unscoped("test")
    last = ratings.filter(year=2025, current=True)
    assert line.startswith(f"star ratings 2025: {last.count()} (")
    assert "2026:" in line
    assert last.count() > 20 and all(row.published for row in last)
    assert not ratings.filter(year=2026, published=True).exists()
    results = year_results(root, 2025)
    thresholds = defaults().thresholds
    for row in last:
        result = results.get(row.org_id)
        if result is None:
            assert (row.stars, row.reasons[0]["kind"]) == (0, "no_result")
            continue
        assert row.score == result.score
        # No work records in this county: no veto applies, the score alone decides.
        assert row.stars == stars_by_score(result.score, thresholds)[0]
        assert [reason["kind"] for reason in row.reasons] == ["score"]
    assert len({row.stars for row in last}) >= 3  # a spread, not everyone alike
    # 2026 reads the mean of this year's published quarters (the yearly round comes later).
    this_year = ratings.filter(year=2026).exclude(stars=0).first()
    assert this_year.reasons[0]["source"] == "quarters"
    # History: earlier runs below the current one, one star fewer.
    for old in ratings.filter(current=False):
        now = ratings.get(org=old.org, year=old.year, current=True)
        assert old.stars == now.stars - 1 and old.pk < now.pk
    demo_star.delete(root.path)
    assert not ratings.exists()


def test_no_ratings_of_this_year_before_december():
    today = datetime.date(2026, 6, 14)
    root = _county(today)
    demo_star.build(root, rng=random.Random(5), today=today)
    years = set(StarRating.objects.unscoped("test").values_list("year", flat=True))
    assert years == {2025}
