"""The Django side of the originality check (查重): the reference corpus, texts submitted
for checking, and checks with their reports. The textreuse index is derived from these
rows (``manage.py originality_reindex`` rebuilds it), like a search index."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.lib.jobs import Job
from dangjian.orgs.scoping import OrgOwned


class SourceDocument(models.Model):
    """参考文献 — a document of the county's reference corpus (e.g. scraped web essays).

    Not org data: every reviewer checks against the whole corpus and sees its texts.
    """

    ref = models.CharField(_("reference"), max_length=500, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    site = models.CharField(_("site"), max_length=200, blank=True)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    text = models.TextField(_("clean text"))
    stripped = models.JSONField(_("removed lines"), default=list, blank=True)
    content_hash = models.BigIntegerField(db_index=True)
    chars = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "pk"]
        verbose_name = _("reference document")
        verbose_name_plural = _("reference documents")

    def __str__(self) -> str:
        return self.title or self.ref


class Submission(OrgOwned):
    """送检文本 — a text handed in for checking: a study note, or a text a reviewer pasted.

    `index_ref` is set when the text is part of the index, so that later texts are checked
    against it; `author` marks the author's own earlier texts (去除本人文献复制比).
    """

    ORG_PATH = "org__path"
    SELF_PATH = "author"

    class Kind(models.TextChoices):
        PASTED = "pasted", _("pasted or uploaded by a reviewer")
        NOTE = "note", _("study note or reflection")

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PASTED)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    filename = models.CharField(_("file"), max_length=200, blank=True)
    # Where an uploaded .docx's text came from (dangjian.lib.docx.DocxPart as dicts: kind,
    # start, end in `text`), so the report lists a passage of a footnote as such.
    parts = models.JSONField(_("document parts"), default=list, blank=True)
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    index_ref = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Check(Job, OrgOwned):
    """查重检测 — one check of a submission against the index, and its report."""

    ORG_PATH = "submission__org__path"
    SELF_PATH = "submission__author"

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("checking")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="checks")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total_ratio = models.FloatField(null=True, blank=True)
    ratio_excluding_quotes = models.FloatField(null=True, blank=True)
    ratio_excluding_own = models.FloatField(null=True, blank=True)
    max_single_source_ratio = models.FloatField(null=True, blank=True)
    copied_chars = models.PositiveIntegerField(null=True, blank=True)
    total_chars = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_ratio__isnull=True)
                | (Q(total_ratio__gte=0) & Q(total_ratio__lte=1)),
                name="check_ratio_is_fraction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.get_status_display()}"
