"""报账式推进 — the reports, evidence and deadline history of work items."""

from __future__ import annotations

from django.db import models

from dangjian.work.models.plans import Milestone, WorkItem
from dangjian.work.models.tracking import DeadlineChangeBase, FileBase, ReportBase

__all__ = ["ItemDeadlineChange", "ItemEvidence", "ItemReport"]


class ItemReport(ReportBase):
    """事项报账 — one report on a work item (by the responsible person, or on their behalf)."""

    ORG_PATH = "item__org__path"
    SELF_PATH = "item__owner"

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ReportBase.Meta):
        indexes = [models.Index(fields=["item", "reported_at"])]


class ItemEvidence(FileBase):
    """佐证材料 — a file attached to a report."""

    ORG_PATH = "report__item__org__path"
    SELF_PATH = "report__item__owner"

    report = models.ForeignKey(ItemReport, on_delete=models.CASCADE, related_name="evidence")


class ItemDeadlineChange(DeadlineChangeBase):
    """A move of a work item's deadline (from a report, or by the plan's organization)."""

    ORG_PATH = "item__org__path"
    SELF_PATH = "item__owner"

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="deadline_changes")
    report = models.ForeignKey(
        ItemReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
