"""Reads of star ratings (评星挂牌), scoped to the user.

Who sees a rating: whoever the kernel lets view its organization, and then only
- once it is published (the rated organization's chain sees its stars), or
- holding CHANGE at its issuer (those who ran it see it before publishing).
A member reaches no organization's rows (ratings belong to no person): the public plaque list
shows what is published.

Which rating is an organization's public one: a county and a township below it may both rate
a village. Per organization and year only the OUTERMOST issuer that published a rating (1–5
stars) of it speaks publicly (the county's, where it rated); a lower issuer's ratings are its
internal ones — in the list and history of those who see them, labelled with the issuer, but
never on the public plaque list nor on the plaque list beside the county's. Once the county
has published a rating of an organization for a year, a re-run of the county (its new rows
not yet published) does not let the township's rating take its place on the public list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404

from dangjian.assess import rules as assess_rules
from dangjian.assess import rules_round
from dangjian.honors.models import StarRating, StarRunJob
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action


def rating_queryset(user: User) -> QuerySet[StarRating]:
    issuers = Organization.objects.visible_to(user, Action.CHANGE).values("pk")
    return StarRating.objects.visible_to(user, Action.VIEW).filter(
        Q(published=True) | Q(issuer__in=issuers)
    )


@dataclass(frozen=True)
class RatingFilters:
    year: int | None = None
    stars: int | None = None
    org: Organization | None = None  # its subtree
    issuer: Organization | None = None


def rating_list(user: User, filters: RatingFilters) -> QuerySet[StarRating]:
    """Current ratings (not the history) by stars, then organization."""
    rows = rating_queryset(user).filter(current=True).select_related("org", "issuer")
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.stars is not None:
        rows = rows.filter(stars=filters.stars)
    if filters.org is not None:
        rows = rows.filter(org__path__startswith=filters.org.path)
    if filters.issuer is not None:
        rows = rows.filter(issuer=filters.issuer)
    return rows.order_by("-year", "-stars", "org__name", "org__path", "pk")


def rating_get(user: User, pk: int) -> StarRating:
    rows = rating_queryset(user).select_related("org", "issuer", "rated_by")
    return get_object_or_404(rows, pk=pk)


def org_history(user: User, org: Organization) -> list[StarRating]:
    """Every run's rating of the organization the user sees, newest year and run first."""
    rows = rating_queryset(user).filter(org=org).select_related("issuer", "rated_by")
    return list(rows.order_by("-year", "-rated_at", "-pk"))


def years_rated(user: User) -> list[int]:
    rows = rating_queryset(user).filter(current=True).values_list("year", flat=True)
    return sorted(set(rows.distinct()), reverse=True)


def default_year(user: User, today: datetime.date) -> int:
    """The newest year the user has ratings of; else last year (ratings follow a year's end)."""
    years = years_rated(user)
    return years[0] if years else today.year - 1


def issuer_choices(user: User) -> QuerySet[Organization]:
    """Organizations the user may run ratings for: CHANGE at them, with organizations below."""
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(is_active=True, children__isnull=False)
        .distinct()
        .order_by("path")
    )


def filter_orgs(user: User) -> list[Organization]:
    """The list's organization filter: organizations in sight with organizations below."""
    rows = Organization.objects.visible_to(user, Action.VIEW).filter(children__isnull=False)
    return list(rows.distinct().order_by("path"))


def grassroots_below(issuer: Organization, with_results: set[int]) -> list[Organization]:
    """The organizations a run rates: active ones below `issuer` of an assessed category and
    type (assessment's own rules), and any below it that has a published result."""
    assessed = Q(
        is_active=True,
        category__in=assess_rules.CATEGORIES,
        org_type__in=rules_round.ASSESSED_ORG_TYPES,
    )
    return list(
        Organization.objects.unscoped("the run's issuer is checked by the service")
        .filter(assessed | Q(pk__in=with_results), path__startswith=issuer.path)
        .exclude(pk=issuer.pk)
        .order_by("path")
    )


def outermost_per_org(rows: list[StarRating]) -> list[StarRating]:
    """Of several issuers' ratings of one organization, the outermost issuer's (the issuers
    of an organization's ratings all lie above it, so the shortest path is the outermost);
    the order of `rows` is kept."""
    best: dict[tuple[int, int], StarRating] = {}
    for row in rows:
        key = (row.org_id, row.year)
        if key not in best or len(row.issuer.path) < len(best[key].issuer.path):
            best[key] = row
    kept = {row.pk for row in best.values()}
    return [row for row in rows if row.pk in kept]


def plaque_rows(user: User, year: int, issuer: Organization | None = None) -> list[StarRating]:
    """The plaque list (挂牌名单): current rated organizations (1–5 stars) of the year the
    user sees, by stars, then name. Without `issuer`, one rating per organization: the
    outermost issuer's (see the module text); with it, that issuer's own list."""
    rows = rating_list(user, RatingFilters(year=year, issuer=issuer)).filter(stars__gte=1)
    rows = list(rows.order_by("-stars", "org__name", "org__path", "pk"))
    return rows if issuer is not None else outermost_per_org(rows)


def public_rows(year: int) -> list[StarRating]:
    """The public plaque list: per organization, the current published rating (1–5 stars) of
    the year by the outermost issuer that ever published one of it (see the module text)."""
    published = StarRating.objects.unscoped("published ratings are public").filter(
        year=year, published=True, stars__gte=1
    )
    outer = (
        published.filter(org=OuterRef("org"))
        .annotate(issuer_depth=Length("issuer__path"))
        .filter(issuer_depth__lt=OuterRef("issuer_depth"))
    )
    rows = (
        published.filter(current=True)
        .annotate(issuer_depth=Length("issuer__path"))
        .filter(~Exists(outer))
        .select_related("org", "issuer")
    )
    return list(rows.order_by("-stars", "org__name", "org__path", "pk"))


def job_queryset(user: User) -> QuerySet[StarRunJob]:
    """Rating jobs of the issuers the user may rate for (CHANGE)."""
    return StarRunJob.objects.visible_to(user, Action.CHANGE).select_related("issuer")


def recent_jobs(user: User, year: int) -> list[StarRunJob]:
    """The user's issuers' latest jobs of the year (the list page's progress panel)."""
    return list(job_queryset(user).filter(year=year).order_by("-created_at", "-pk")[:3])
