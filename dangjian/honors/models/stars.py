"""评星挂牌 — 1–5 stars for each grassroots organization per year, from assessment results and
rules kept as data (score thresholds, vetoes such as an overdue rectification)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.lib.jobs import Job
from dangjian.orgs.scoping import OrgOwned

__all__ = ["StarCriteria", "StarRating", "StarRunJob"]


class StarCriteria(OrgOwned):
    """评星标准 — one issuer's rules for a year: `thresholds` [{"stars": 5, "min_score":
    "95"}, …] from the year's published assessment score, and `vetoes` [{"indicator":
    "work.rectifications_on_time", "when": "ratio_below", "value": "1", "effect":
    "max_stars", "stars": 2, "label": "…"}, …] read through the registered indicators.
    Defaults in rules_star.py; star_criteria checks both."""

    ORG_PATH = "org__path"
    SELF_PATH = None

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    thresholds = models.JSONField(default=list)
    vetoes = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="honors_criteria_one_per_year")
        ]


class StarRating(OrgOwned):
    """星级 — an organization's stars for a year with the reasons. Each rating run adds rows;
    the newest per organization, issuer and year is `current`, the older ones are its
    history. 0 stars: not rated (no published assessment result), with the reason."""

    ORG_PATH = "org__path"
    SELF_PATH = None

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(max_length=12, blank=True)
    reasons = models.JSONField(default=list)
    current = models.BooleanField(default=True)
    published = models.BooleanField(_("published"), default=False)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["org", "year", "current"], name="honors_star_current")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__lte=5), name="honors_star_at_most_five"
            ),
            models.UniqueConstraint(
                fields=["org", "issuer", "year"],
                condition=models.Q(current=True),
                name="honors_star_one_current",
            ),
        ]


class StarRunJob(Job, OrgOwned):
    """A rating run in the background (a county's thousand organizations take seconds: each
    veto measures an indicator per organization); the ratings page shows its progress."""

    ORG_PATH = "issuer__path"
    SELF_PATH = None

    issuer = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"rated": n, "not_rated": n, "by_stars": {"5": n, …}} once done.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
