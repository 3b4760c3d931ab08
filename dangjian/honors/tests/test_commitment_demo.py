"""The demo's commitments and posts: every grassroots organization commits, a share of members
too, published items carry progress, December brings verdicts; posts with duties in each
branch, some demonstration posts; removed with the county."""

from __future__ import annotations

import datetime
import random
import time

import pytest
from django.db.models import F

from dangjian.honors import demo_commitment, demo_post
from dangjian.honors import rules_commitment as rules
from dangjian.honors.models import Commitment, CommitmentUpdate, Post
from dangjian.orgs import demo
from dangjian.orgs.models import Organization, Person

pytestmark = pytest.mark.django_db


def _county(today: datetime.date) -> Organization:
    demo.build_county(orgs=60, members=600, seed=7, progress=False, today=today, app_data=False)
    return Organization.objects.unscoped("test").get(depth=0)


def test_december_commitments_posts_and_reset():
    today = datetime.date(2026, 12, 10)
    root = _county(today)
    started = time.perf_counter()
    line = demo_commitment.build(root, rng=random.Random(1), today=today)
    line_posts = demo_post.build(root, rng=random.Random(2), today=today)
    elapsed = time.perf_counter() - started
    assert "commitments of" in line and "demonstration posts" in line_posts
    assert elapsed < 5, elapsed
    rows = Commitment.objects.unscoped("test")
    branches = set(
        Organization.objects.unscoped("test")
        .filter(org_type__in=("branch", "general_branch"), is_active=True)
        .values_list("pk", flat=True)
    )
    # Every grassroots organization has 2–3 items of its own.
    own = {}
    for org_id in rows.filter(person__isnull=True).values_list("org_id", flat=True):
        own[org_id] = own.get(org_id, 0) + 1
    assert set(own) == branches and set(own.values()) <= {2, 3}
    # Members' items: a share of the members, at most the yearly limit, in their organization.
    per_person: dict[int, int] = {}
    for person_id in rows.filter(person__isnull=False).values_list("person_id", flat=True):
        per_person[person_id] = per_person.get(person_id, 0) + 1
    members = Person.objects.unscoped("test").filter(primary_org_id__in=branches).count()
    assert 0.1 < len(per_person) / members < 0.3
    assert max(per_person.values()) <= rules.ITEMS_PER_MEMBER_YEAR_MAX
    assert not rows.exclude(org_id__in=branches).exists()
    assert (
        rows.filter(person__isnull=False).exclude(person__primary_org_id=F("org_id")).count() == 0
    )
    # Published in the first quarter, some drafts; December: about half evaluated, mostly kept.
    published = rows.exclude(status="draft")
    assert 0.8 < published.count() / rows.count() < 0.97
    evaluated = rows.filter(status="evaluated")
    assert 0.3 < evaluated.count() / published.count() < 0.7
    kept = evaluated.filter(verdict="kept").count()
    assert kept > evaluated.filter(verdict="partly").count() > 0
    assert evaluated.filter(verdict="not_kept").exists()
    opens, _closes = rules.evaluation_window(2026)
    for row in evaluated[:50]:
        assert opens <= row.evaluated_at.date() <= today + datetime.timedelta(days=1)
    updates = CommitmentUpdate.objects.unscoped("test")
    assert updates.exists()
    assert not updates.filter(commitment__status="draft").exists()
    assert not updates.filter(date__gt=today).exists()
    posts = Post.objects.unscoped("test")
    assert set(posts.values_list("org_id", flat=True)) <= branches
    assert posts.filter(demonstration=True).exists() and posts.filter(demonstration=False).exists()
    holders = list(posts.values_list("person_id", flat=True))
    assert len(holders) == len(set(holders))  # one post per member in the demo
    demo.delete_county()
    assert not rows.exists() and not updates.exists() and not posts.exists()


def test_june_has_no_verdicts_and_nothing_after_today():
    today = datetime.date(2026, 6, 14)
    root = _county(today)
    demo_commitment.build(root, rng=random.Random(3), today=today)
    rows = Commitment.objects.unscoped("test")
    assert rows.exists() and not rows.filter(status="evaluated").exists()
    assert not rows.filter(published_at__date__gt=today).exists()
    assert not CommitmentUpdate.objects.unscoped("test").filter(date__gt=today).exists()
    demo_commitment.delete(root.path)
    assert not rows.exists()
