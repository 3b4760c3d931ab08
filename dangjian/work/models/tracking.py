"""What a work item (工作事项) and a rectification (整改事项) share: a deadline that can be moved
only with a reason, report-style progress (报账式推进), and the verified close (注销 / 销号).

The concrete models live with their part; the rules of a report are in `dangjian.work.tracking`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import PrivateStorage
from dangjian.orgs.scoping import OrgOwned


class TrackedStatus(models.TextChoices):
    """Stored states. Overdue is not one of them: it is computed from the deadline and the
    local date (Asia/Shanghai), so it holds from the first minute of the day after the
    deadline whether or not the daily command has run yet."""

    OPEN = "open", _("In progress")  # 推进中
    REPORTED = "reported", _("Reported done, awaiting verification")  # 待核销
    CLOSED = "closed", _("Closed out")  # 已注销 / 已销号


class Outcome(models.TextChoices):
    DONE = "done", _("Completed")  # 已完成
    PARTLY = "partly", _("Partly completed")  # 部分完成
    NOT_DONE = "not_done", _("Not completed")  # 未完成


@deconstructible
class WorkStorage(PrivateStorage):
    """Plan attachments and evidence files (DANGJIAN_WORK_DIR, default VAR_DIR/work)."""

    SETTING = "DANGJIAN_WORK_DIR"
    FOLDER = "work"
    SERVED_BY = "work:file"


class Tracked(OrgOwned):
    """A deadline-tracked row: its current deadline, the first one, and its state."""

    deadline = models.DateField(_("deadline"), db_index=True)
    first_deadline = models.DateField(_("original deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=TrackedStatus.choices, default=TrackedStatus.OPEN
    )
    # Set by the daily command the first time it finds the row overdue (the notice is sent
    # once per deadline: moving the deadline clears it).
    overdue_noticed_on = models.DateField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class ReportBase(OrgOwned):
    """One progress report (报账): the outcome, what was done, and — for a not-done report or
    any report on an overdue row — the reason, further measures and the new deadline."""

    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    text = models.TextField(_("progress"))
    reason = models.TextField(_("reason not completed"), blank=True)
    measures = models.TextField(_("further measures"), blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    # Overdue when reported (the deadline had passed): kept, as the row's deadline moves on.
    was_overdue = models.BooleanField(_("overdue when reported"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # True where someone other than the responsible person reported (a secretary for the
    # subtree): the ledger says so.
    on_behalf = models.BooleanField(_("reported on the owner's behalf"), default=False)
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["reported_at", "pk"]


class DeadlineChangeBase(OrgOwned):
    """Every move of a deadline, with who moved it and why (kept for ever)."""

    old_deadline = models.DateField(_("old deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]


class FileBase(OrgOwned):
    """An attached file (evidence, plan annex): bounded in type and size by the service,
    written on commit (lib.files.save_on_commit), served by the `work:file` view only."""

    file = models.FileField(storage=WorkStorage(), max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("file size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
