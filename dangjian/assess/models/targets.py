"""创先争优 月度目标 — each grassroots committee's monthly targets and measures, marked by the
supervisors; the monthly supervision bulletin (督查通报)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.lib.jobs import Job
from dangjian.orgs.scoping import OrgOwned

__all__ = ["Bulletin", "MonthlyTarget", "TargetItem"]


class MonthlyTarget(OrgOwned):
    """月度目标 — one committee's targets for one month, submitted by the deadline."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("month"))  # the first day of the month
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "org__path"]
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        constraints = [models.UniqueConstraint(fields=["org", "month"], name="assess_target_month")]


class TargetItem(OrgOwned):
    """One target with its measures; the supervisor marks it 落实 / 部分落实 / 未落实."""

    ORG_PATH = "target__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Mark(models.TextChoices):
        DONE = "done", _("carried out (落实)")
        PARTIAL = "partial", _("partly carried out (部分落实)")
        NOT_DONE = "not_done", _("not carried out (未落实)")

    target = models.ForeignKey(MonthlyTarget, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    goal = models.TextField(_("goal"))
    measures = models.TextField(_("measures"))
    mark = models.CharField(_("supervision"), max_length=10, choices=Mark.choices, blank=True)
    note = models.TextField(_("supervisor's note"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["target", "position", "pk"]


class Bulletin(Job, OrgOwned):
    """督查通报 — the month's supervision bulletin of the issuing organization, written as a
    .docx (GB/T 9704 layout) by a background job; kept as the archive."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("month"))
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))  # 〔year〕number号
    title = models.CharField(_("title"), max_length=200, blank=True)
    highlights = models.TextField(_("highlights"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month", "-number"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "number"], name="assess_bulletin_number")
        ]
