"""整改台账 — the problem list and its fixes (问题清单 → 整改措施 → 销号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.work.models.tracking import DeadlineChangeBase, FileBase, ReportBase, Tracked

__all__ = [
    "ProblemSource",
    "Rectification",
    "RectificationDeadlineChange",
    "RectificationEvidence",
    "RectificationReport",
]


class ProblemSource(models.TextChoices):
    SELF_EXAMINATION = "self_examination", _("Self-examination")  # 自查
    SEMINAR = "seminar", _("Seminar")  # 座谈
    INSPECTION = "inspection", _("Inspection")  # 督查
    PUBLIC_EVALUATION = "public_evaluation", _("Public evaluation")  # 群众评议
    OTHER = "other", _("Other")  # 其他


class Rectification(Tracked):
    """整改事项 — a problem an organization must fix: the measures, the responsible person,
    the deadline; progress reported as for work items; accepted and closed (销号) by the
    issuing level (`issued_by`, the organization that listed it — the same or one above)."""

    ORG_PATH = "org__path"
    SELF_PATH = "responsible"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization rectifying"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("issuing organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, choices=ProblemSource.choices)
    # A study seminar's problem row taken in (once).
    event_issue = models.OneToOneField(
        "study.EventIssue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("number"), max_length=30, blank=True)
    problem = models.TextField(_("problem"))
    measures = models.TextField(_("rectification measures"))
    responsible = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    found_on = models.DateField(_("found on"))
    acceptance_note = models.TextField(_("acceptance opinion"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.problem[:40]


class RectificationReport(ReportBase):
    """整改进展 — one report on a rectification."""

    ORG_PATH = "rectification__org__path"
    SELF_PATH = "rectification__responsible"

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="reports"
    )


class RectificationEvidence(FileBase):
    ORG_PATH = "report__rectification__org__path"
    SELF_PATH = "report__rectification__responsible"

    report = models.ForeignKey(
        RectificationReport, on_delete=models.CASCADE, related_name="evidence"
    )


class RectificationDeadlineChange(DeadlineChangeBase):
    ORG_PATH = "rectification__org__path"
    SELF_PATH = "rectification__responsible"

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="deadline_changes"
    )
    report = models.ForeignKey(
        RectificationReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
