"""Demo data of 民主评议党员 and 换届 (called from demo_dues.build): last year's finished review
round in a few branches (self-assessments, anonymous ratings, grades), and an election record
for the organizations whose term began within the last year."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orglife.models import (
    ElectedMember,
    ElectionRecord,
    MutualRating,
    ReviewEntry,
    ReviewRound,
)
from dangjian.orgs.models import Organization, PartyStatus, Person

SYSTEM = "demo build (system command)"
BATCH = 5000
REVIEW_BRANCHES = 12
RATERS_PER_MEMBER = 4  # each member rates a few others (a full matrix grows with the square)
GRADE_WEIGHTS = (("excellent", 20), ("qualified", 74), ("basic", 5), ("unqualified", 1))
SELF_TEXTS = (
    "一年来认真学习党的理论，按时参加组织生活，按时足额交纳党费。",
    "积极参加主题党日活动，带头参与村里环境整治，还需加强理论学习。",
    "坚持学习强国学习，参与防汛值守，对照党章找差距，今后改进工作作风。",
)
REASONS = {"basic": "全年多次无故缺席组织生活", "unqualified": "长期不参加组织生活，经教育仍无改进"}
POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")


def build_reviews(root: Organization, rng: random.Random, today: datetime.date) -> int:
    """Last year's closed round in a few branches; returns the rounds built."""
    branches = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, org_type="branch", is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(branches, k=min(REVIEW_BRANCHES, len(branches)))
    members: dict[int, list[int]] = {pk: [] for pk in chosen}
    for person_id, org_id in (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org_id__in=chosen, is_active=True, party_status=PartyStatus.FULL)
        .values_list("pk", "primary_org_id")
    ):
        members[org_id].append(person_id)
    year = today.year - 1
    closed_at = timezone.make_aware(datetime.datetime(year, 12, 20, 16, 0))
    rounds = ReviewRound.objects.bulk_create(
        ReviewRound(org_id=pk, year=year, status="closed", closed_at=closed_at)
        for pk in chosen
        if members[pk]
    )
    grades, weights = zip(*GRADE_WEIGHTS, strict=True)
    entries, ratings = [], []
    for round_ in rounds:
        people = members[round_.org_id]
        for person_id in people:
            grade = rng.choices(grades, weights)[0]
            entries.append(
                ReviewEntry(
                    round=round_,
                    person_id=person_id,
                    self_assessment=rng.choice(SELF_TEXTS),
                    self_assessed_at=closed_at - datetime.timedelta(days=5),
                    grade=grade,
                    grade_reason=REASONS.get(grade, ""),
                    graded_at=closed_at,
                )
            )
            others = [p for p in people if p != person_id]
            for ratee in rng.sample(others, k=min(RATERS_PER_MEMBER, len(others))):
                ratings.append(
                    MutualRating(
                        round=round_,
                        rater_id=person_id,
                        ratee_id=ratee,
                        grade=rng.choices(grades, weights)[0],
                    )
                )
    ReviewEntry.objects.bulk_create(entries, batch_size=BATCH)
    MutualRating.objects.bulk_create(ratings, batch_size=BATCH)
    return len(rounds)


def build_elections(root: Organization, rng: random.Random, today: datetime.date) -> int:
    """The election that began each organization's current term, for terms begun within the
    last year (the organization's term fields already say so): the record and its committee."""
    orgs = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(
            path__startswith=root.path,
            term_elected_on__gte=today - datetime.timedelta(days=365),
            term_number__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "term_elected_on", "term_number", "secretary_id")
    )
    records = ElectionRecord.objects.bulk_create(
        ElectionRecord(org_id=pk, elected_on=elected, term_number=number)
        for pk, elected, number, _secretary in orgs
    )
    by_org: dict[int, list[int]] = {}
    ids = [pk for pk, *_rest in orgs]
    for person_id, org_id in (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org_id__in=ids, is_active=True, party_status=PartyStatus.FULL)
        .order_by("pk")
        .values_list("pk", "primary_org_id")
    ):
        by_org.setdefault(org_id, []).append(person_id)
    elected = []
    for record, (_pk, _date, _number, secretary) in zip(records, orgs, strict=True):
        people = [p for p in by_org.get(record.org_id, []) if p != secretary]
        committee = ([secretary] if secretary else []) + rng.sample(people, k=min(4, len(people)))
        for person_id, post in zip(committee, POSTS, strict=False):
            elected.append(ElectedMember(election=record, person_id=person_id, post=post))
    ElectedMember.objects.bulk_create(elected, batch_size=BATCH)
    return len(records)


def delete(prefix: str) -> None:
    ElectedMember.objects.unscoped(SYSTEM).filter(election__org__path__startswith=prefix).delete()
    ElectionRecord.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    MutualRating.objects.unscoped(SYSTEM).filter(round__org__path__startswith=prefix).delete()
    ReviewEntry.objects.unscoped(SYSTEM).filter(round__org__path__startswith=prefix).delete()
    ReviewRound.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
