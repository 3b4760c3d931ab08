"""党费: each member's declared income base (history kept) and the monthly payments.

Money is integer fen (分), never a float. The amount due for a month is computed from the base
in force that month (`dues_calc.due_fen`), and copied onto the payment when it is recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["DuesBase", "DuesCategory", "DuesPayment"]


class DuesCategory(models.TextChoices):
    EMPLOYED = "employed", _("Employed (wage after tax)")
    RETIRED = "retired", _("Retired (pension)")
    FARMER = "farmer", _("Farmer")
    STUDENT = "student", _("Student")
    UNEMPLOYED = "unemployed", _("Unemployed")
    LOW_ALLOWANCE = "low_allowance", _("On relief or minimum living allowance")


class DuesBase(OrgOwned):
    """党费基数 — a member's declared monthly income base, in force from `effective_from` (the
    first day of a month) until the next declaration: earlier declarations stay as history."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    # The member's branch when the base was declared: the row stays where it was written.
    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT
    )
    category = models.CharField(_("category"), max_length=16, choices=DuesCategory.choices)
    income_fen = models.PositiveBigIntegerField(_("monthly income base (fen)"), default=0)
    # Farmers: the monthly amount the branch set within 0.2–1 yuan (null for other categories).
    fixed_fen = models.PositiveIntegerField(_("fixed monthly dues (fen)"), null=True, blank=True)
    effective_from = models.DateField(_("effective from (month)"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-effective_from"]
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "effective_from"], name="dues_base_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1), name="dues_base_first_of_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category} {self.income_fen} @ {self.effective_from}"


class DuesPayment(OrgOwned):
    """党费收缴 — one member's dues for one month (`month` is its first day). A month is paid
    once; a month after the current one is paid in advance."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT
    )
    month = models.DateField(_("month"))
    due_fen = models.PositiveIntegerField(_("due (fen)"))
    amount_fen = models.PositiveIntegerField(_("paid (fen)"))
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "person"]
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        indexes = [models.Index(fields=["org", "month"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="dues_payment_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_payment_first_of_month"),
            models.CheckConstraint(condition=Q(amount_fen__gte=1), name="dues_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.amount_fen}"
