"""干训讲堂 — the online learning hall: materials published by an organization to its whole
subtree, their search terms, who read them (and how long), and members' suggestions (留言)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import PrivateStorage
from dangjian.orgs.scoping import OrgOwned


@deconstructible
class HallStorage(PrivateStorage):
    """Learning-hall files (DANGJIAN_HALL_DIR, default VAR_DIR/hall), served by the download
    view, which checks scope and counts the download."""

    SETTING = "DANGJIAN_HALL_DIR"
    FOLDER = "hall"
    SERVED_BY = "study:hall-download"


class MaterialCategory(models.Model):
    """学习资料类别 — a category of the catalogue (data, not code: the department adds more)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("material category")
        verbose_name_plural = _("material categories")

    def __str__(self) -> str:
        return self.name


class Material(OrgOwned):
    """学习资料 — a material of the hall: text, an attached file, or both.

    Published to the whole subtree of `org`: every member below reads it, though they may not
    see that organization's other data (as a study plan is).
    """

    ORG_PATH = "org__path"
    SELF_PATH = "org__people"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        MaterialCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(
        _("file"), storage=HallStorage(), upload_to="materials/%Y/", blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # 规范化文本 (hall_search.normalize of title, summary and text): what a search matches.
    search_text = models.TextField(editable=False, blank=True)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("study material")
        verbose_name_plural = _("study materials")
        indexes = [models.Index(fields=["org", "year", "status"])]

    def __str__(self) -> str:
        return self.title


class MaterialTerm(OrgOwned):
    """One search term of a material (hall_search explains the terms)."""

    ORG_PATH = "material__org__path"
    SELF_PATH = "material__org__people"

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "material"], name="one_hall_term_per_material")
        ]


class MaterialRead(OrgOwned):
    """学习记录 — one person's reading of one material: opened, read to the end, time, downloads.

    One row per person and material (a constraint), filed under the organization the person
    belonged to when they first opened it — the unit the statistics count it for.
    """

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    finished_at = models.DateTimeField(_("read to the end at"), null=True, blank=True)
    seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    last_beat_at = models.DateTimeField(null=True, blank=True)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material", "person"], name="one_hall_read_per_person")
        ]
        indexes = [models.Index(fields=["org", "material"])]


class Suggestion(OrgOwned):
    """留言 — a member's suggestion on a material, shown once a moderator approved it.

    Moderated by whoever may change the material's organization, so the scope is the
    material's; the author always sees their own.
    """

    ORG_PATH = "material__org__path"
    SELF_PATH = "author"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="suggestions")
    author = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("suggestion"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return self.body[:30]
