"""The demo's KPIs: 3–5 per county department with names fitting its kind, values for the
completed periods of this year around their targets, removed with the county."""

from __future__ import annotations

import datetime
import random

import pytest

from dangjian.assess import demo_kpi
from dangjian.assess.models import Kpi, KpiValue
from dangjian.assess.tests import fixtures
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_plausible_kpis_and_reset_removes_them():
    summary = demo.build_county(orgs=60, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Assessment")]
    assert "KPIs of" in line
    root = Organization.objects.unscoped("test").get(depth=0)
    units = demo_kpi.units(root)
    assert len(units) >= 3
    kpis = Kpi.objects.unscoped("test")
    per_unit = {org_id: kpis.filter(org_id=org_id).count() for org_id, _name in units}
    assert set(per_unit.values()) <= {3, 4, 5}
    assert set(kpis.values_list("org__category", flat=True)) == {"county_unit"}
    education = [org_id for org_id, name in units if "教育" in name]
    if education:
        names = set(kpis.filter(org_id=education[0]).values_list("name", flat=True))
        assert names & {
            "学校党组织覆盖率",
            "党员教师培训学时",
            "师德师风投诉件数",
            "学生资助政策落实率",
        }
    values = KpiValue.objects.unscoped("test")
    # Monthly KPIs: January to May (June is under way); quarterly: Q1; yearly: none yet.
    for kpi in kpis.filter(frequency="month")[:5]:
        starts = list(values.filter(kpi=kpi).values_list("period_start", flat=True))
        assert starts == [datetime.date(2026, m, 1) for m in range(1, 6)]
    assert not values.filter(kpi__frequency="year").exists()
    assert not values.filter(period_start__gte=datetime.date(2026, 6, 1)).exists()
    # Around the target: most met, some not.
    met = [
        (row.value >= row.kpi.target)
        if row.kpi.direction == "higher"
        else row.value <= row.kpi.target
        for row in values.select_related("kpi")
    ]
    assert 0.2 < sum(met) / len(met) < 0.95, sum(met) / len(met)
    demo.delete_county()
    assert not values.exists() and not kpis.exists()


def test_kpis_link_to_the_county_unit_rule_set_when_one_exists(county):
    rules = fixtures.ruleset(county, category="county_unit", year=TODAY.year)
    summary = demo_kpi.build(county.root, rng=random.Random(1), today=TODAY)
    assert " KPIs of 1 units" in summary
    kpis = Kpi.objects.unscoped("test").filter(org=county.unit)
    assert 3 <= kpis.count() <= 5
    linked = Kpi.objects.unscoped("test").filter(rule_item__isnull=False)
    # Leaves of the rule set only (A1, A2, B — not the 一级 A with children, not bonus items).
    assert linked.exists()
    codes = set(linked.values_list("rule_item__code", flat=True))
    assert codes <= {"A1", "A2", "B"}
    assert all(row.rule_item.ruleset_id == rules.pk for row in linked)
    demo_kpi.delete(county.root.path)
    assert not Kpi.objects.unscoped("test").exists()
