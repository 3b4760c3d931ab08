"""业绩评价指标 — each unit's own performance indicators with their periodic values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["Kpi", "KpiValue"]


class Kpi(OrgOwned):
    """业绩评价指标 — one indicator of a unit's work: unit of measure, direction, target, how
    often a value is due; optionally the rule-set item it feeds."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Frequency(models.TextChoices):
        MONTH = "month", _("monthly")
        QUARTER = "quarter", _("quarterly")
        YEAR = "year", _("yearly")

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.MONTH
    )
    rule_item = models.ForeignKey(
        "assess.RuleItem",
        verbose_name=_("rule-set item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org__path", "position", "pk"]
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")

    def __str__(self) -> str:
        return self.name


class KpiValue(OrgOwned):
    """One period's value of a KPI (period_start = the first day of the month, quarter or
    year)."""

    ORG_PATH = "kpi__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kpi", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period_start"], name="assess_kpi_period")
        ]
