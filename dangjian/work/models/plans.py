"""年度工作计划 — an organization's plan for the year: its items (工作事项, routine or
innovative), each with a responsible group and person and dated milestones (推进日程表)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned
from dangjian.work.models.tracking import FileBase, Tracked

__all__ = ["ItemKind", "Milestone", "PlanAttachment", "PlanStatus", "WorkItem", "WorkPlan"]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草拟
    SUBMITTED = "submitted", _("Submitted for approval")  # 已报审
    RETURNED = "returned", _("Returned for revision")  # 退回修改
    APPROVED = "approved", _("Approved")  # 已审批
    PUBLISHED = "published", _("Published")  # 已发布


class ItemKind(models.TextChoices):
    ROUTINE = "routine", _("Routine")  # 常规性
    INNOVATIVE = "innovative", _("Innovative")  # 创新性


class WorkPlan(OrgOwned):
    """年度工作计划 — one organization's plan for one year. Drafted and submitted by its
    organization, approved by the level above (the kernel's approve action), then published;
    progress is reported only on the items of a published plan."""

    ORG_PATH = "org__path"
    # A member sees the plans holding an item they are responsible for.
    SELF_PATH = "items__owner"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "org__path"]
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_work_plan_per_org_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class WorkItem(Tracked):
    """工作事项 — one item of a plan (菜单式管理): routine or innovative, the organization and
    group (科室 / 小组) responsible and the responsible person (责任人), its deadline (the last
    milestone's date unless moved) and its report-style progress (报账式推进).

    `org` is the organization responsible: the plan's own, or one below it (a county item
    handed to a township). Scope follows it; the plan's organization verifies and closes (注销).
    """

    ORG_PATH = "org__path"
    SELF_PATH = "owner"

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("responsible organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.PositiveSmallIntegerField(_("number"))  # 序号 in the plan
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("item"), max_length=200)
    target = models.TextField(_("content and target"), blank=True)
    group = models.CharField(_("responsible group"), max_length=60, blank=True)
    owner = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number", "pk"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_work_item_number")
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Milestone(OrgOwned):
    """节点 — a dated step of an item (推进日程表); the owner reports by each date."""

    ORG_PATH = "item__org__path"
    SELF_PATH = "item__owner"

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    title = models.CharField(_("milestone"), max_length=200)
    # The report that met it (a done or partly report naming this milestone).
    met_on = models.DateField(_("met on"), null=True, blank=True)

    class Meta:
        ordering = ["item", "due_on", "pk"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.due_on} {self.title}"


class PlanAttachment(FileBase):
    """计划附件 — a file of the plan (the approved text, a scan)."""

    ORG_PATH = "plan__org__path"
    SELF_PATH = "plan__items__owner"

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="attachments")
