"""The 干训讲堂's demo step: a plausible year of materials and reading, removable."""

import datetime

import pytest

from dangjian.orgs import demo
from dangjian.study import hall_selectors
from dangjian.study.models import Material, MaterialRead, MaterialTerm, Suggestion

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_county_holds_the_years_materials_and_reading_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=3, progress=False, today=TODAY)
    assert any("hall:" in line for line in summary.app_lines)
    materials = Material.objects.unscoped("test")
    assert materials.filter(year=2025, status="published").count() >= 20
    reads = MaterialRead.objects.unscoped("test").select_related("material__org", "org")
    assert reads.count() > 50
    for read in reads[:300]:
        # Read where it was published to, never before it was published.
        assert read.org.path.startswith(read.material.org.path)
        assert read.opened_at >= read.material.published_at
        assert read.finished_at is None or read.finished_at >= read.opened_at
    # The search index covers every material: each title is found by its own words.
    assert MaterialTerm.objects.unscoped("test").values("material").distinct().count() == (
        materials.count()
    )
    person_ids = list(reads.values_list("person_id", flat=True).distinct()[:50])
    studied = hall_selectors.materials_studied(person_ids, 2025)
    by_hand = {pid: 0 for pid in person_ids}
    for pid in reads.filter(finished_at__isnull=False).values_list("person_id", flat=True):
        if pid in by_hand:
            by_hand[pid] += 1
    assert studied == by_hand
    assert Suggestion.objects.unscoped("test").filter(status="approved").exists()

    demo.delete_county()
    assert not Material.objects.unscoped("test").exists()
    assert not MaterialRead.objects.unscoped("test").exists()
