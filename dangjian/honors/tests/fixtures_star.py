"""Rows the star tests start from: published assessment rounds with totals stated here (the
sheets' totals written directly, as the scoring service leaves them), and ratings made by the
real run."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone


def last_year() -> int:
    return timezone.localdate().year - 1


def published_round(
    county,
    totals: dict,
    *,
    kind: str = "year",
    year: int | None = None,
    month: int = 1,
    status: str = "published",
    issuer=None,
    grades: dict | None = None,
):
    """A round of `kind` (year / quarter `month` / month `month`) of `year`, its sheets'
    totals {org: "92.5"}."""
    from dangjian.assess.models import AssessRound, ScoreSheet
    from dangjian.assess.tests import fixtures

    year = year or last_year()
    if kind == "year":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    elif kind == "quarter":
        start = datetime.date(year, month, 1)
        end = (start + datetime.timedelta(days=93)).replace(day=1) - datetime.timedelta(days=1)
    else:
        start = datetime.date(year, month, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    rules = getattr(county, "_star_ruleset", None)
    if rules is None:
        rules = fixtures.ruleset(county, year=year)
        county._star_ruleset = rules
    row = AssessRound.objects.create(
        org=issuer or county.root,
        name=f"{year}年{kind}{month}考核",
        period_kind=kind,
        period_start=start,
        period_end=end,
        status=status,
        created_by=county.superuser,
        published_at=timezone.now() if status == "published" else None,
    )
    for org, total in totals.items():
        ScoreSheet.objects.create(
            round=row,
            org=org,
            ruleset=rules,
            status="approved" if status == "published" else "open",
            total=Decimal(total),
            grade=(grades or {}).get(org, "good" if status == "published" else ""),
        )
    return row


def no_vetoes(county, year: int | None = None):
    """The county's criteria of the year: the default thresholds, no vetoes."""
    from dangjian.honors import star_services

    return star_services.criteria_save(
        actor=county.superuser,
        issuer=county.root,
        year=year or last_year(),
        thresholds=[
            {"stars": 5, "min_score": "95"},
            {"stars": 4, "min_score": "90"},
            {"stars": 3, "min_score": "80"},
            {"stars": 2, "min_score": "70"},
        ],
        vetoes=[],
    )


def rated(county, *, publish: bool = True, year: int | None = None):
    """Township A 92 and village A1 96.5 in the county's yearly round, rated and published."""
    from dangjian.honors import star_services

    year = year or last_year()
    published_round(county, {county.township_a: "92", county.village_a1: "96.5"}, year=year)
    star_services.rating_run(actor=county.superuser, issuer=county.root, year=year)
    if publish:
        star_services.ratings_publish(actor=county.superuser, issuer=county.root, year=year)


def rating_of(org, year: int | None = None):
    from dangjian.honors.models import StarRating

    return StarRating.objects.unscoped("test").get(org=org, year=year or last_year(), current=True)
