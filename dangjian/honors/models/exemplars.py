"""评先树优 — exemplar rounds: nominations with their deeds, review by the committee, 公示
(public notice) with objections from anyone, decision and award. 两优一先 (the yearly
commendation) runs the same flow as a yearly round."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.honors.models.storage import honors_storage
from dangjian.orgs.scoping import OrgOwned

__all__ = [
    "Award",
    "ExemplarCategory",
    "ExemplarRound",
    "Nomination",
    "NominationAttachment",
    "Objection",
]


class ExemplarCategory(models.TextChoices):
    """评选类别: the monthly pair of the county's system, and 两优一先's third."""

    ORG = "org", _("advanced grassroots Party organization (先进基层党组织)")
    MEMBER = "member", _("excellent Party member (优秀共产党员)")
    WORKER = "worker", _("excellent Party worker (优秀党务工作者)")


class ExemplarRound(OrgOwned):
    """评选轮次 — one committee's selection for a month (monthly) or a year (两优一先).

    The committee (`org`) runs it; organizations below it nominate. The 公示 dates are set
    when the committee starts the notice: `notice_end` is `notice_days` working days later,
    counted with China's public holidays and adjusted working days."""

    ORG_PATH = "org__path"
    # An organization's rows, no person's: a member's own-records reach finds none.
    SELF_PATH = None

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("monthly exemplars")
        YEARLY = "yearly", _("两优一先 (yearly commendation)")

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("taking nominations")
        REVIEWING = "reviewing", _("committee review")
        NOTICE = "notice", _("public notice (公示)")
        DECIDED = "decided", _("decided")

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.MONTHLY)
    period = models.DateField(_("period"))  # first day of the month; 1 January for yearly
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING
    )
    nomination_deadline = models.DateField(_("nominations until"), null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField(_("notice working days"), default=5)
    notice_start = models.DateField(_("notice from"), null=True, blank=True)
    notice_end = models.DateField(_("notice until"), null=True, blank=True)
    # The public 公示 page's address (/honors/n/<key>): unguessable, so a round's page is found
    # only from the committee's notice, not by counting.
    public_key = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "period"], name="honors_round_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Nomination(OrgOwned):
    """推荐对象 — an organization or a person put forward in a round, with the deeds (事迹材料).

    `org` is the nominating organization (below the committee); the nominee is an organization
    (category org) or a person (member, worker)."""

    ORG_PATH = "org__path"
    # The nominee sees their own nomination.
    SELF_PATH = "nominee_person"

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        APPROVED = "approved", _("passed committee review")
        REJECTED = "rejected", pgettext_lazy("exemplar", "not passed")
        NOTICE = "notice", _("in public notice")
        AWARDED = "awarded", _("awarded")
        NOT_AWARDED = "not_awarded", _("not awarded")
        WITHDRAWN = "withdrawn", _("withdrawn")

    round = models.ForeignKey(ExemplarRound, on_delete=models.CASCADE, related_name="nominations")
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=8, choices=ExemplarCategory.choices)
    nominee_org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominee_person = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deeds = models.TextField(_("deeds (事迹材料)"))
    summary = models.CharField(_("one-line summary"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATED
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["round", "status"], name="honors_nom_round_status")]


class NominationAttachment(OrgOwned):
    """事迹附件 — a photo (re-encoded, with its thumbnail) or a document of a nomination."""

    ORG_PATH = "nomination__org__path"
    SELF_PATH = "nomination__nominee_person"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=honors_storage, max_length=200)
    thumbnail = models.FileField(storage=honors_storage, max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class Objection(OrgOwned):
    """异议 — lodged by anyone (no login) during 公示 against a nomination; answered by the
    committee before the decision. The person may leave a contact; it is shown masked."""

    ORG_PATH = "nomination__round__org__path"
    # Lodged by the public: no person owns it.
    SELF_PATH = None

    class Outcome(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        UPHELD = "upheld", _("upheld: the objection stands")
        DISMISSED = "dismissed", _("dismissed after checking")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="objections")
    body = models.TextField(_("objection"))
    name = models.CharField(_("name"), max_length=40, blank=True)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    # A keyed hash of the sender's address: per-address limits without keeping the address.
    sender = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)


class Award(OrgOwned):
    """表彰 — an awarded nomination: the ledger's row (by year, category and organization),
    shown on the public honor roll. `hall_material_id` names the learning hall's material
    when the deeds were published there (study's row; an id, not a foreign key, so that
    honors' tables do not depend on study's)."""

    ORG_PATH = "round__org__path"
    SELF_PATH = "nomination__nominee_person"

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="award")
    round = models.ForeignKey(ExemplarRound, on_delete=models.PROTECT, related_name="awards")
    category = models.CharField(max_length=8, choices=ExemplarCategory.choices)
    year = models.PositiveSmallIntegerField(db_index=True)
    title = models.CharField(_("title of the honor"), max_length=120)
    awarded_on = models.DateField(_("awarded on"))
    hall_material_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
