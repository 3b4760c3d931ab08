"""百分考核细则 — a 100-point rule set per year and category, versioned, as a tree of items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["AssessCategory", "RuleItem", "RuleSet"]


class AssessCategory(models.TextChoices):
    """The four categories of 创先争优 (the API's codes; the same values as OrgCategory)."""

    TOWNSHIP = "township", _("Township Party committee")
    RURAL = "rural", _("Rural Party organization")
    COUNTY_UNIT = "county_unit", _("County-level unit Party organization")
    ENTERPRISE = "enterprise", _("Enterprise Party organization")


class RuleSet(OrgOwned):
    """考核细则 — the rules one organization (the county committee, usually) issues for one
    year and category. A change is a new version (the old one stays, rounds scored against it
    keep it); only one version per year and category is active."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("in force")
        RETIRED = "retired", _("superseded")

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=16, choices=AssessCategory.choices)
    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "category", "-version"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "category", "version"], name="assess_ruleset_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class RuleItem(OrgOwned):
    """考核指标 — one node of a rule set: a 一级 indicator (parent empty) or a 二级 one under
    it, or a bonus (加分项) / deduction (扣分项) item whose max_points is its cap. Scored by
    an inspector (manual) or from a registered indicator (auto, `auto_indicator` = its code)."""

    ORG_PATH = "ruleset__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("indicator")
        BONUS = "bonus", _("bonus item")
        DEDUCTION = "deduction", _("deduction item")

    class Scoring(models.TextChoices):
        MANUAL = "manual", _("scored by an inspector")
        AUTO = "auto", _("computed from records")

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INDICATOR)
    max_points = models.DecimalField(_("max points"), max_digits=6, decimal_places=2)
    scoring = models.CharField(
        _("scoring"), max_length=8, choices=Scoring.choices, default=Scoring.MANUAL
    )
    auto_indicator = models.CharField(_("automatic indicator"), max_length=64, blank=True)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ruleset", "position", "pk"]
        verbose_name = _("rule item")
        verbose_name_plural = _("rule items")
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "code"], name="assess_ruleitem_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
