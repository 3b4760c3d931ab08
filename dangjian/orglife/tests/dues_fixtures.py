"""Helpers of the dues tests and matrix rows: a declared base and a payment for person_a."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def declare(county, person=None, *, category="employed", income_fen=420_000, month=None, **extra):
    from dangjian.orglife import dues_services

    return dues_services.base_declare(
        actor=county.superuser,
        person=person or county.person_a,
        category=category,
        income_fen=income_fen,
        effective_from=month or datetime.date(timezone.localdate().year, 1, 1),
        **extra,
    )


def pay(county, person=None, *, month=None, paid_on=None, **extra):
    from dangjian.orglife import dues_services

    month = month or this_month()
    return dues_services.payment_record(
        actor=county.superuser,
        person=person or county.person_a,
        month=month,
        paid_on=paid_on or min(timezone.localdate(), month),
        **extra,
    )


@pytest.fixture
def english():
    """Messages compared in English (the site's language is Chinese)."""
    with translation.override("en"):
        yield
