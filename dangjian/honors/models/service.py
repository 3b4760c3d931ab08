"""党员百时奉献 — volunteer service: activities organised by organizations (sign-up and QR
check-in at the place, in the activity's time window) and self-reported service verified by
the member's organization. Only verified hours count toward the year's target."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.honors.models.storage import honors_storage
from dangjian.orgs.scoping import OrgOwned

__all__ = ["ServiceActivity", "ServiceRecord", "ServiceSignup"]


class ServiceActivity(OrgOwned):
    """志愿服务活动 — organised by an organization for its members (and those below it)."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: members reach them through their organizations.
    SELF_PATH = None

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("activity"), max_length=120)
    place = models.CharField(_("place"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["org", "starts_at"], name="honors_activity_org_start")]


class ServiceSignup(OrgOwned):
    """报名 — a member signed up for an activity; `checked_in_at` once scanned at the place."""

    ORG_PATH = "activity__org__path"
    SELF_PATH = "person"

    activity = models.ForeignKey(ServiceActivity, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    signed_up_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="honors_signup_once")
        ]


class ServiceRecord(OrgOwned):
    """服务记录 — hours of unpaid service by one member on one day: self-reported (pending
    until the member's organization verifies it) or from an activity's check-in. `org` is
    the member's organization when the record was made (its secretary verifies)."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        # "rejected" alone is an import's status elsewhere (未导入): here it is 未通过核实.
        REJECTED = "rejected", pgettext_lazy("service", "rejected")

    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    # Whole minutes / 60, two decimals; kept so that sums need no time arithmetic in SQL.
    # "hours" alone are a course's 学时 elsewhere: here they are plain 小时.
    hours = models.DecimalField(pgettext_lazy("service", "hours"), max_digits=5, decimal_places=2)
    activity = models.CharField(_("service"), max_length=200)
    beneficiary = models.CharField(_("served"), max_length=120, blank=True)
    source_activity = models.ForeignKey(
        ServiceActivity, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    evidence = models.FileField(storage=honors_storage, max_length=200, blank=True)
    evidence_thumbnail = models.FileField(storage=honors_storage, max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["person", "date"], name="honors_service_person_date"),
            models.Index(fields=["org", "status", "date"], name="honors_service_org_status"),
        ]
