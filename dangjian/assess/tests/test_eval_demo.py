"""The demo's 群众评议: points for townships and county units, codes and evaluations of the
months so far (plausible against the rules), removed with the county."""

from __future__ import annotations

import datetime
import time

import pytest

from dangjian.assess import eval_selectors as selectors
from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.lib.indicators import Period, indicator
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_plausible_evaluations_and_reset_removes_them():
    started = time.perf_counter()
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    assert time.perf_counter() - started < 120
    (line,) = [line for line in summary.app_lines if line.startswith("Assessment")]
    assert "evaluation points:" in line
    root = Organization.objects.unscoped("test").get(depth=0)
    points = EvaluationPoint.objects.unscoped("test").select_related("org")
    assert points.count() >= 3
    assert {p.org.category for p in points} <= {"township", "county_unit"}
    assert {p.mode for p in points} == {"code", "open"}
    votes = Evaluation.objects.unscoped("test")
    codes = EvaluationCode.objects.unscoped("test")
    # Months January–June only; 20–60 a unit and full month.
    assert set(votes.values_list("period", flat=True)) == {
        datetime.date(2026, m, 1) for m in range(1, 7)
    }
    for point in points:
        may = votes.filter(org=point.org, period=datetime.date(2026, 5, 1)).count()
        assert 20 <= may <= 60, (point.org.name, may)
    # Code mode: every vote has its own code of its unit and month, some codes are unused.
    coded = votes.filter(code__isnull=False)
    assert (
        coded.count() == votes.filter(org__in=[p.org for p in points if p.mode == "code"]).count()
    )
    for vote in coded.select_related("code")[:200]:
        assert (vote.code.org_id, vote.code.period) == (vote.org_id, vote.period)
    assert codes.count() > coded.count()
    assert all(set(c) <= set(rules.CODE_ALPHABET) for c in codes.values_list("code", flat=True))
    # Open mode: hashes, never empty.
    assert not votes.filter(code__isnull=True, device_hash="").exists()
    # Comments: this month's wait, earlier ones moderated (mostly shown).
    june = votes.filter(period=datetime.date(2026, 6, 1)).exclude(comment="")
    assert june.exists() and set(june.values_list("moderation", flat=True)) == {"pending"}
    earlier = votes.filter(period__lt=datetime.date(2026, 6, 1)).exclude(comment="")
    assert set(earlier.values_list("moderation", flat=True)) == {"approved", "rejected"}
    # Submitted within their month.
    for vote in votes.order_by("?")[:100]:
        local = vote.submitted_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        assert (local.year, local.month) == (vote.period.year, vote.period.month)
    # The satisfaction indicator reads them: a plausible rate for the county.
    measure = indicator("assess.public_satisfaction").measure(root, Period.month(2026, 5))
    assert measure.expected > 0 and 0.6 < measure.ratio < 1
    assert (
        selectors.subtree_counts(root, datetime.date(2026, 5, 1), datetime.date(2026, 5, 1)).count
        == measure.expected
    )
    demo.delete_county()
    assert not votes.exists() and not codes.exists()
    assert not EvaluationPoint.objects.unscoped("test").exists()
