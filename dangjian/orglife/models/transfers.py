"""组织关系转接 — transfers of a member's organization relation, with the 介绍信 (letter)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.orglife import rules_transfers as rules
from dangjian.orgs.scoping import Action, OrgOwned, ScopedManager, ScopedQuerySet, scope_q

__all__ = ["Transfer"]


class _ReceivingEnd:
    """How `scope_q` sees a transfer from its receiving organization (`to_org`): the same
    table, the other organization path. Set up below the model (it needs its manager)."""

    ORG_PATH = "to_org__path"
    SELF_PATH = "person"
    _default_manager: Any = None


class TransferQuerySet(ScopedQuerySet):
    """A transfer belongs to both organizations until it is decided, and stays in both
    histories after: `visible_to` reaches a row through its sending organization OR its
    receiving one. Each side is the kernel's own `scope_q`, so the roles table decides both
    and a user reaching neither end gets nothing (township B sees nothing of a transfer whose
    two ends lie in township A)."""

    def visible_to(self, user, action: str = Action.VIEW) -> Any:
        condition = scope_q(user, self.model, action) | scope_q(user, _ReceivingEnd, action)
        scoped = self.filter(condition)
        scoped._scope = f"visible_to:{action}"
        return scoped


class TransferManager(ScopedManager.from_queryset(TransferQuerySet)):
    pass


class Transfer(OrgOwned):
    """组织关系转接 — one move of a member's organization relation.

    Within the county (`county`): the sending branch issues the 介绍信, the receiving branch
    accepts it (the person moves) or returns it with a reason (the person stays). Out of the
    county (`out`): the destination is written as text, the letter is printed, and the sender
    records the receipt (回执): the person leaves the county's rolls. From outside (`in`): the
    receiving branch registers the arriving person with the letter they brought.
    """

    ORG_PATH = "from_org__path"
    SELF_PATH = "person"

    class Kind(models.TextChoices):
        COUNTY = "county", _("Within the county")
        OUT = "out", _("Out of the county")
        IN = "in", _("From outside the county")

    class Status(models.TextChoices):
        ISSUED = "issued", _("In transfer")  # 转接中
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    # Not stored: an issued letter past its validity.
    EXPIRED = "expired"

    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.COUNTY)
    from_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("from organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Out of the county's tree: where the person came from (`in`) or goes to (`out`).
    from_text = models.CharField(_("from (outside the county)"), max_length=120, blank=True)
    to_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("to organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_text = models.CharField(_("destination (outside the county)"), max_length=120, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"))
    letter_number = models.CharField(_("letter number"), max_length=40)
    # The per-year sequence behind our own numbers (0 for a letter brought from outside).
    letter_year = models.PositiveSmallIntegerField(default=0)
    letter_sequence = models.PositiveIntegerField(default=0)
    valid_days = models.PositiveSmallIntegerField(
        _("valid for (days)"),
        default=rules.LETTER_VALID_DAYS_DEFAULT,
        validators=[
            MinValueValidator(rules.LETTER_VALID_DAYS_MIN),
            MaxValueValidator(rules.LETTER_VALID_DAYS_MAX),
        ],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=200, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who accepted, returned, recorded the receipt or cancelled.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransferManager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            # Our own letters are numbered once; a letter brought from outside carries the
            # other county's number, which may repeat one of ours.
            models.UniqueConstraint(
                fields=["letter_number"],
                condition=~Q(kind="in"),
                name="orglife_transfer_letter_number_unique",
                violation_error_message=_("This letter number is already used."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="issued"),
                name="orglife_transfer_one_pending_per_person",
                violation_error_message=_("This person already has a transfer in progress."),
            ),
        ]
        indexes = [models.Index(fields=["letter_year", "letter_sequence"])]

    def __str__(self) -> str:
        return self.letter_number

    @property
    def valid_until(self) -> datetime.date:
        """The last day the letter may be accepted (rules.LETTER_VALID_DAYS_DEFAULT)."""
        return self.issued_on + datetime.timedelta(days=self.valid_days)

    def is_expired(self, today: datetime.date) -> bool:
        return self.status == self.Status.ISSUED and today > self.valid_until

    def state(self, today: datetime.date) -> str:
        """The stored status, or `expired` for an issued letter past its validity."""
        return self.EXPIRED if self.is_expired(today) else self.status

    @property
    def from_name(self) -> str:
        return self.from_org.name if self.from_org_id else self.from_text

    @property
    def to_name(self) -> str:
        return self.to_org.name if self.to_org_id else self.to_text


_ReceivingEnd._default_manager = Transfer.objects
