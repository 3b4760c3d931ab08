"""The demo's rounds: last year's annual round and this year's quarters, published ones
scored, ranked and graded within the quota, the quarter under way being scored; one appeal
decided, one pending; removed with the county."""

from __future__ import annotations

import datetime
import random
import time
from types import SimpleNamespace

import pytest

from dangjian.assess import demo_round
from dangjian.assess import round_scoring as scoring
from dangjian.assess.models import Appeal, AssessRound, Score, ScoreSheet
from dangjian.assess.tests import fixtures
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 8, 14)

pytestmark = pytest.mark.django_db


def test_demo_rounds_are_plausible_and_removed_with_the_county():
    demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY, app_data=False)
    root = Organization.objects.unscoped("test").get(depth=0)
    # demo_ruleset writes the rule sets before this part; here, this year's for two
    # categories (the enterprises have none: skipped).
    holder = SimpleNamespace(root=root, superuser=None)
    for category in ("township", "rural"):
        fixtures.ruleset(holder, category=category, year=2026)
    started = time.perf_counter()
    line = demo_round.build(root, rng=random.Random(5), today=TODAY)
    assert time.perf_counter() - started < 5
    assert line.startswith("assessment rounds: 4 (")
    rounds = AssessRound.objects.unscoped("test").order_by("period_start")
    assert [(r.period_kind, r.status) for r in rounds] == [
        ("year", "published"),
        ("quarter", "published"),
        ("quarter", "published"),
        ("quarter", "scoring"),
    ]
    assert rounds[0].period_start == datetime.date(2025, 1, 1)
    sheets = ScoreSheet.objects.unscoped("test")
    assessed = Organization.objects.unscoped("test").filter(
        category__in=("township", "rural"), org_type__in=("committee", "branch", "general_branch")
    )
    assert sheets.filter(round=rounds[1]).count() == assessed.exclude(pk=root.pk).count()
    assert not sheets.filter(org__category="enterprise").exists()
    for row in rounds[:3]:
        for category in ("township", "rural"):
            group = list(sheets.filter(round=row, ruleset__category=category))
            totals = [s.total for s in group]
            assert [s.rank for s in group] == scoring.ranks(totals)
            excellent = sum(s.grade == "excellent" for s in group)
            assert excellent <= len(group) * row.excellent_quota_percent // 100
            assert all(0 <= t <= 105 for t in totals)
    # A sheet's total is round_scoring.total of its scores.
    from dangjian.assess.models import RuleItem
    from dangjian.assess.round_fill_services import lines_of

    for sheet in sheets.filter(round=rounds[2])[:20]:
        items = list(RuleItem.objects.unscoped("test").filter(ruleset_id=sheet.ruleset_id))
        points = dict(
            Score.objects.unscoped("test").filter(sheet=sheet).values_list("item_id", "points")
        )
        assert sheet.total == scoring.total(lines_of(items, points))
    # Totals spread: not everyone is equal.
    assert len({s.total for s in sheets.filter(round=rounds[1])}) > 5
    scoring_round = rounds[3]
    assert not sheets.filter(round=scoring_round).exclude(status="open").exists()
    auto = Score.objects.unscoped("test").filter(auto_points__isnull=False).first()
    assert auto.explanation.endswith(f" of {scoring.number(auto.item.max_points)}") or "满分" in (
        auto.explanation
    )
    appeals = Appeal.objects.unscoped("test")
    assert sorted(appeals.values_list("status", flat=True)) == ["pending", "rejected"]
    demo_round.delete(root.path)
    assert not AssessRound.objects.unscoped("test").exists()
    assert not Score.objects.unscoped("test").exists()
