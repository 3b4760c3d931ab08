"""考核轮次 — a scoring round over a period, one scoring sheet per organization, scores with
their history, and appeals (申诉)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.lib.jobs import Job
from dangjian.orgs.scoping import OrgOwned

__all__ = [
    "Appeal",
    "AssessRound",
    "Grade",
    "RoundFillJob",
    "Score",
    "ScoreChange",
    "ScoreSheet",
]


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    GOOD = "good", _("Good (良好)")
    FAIR = "fair", _("Fair (一般)")
    POOR = "poor", _("Poor (较差)")


class AssessRound(OrgOwned):
    """考核轮次 — issued by an organization (the county committee) for a period over the
    organizations below it; one rule set per category."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCORING = "scoring", _("scoring")
        PUBLISHED = "published", _("published")

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    rulesets = models.ManyToManyField("assess.RuleSet", related_name="+", blank=True)
    # Share of each category's sheets that may be graded 优秀 (configurable per round).
    excellent_quota_percent = models.PositiveSmallIntegerField(_("优秀 quota (%)"), default=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return self.name


class ScoreSheet(OrgOwned):
    """评分表 — one organization's scores in a round, against its category's rule set. The
    inspector assigned scores it (the kernel's score action); the level above approves it."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Status(models.TextChoices):
        OPEN = "open", _("being scored")
        SUBMITTED = "submitted", _("submitted for approval")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    round = models.ForeignKey(AssessRound, on_delete=models.CASCADE, related_name="sheets")
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ruleset = models.ForeignKey("assess.RuleSet", on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Kept up to date by the scoring service (the ranking reads it in one query).
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, default=0)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "org__path"]
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="assess_sheet_org")]
        indexes = [models.Index(fields=["round", "-total"], name="assess_sheet_ranking")]


class Score(OrgOwned):
    """One rule item's points on a sheet: computed (auto_points, explanation) and the points
    that count (an inspector's adjustment needs a reason; so does any deduction)."""

    ORG_PATH = "sheet__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey("assess.RuleItem", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True)
    auto_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("how it was computed"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sheet", "item__position", "item_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="assess_score_item")]


class ScoreChange(OrgOwned):
    """Every change of a score: who, when, old → new, why (besides the audit log entry)."""

    ORG_PATH = "score__sheet__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    old_points = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    new_points = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]


class Appeal(OrgOwned):
    """申诉 — the assessed organization disputes its published result (or one item); the
    round's issuer decides, and the decision is recorded (a changed score goes through the
    scoring service, audited like any other)."""

    ORG_PATH = "sheet__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        UPHELD = "upheld", _("upheld")
        REJECTED = "rejected", _("dismissed")

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="appeals")
    item = models.ForeignKey(
        "assess.RuleItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("grounds"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")


class RoundFillJob(Job, OrgOwned):
    """The background job that fills a round's automatic items on every sheet (the round
    page shows its progress)."""

    ORG_PATH = "round__org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    round = models.ForeignKey(AssessRound, on_delete=models.CASCADE, related_name="fill_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
