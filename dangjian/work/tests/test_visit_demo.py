"""The demo's contact assignments and visits: plausible against the rules, removed with the
county."""

import datetime

import pytest

from dangjian.orgs import demo
from dangjian.orgs.models import Organization, OrgCategory
from dangjian.work import rules_visit as rules
from dangjian.work import visit_selectors as selectors
from dangjian.work.models import ContactAssignment, Visit
from dangjian.work.visit_services import grassroots_q

TODAY = datetime.date(2026, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_builds_plausible_visits_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Work tracking")]
    assert "visits:" in line
    root = Organization.objects.unscoped("test").get(depth=0)
    rows = ContactAssignment.objects.unscoped("test")
    # The department's 12 contact villages (fewer only in a county that has fewer).
    grassroots = Organization.objects.unscoped("test").filter(grassroots_q())
    own = rows.filter(unit=root).values("org_id").distinct().count()
    assert own == min(rules.DEPARTMENT_CONTACT_VILLAGES, grassroots.count())
    assert rows.filter(unit=root, cadre__cadre_position__endswith="组织部部长").count() == own
    # Every county unit is paired: units are county-level, orgs grassroots, cadres of the unit.
    assert set(rows.values_list("org__category", flat=True)) == {OrgCategory.RURAL}
    units = set(rows.exclude(unit=root).values_list("unit__category", flat=True))
    assert units == {OrgCategory.COUNTY_UNIT}
    for row in rows.filter(cadre__isnull=False).select_related("unit", "cadre__primary_org"):
        assert row.cadre.primary_org.path.startswith(row.unit.path)
    visits = Visit.objects.unscoped("test")
    assert visits.count() > 100
    assert not visits.filter(visited_on__gt=TODAY).exists()
    assert not visits.filter(visited_on__lt=datetime.date(2026, 1, 1)).exists()
    # Most grassroots organizations each full month, some not; most cadres keep the rule.
    months = [datetime.date(2026, m, 1) for m in range(1, 6)]
    shares = [selectors.visit_coverage(root, month) for month in months]
    assert 0.7 <= sum(shares) / len(shares) < 0.97 and min(shares) < 1, shares
    for month in months:
        report = selectors.coverage_report(root, month)
        below = len(report.cadres_below)
        assert report.cadres and below < len(report.cadres) / 2, (month, below)
    demo.delete_county()
    assert not visits.exists() and not rows.exists()
