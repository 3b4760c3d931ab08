"""调研 — research topics (调研课题), their articles (调研文章), the year-end review
(年终评审) scored by several reviewers, and the awards (评优) that come out of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned


class ResearchTopic(OrgOwned):
    """调研课题 — a topic a cadre registers for the year; the level above approves it."""

    ORG_PATH = "org__path"
    SELF_PATH = "author"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    author = models.ForeignKey(
        "orgs.Person", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("plan of the research"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "org__path", "pk"]
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")

    def __str__(self) -> str:
        return self.title


class ResearchArticle(OrgOwned):
    """调研文章 — the article written on an approved topic, checked for originality."""

    ORG_PATH = "topic__org__path"
    SELF_PATH = "topic__author"

    topic = models.ForeignKey(ResearchTopic, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    char_count = models.PositiveIntegerField(_("characters"))
    originality_check = models.ForeignKey(
        "originality.Check", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("research article")
        verbose_name_plural = _("research articles")

    def __str__(self) -> str:
        return self.title


class ArticleScore(OrgOwned):
    """年终评审 — one reviewer's rubric scores of one article (one row per reviewer)."""

    ORG_PATH = "article__topic__org__path"
    SELF_PATH = "article__topic__author"

    article = models.ForeignKey(ResearchArticle, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scores = models.JSONField(_("scores"))  # rubric key → points
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "reviewer"], name="one_score_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.article} · {self.total}"
