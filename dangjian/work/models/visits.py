"""包村 / 下基层 — who is paired with which grassroots organization, and the visit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["ContactAssignment", "Visit"]


class ContactAssignment(OrgOwned):
    """包村联系 — a unit (and optionally one of its cadres) paired with a grassroots
    organization (联系点) from a date; ended by setting `ended_on`.

    Scope follows the grassroots organization: its own chain sees who is paired with it."""

    ORG_PATH = "org__path"
    SELF_PATH = "cadre"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("grassroots organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("contact unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cadre = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("contact cadre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org__path", "started_on", "pk"]
        verbose_name = _("contact assignment")
        verbose_name_plural = _("contact assignments")


class Visit(OrgOwned):
    """走访记录 — a cadre's visit to a grassroots organization (下基层): when, why, what was
    found, what was solved on the spot, what follows up. Scope follows the visited org."""

    ORG_PATH = "org__path"
    SELF_PATH = "visitor"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization visited"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor = models.ForeignKey(
        "orgs.Person", verbose_name=_("visitor"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("date"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    solved = models.TextField(_("problems solved"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["visitor", "visited_on"]),
            models.Index(fields=["org", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.purpose}"
