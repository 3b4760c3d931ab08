"""Commitments and posts written straight with the models (tests of reads, pages, matrix)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dangjian.honors.models import Commitment, CommitmentUpdate, Post


def commitment(
    county,
    *,
    person=None,
    org=None,
    title="帮扶两户困难群众",
    year: int | None = None,
    status: str = "published",
    verdict: str = "",
    evaluated_at: datetime.datetime | None = None,
    detail: str = "每月走访一次",
) -> Commitment:
    year = year or timezone.localdate().year
    if person is not None:
        org = person.primary_org
    row = Commitment.objects.create(
        org=org or county.village_a1,
        person=person,
        year=year,
        title=title,
        detail=detail,
        status="evaluated" if verdict else status,
        published_at=None if status == "draft" else timezone.now(),
        verdict=verdict,
        evaluated_at=evaluated_at or (timezone.now() if verdict else None),
    )
    return row


def update(row: Commitment, text: str = "已走访一户", date: datetime.date | None = None):
    return CommitmentUpdate.objects.create(
        commitment=row, date=date or datetime.date(row.year, 3, 1), text=text
    )


def post(county, *, org=None, person=None, title="政策宣传岗", demonstration=True, **extra) -> Post:
    return Post.objects.create(
        org=org or county.village_a1,
        person=person,
        title=title,
        duties="宣传惠民政策，解答群众疑问",
        demonstration=demonstration,
        since=datetime.date(2026, 1, 1) if person else None,
        **extra,
    )
