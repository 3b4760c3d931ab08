"""项目化管理 — key party-building projects: a responsible cadre, a target-responsibility
statement (目标责任书), dated milestones and progress reports; the status is computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned
from dangjian.work.models.tracking import FileBase

__all__ = ["KeyProject", "ProjectFile", "ProjectMilestone", "ProjectReport"]


class KeyProject(OrgOwned):
    """重点项目 — one key project of an organization's year (the county runs eight)."""

    ORG_PATH = "org__path"
    SELF_PATH = "responsible"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("project"), max_length=200)
    responsible = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("responsible cadre"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    statement = models.TextField(_("target-responsibility statement"))  # 目标责任书
    # An optional link to the plan item it carries out.
    item = models.ForeignKey(
        "work.WorkItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "org__path", "pk"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")

    def __str__(self) -> str:
        return self.title


class ProjectMilestone(OrgOwned):
    """项目节点 — a dated milestone of a project, met on the day its report says."""

    ORG_PATH = "project__org__path"
    SELF_PATH = "project__responsible"

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    title = models.CharField(_("milestone"), max_length=200)
    met_on = models.DateField(_("met on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "pk"]


class ProjectReport(OrgOwned):
    """项目进展 — a progress report on a project (optionally meeting a milestone)."""

    ORG_PATH = "project__org__path"
    SELF_PATH = "project__responsible"

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(
        ProjectMilestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_at", "pk"]


class ProjectFile(FileBase):
    """A project's file (the signed statement, evidence)."""

    ORG_PATH = "project__org__path"
    SELF_PATH = "project__responsible"

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="files")
