"""The demo's service year: activities with check-ins and self-reported records (mostly
verified, some pending and rejected), members from far behind to over 100 hours, nothing
overlapping; removed with the county."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

import pytest
from django.db.models import Count, Sum

from dangjian.honors import demo_service
from dangjian.honors.models import ServiceActivity, ServiceRecord, ServiceSignup
from dangjian.orgs import demo
from dangjian.orgs.models import Organization

TODAY = datetime.date(2026, 12, 10)

pytestmark = pytest.mark.django_db


def test_demo_builds_a_plausible_year_and_delete_removes_it():
    demo.build_county(orgs=60, members=400, seed=5, progress=False, today=TODAY, app_data=False)
    root = Organization.objects.unscoped("test").get(depth=0)
    line = demo_service.build(root, rng=random.Random(3), today=TODAY)
    assert "service activities" in line and "service records" in line
    records = ServiceRecord.objects.unscoped("test")
    statuses = dict(records.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(statuses.values())
    assert statuses["verified"] / total > 0.8 and statuses["pending"] and statuses["rejected"]
    assert not records.filter(date__gte=TODAY).exists()
    assert not records.filter(status="rejected", reason="").exists()
    checked_in = records.filter(source_activity__isnull=False)
    assert checked_in.exists() and not checked_in.exclude(status="verified").exists()
    assert ServiceSignup.objects.unscoped("test").count() == checked_in.count()
    by_person = defaultdict(float)
    for person, hours in (
        records.filter(status="verified").values_list("person").annotate(h=Sum("hours"))
    ):
        by_person[person] = float(hours)
    assert max(by_person.values()) >= 100 and min(by_person.values()) < 40
    days = defaultdict(list)
    for person, day in records.exclude(status="rejected").values_list("person", "date"):
        days[(person, day)].append(1)
    assert all(len(found) == 1 for found in days.values())  # one record a day: no overlap
    demo_service.delete(root.path)
    assert not records.exists() and not ServiceActivity.objects.unscoped("test").exists()
