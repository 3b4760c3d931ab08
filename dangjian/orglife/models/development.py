"""发展党员纪实 — one row per step of a person's development, with its documents.

The person's stage and stage dates stay on `orgs.Person` (the single source of the stage);
these rows are the record of how and when each step happened and who recorded or approved it.
"""

from __future__ import annotations

from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import PrivateStorage
from dangjian.orglife import rules_development as rules
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import OrgOwned

__all__ = ["DevelopmentDocument", "DevelopmentStep"]


@deconstructible
class DevelopmentStorage(PrivateStorage):
    """发展党员 documents (DANGJIAN_DEVELOPMENT_DIR, default VAR_DIR/development)."""

    SETTING = "DANGJIAN_DEVELOPMENT_DIR"
    FOLDER = "development"
    SERVED_BY = "orglife:development-document"


class Result(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("not passed")


class Recommendation(models.TextChoices):
    MEMBERS = "members", _("recommended by members")
    MASS_ORG = "mass_org", _("recommended by a mass organization (推优)")


class DevelopmentStep(OrgOwned):
    """发展党员纪实 — one step of the 25 (rules_development.STEPS) for one person."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="development_steps")
    # The person's organization when the step was recorded (a later transfer leaves it here).
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("step"), max_length=32, choices=rules.STEP_CHOICES)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    # 培养联系人 (contacts) or 入党介绍人 (introducers): full members.
    first_person = models.ForeignKey(
        Person,
        verbose_name=_("first person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    second_person = models.ForeignKey(
        Person,
        verbose_name=_("second person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    result = models.CharField(_("result"), max_length=8, choices=Result.choices, blank=True)
    entitled = models.PositiveSmallIntegerField(
        _("members entitled to vote"), null=True, blank=True
    )
    attended = models.PositiveSmallIntegerField(
        _("entitled members present"), null=True, blank=True
    )
    approved = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("training days"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("training hours"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("extension (months)"), null=True, blank=True)
    # Recorded after its deadline (a talk more than a month after the application…).
    late = models.BooleanField(_("late"), default=False)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "date", "pk"]
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        indexes = [models.Index(fields=["person", "step"]), models.Index(fields=["step", "date"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.step} {self.date}"

    @property
    def rule(self) -> rules.Step:
        return rules.BY_CODE[self.step]


class DevelopmentDocument(OrgOwned):
    """A document attached to a step (申请书, 考察表, 政审材料…)."""

    ORG_PATH = "step__org__path"
    SELF_PATH = "step__person"

    step = models.ForeignKey(DevelopmentStep, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=DevelopmentStorage(), upload_to="%Y/", max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("file size"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step", "pk"]

    def __str__(self) -> str:
        return self.name
