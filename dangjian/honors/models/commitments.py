"""公开承诺 / 践诺评议 — yearly commitments of members and organizations, made public, with
progress updates and a year-end evaluation of keeping them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["Commitment", "CommitmentUpdate"]


class Commitment(OrgOwned):
    """承诺事项 — one item a member (`person`) or an organization (`person` empty) promises for
    a year; public once published. `verdict` is the year-end 践诺评议."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("public")
        EVALUATED = "evaluated", _("evaluated")

    class Verdict(models.TextChoices):
        NONE = "", _("not yet evaluated")
        KEPT = "kept", _("kept (已践诺)")
        PARTLY = "partly", _("partly kept (基本践诺)")
        NOT_KEPT = "not_kept", _("not kept (未践诺)")

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("commitment"), max_length=200)
    detail = models.TextField(_("measures"), blank=True)
    due = models.DateField(_("to be done by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    published_at = models.DateTimeField(null=True, blank=True)
    verdict = models.CharField(
        _("evaluation"), max_length=10, choices=Verdict.choices, blank=True, default=""
    )
    evaluation_note = models.TextField(_("evaluation note"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["org", "year"], name="honors_commit_org_year")]


class CommitmentUpdate(OrgOwned):
    """践诺进展 — a dated progress note on a commitment (public with it)."""

    ORG_PATH = "commitment__org__path"
    SELF_PATH = "commitment__person"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
