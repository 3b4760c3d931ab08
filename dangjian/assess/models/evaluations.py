"""群众评议 — evaluation of a unit by the people it serves: the unit's public page and mode,
one-time codes, and the evaluations themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["Evaluation", "EvaluationCode", "EvaluationPoint"]


class EvaluationPoint(OrgOwned):
    """评议点 — a unit's public evaluation page (its QR code carries `public_key`) and its
    mode: open (anyone with the QR) or code (one-time codes on printed slips)."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Mode(models.TextChoices):
        OPEN = "open", _("open: anyone with the QR code")
        CODE = "code", _("one-time codes on slips")

    org = models.OneToOneField(
        "orgs.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    public_key = models.CharField(max_length=32, unique=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.CODE)
    is_open = models.BooleanField(_("accepting evaluations"), default=True)
    intro = models.TextField(_("introduction"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class EvaluationCode(OrgOwned):
    """评议码 — a one-time code for one unit and month: one code, one vote (the vote's
    unique `code` key is the guard)."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.DateField()  # the first day of the month
    code = models.CharField(max_length=16, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["org", "period"], name="assess_code_org_period")]


class Evaluation(OrgOwned):
    """评议 — one person's verdict on a unit for a month; the comment is shown only once a
    moderator approved it. Nothing identifies the person beyond what they chose to leave."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Overall(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied (满意)")
        BASIC = "basic", _("basically satisfied (基本满意)")
        DISSATISFIED = "dissatisfied", _("dissatisfied (不满意)")

    class Moderation(models.TextChoices):
        NONE = "", _("no comment")
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("shown")
        REJECTED = "rejected", _("not shown")

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.DateField()  # the first day of the month
    overall = models.CharField(max_length=12, choices=Overall.choices)
    dimensions = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    contact = models.CharField(max_length=60, blank=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.NONE, blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Code mode: the code used (unique: the same code twice is refused by the database).
    code = models.OneToOneField(
        EvaluationCode, null=True, blank=True, on_delete=models.PROTECT, related_name="vote"
    )
    # Open mode: a keyed hash of the device token and of the client address (never the raw
    # values), for duplicate detection and per-address limits.
    device_hash = models.CharField(max_length=64, blank=True, db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["org", "period"], name="assess_eval_org_period")]
        constraints = [
            # Open mode: one evaluation per device, unit and month, even for simultaneous posts.
            models.UniqueConstraint(
                fields=["org", "period", "device_hash"],
                condition=~models.Q(device_hash=""),
                name="assess_eval_one_per_device",
            )
        ]
