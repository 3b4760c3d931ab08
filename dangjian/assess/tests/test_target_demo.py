"""The demo's monthly targets and bulletins: plausible against the rules (deadline, late,
missing, marks), archived bulletins whose .docx opens, removed with the county."""

import datetime
import io

import pytest
from docx import Document

from dangjian.assess import target_selectors as selectors
from dangjian.assess.models import Bulletin, MonthlyTarget, TargetItem
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_plausible_targets_and_bulletins_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Assessment")]
    assert "monthly targets" in line and "bulletins 5" in line
    root = Organization.objects.unscoped("test").get(depth=0)
    committees = Organization.objects.unscoped("test").filter(
        selectors.grassroots_committees_q(root.path)
    )
    assert committees.count() >= 3
    targets = MonthlyTarget.objects.unscoped("test")
    assert set(targets.values_list("org_id", flat=True)) <= set(
        committees.values_list("pk", flat=True)
    )
    assert not targets.filter(month__gt=TODAY).exists()
    assert not targets.filter(submitted_at__date__gt=TODAY).exists()
    # Past months: most on time, some late, a few missing; every item marked.
    totals: dict[str, int] = {}
    for month in (datetime.date(2026, m, 1) for m in range(1, 6)):
        report = selectors.month_report(
            committees, MonthlyTarget.objects.unscoped("test"), month, TODAY
        )
        counts = report.counts
        assert counts["pending"] == 0 and counts["on_time"] >= 1, (month, counts)
        totals = {key: totals.get(key, 0) + value for key, value in counts.items()}
    assert totals["on_time"] > 2 * (totals["late"] + totals["missing"]), totals
    assert totals["late"] and totals["missing"], totals
    items = TargetItem.objects.unscoped("test")
    past = items.filter(target__month__lt=TODAY.replace(day=1))
    assert past.exists() and not past.filter(mark="").exists()
    assert not items.filter(target__month=TODAY.replace(day=1)).exclude(mark="").exists()
    assert not items.filter(mark="not_done", note="").exists()
    # Bulletins of January to May, numbered in order, written.
    bulletins = Bulletin.objects.unscoped("test").order_by("number")
    assert [b.number for b in bulletins] == [1, 2, 3, 4, 5]
    assert {b.status for b in bulletins} == {"done"}
    may = bulletins.get(month=datetime.date(2026, 5, 1))
    texts = [p.text for p in Document(io.BytesIO(bytes(may.result))).paragraphs]
    assert texts[1] == "〔2026〕5号" and texts[-1] == "二〇二六年六月十日"
    demo.delete_county()
    assert not targets.exists() and not items.exists()
    assert not Bulletin.objects.unscoped("test").exists()
