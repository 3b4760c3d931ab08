"""民主评议党员 (a yearly round per branch) and 换届 election records.

A round lists the branch's members when it opens (one `ReviewEntry` each): each writes a
self-assessment, rates the others (`MutualRating`, anonymous between members: no page or API
shows who rated whom, the committee sees counts per member only), and the committee gives the
grade (优秀/合格/基本合格/不合格; a reason for the last two).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = [
    "ElectedMember",
    "ElectionRecord",
    "MutualRating",
    "ReviewEntry",
    "ReviewGrade",
    "ReviewRound",
]


class ReviewGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    QUALIFIED = "qualified", _("Qualified")  # 合格
    BASIC = "basic", _("Basically qualified")  # 基本合格
    UNQUALIFIED = "unqualified", _("Unqualified")  # 不合格


class ReviewRound(OrgOwned):
    """民主评议党员 — one branch's yearly round."""

    ORG_PATH = "org__path"
    SELF_PATH = "entries__person"

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "org__path"]
        verbose_name = _("member review round")
        verbose_name_plural = _("member review rounds")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="review_round_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year}"


class ReviewEntry(OrgOwned):
    """One member's part of a round: self-assessment and the committee's grade."""

    ORG_PATH = "round__org__path"
    SELF_PATH = "person"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=ReviewGrade.choices, blank=True)
    grade_reason = models.TextField(_("reason"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="review_entry_once"),
            models.CheckConstraint(
                condition=~Q(grade__in=["basic", "unqualified"]) | ~Q(grade_reason=""),
                name="review_grade_reason_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id} {self.grade}"


class MutualRating(OrgOwned):
    """互评 — one member's rating of another in a round. Read only as counts per rated member
    (`reviews_selectors.mutual_counts`) and, by the rater, their own ratings."""

    ORG_PATH = "round__org__path"
    SELF_PATH = "rater"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    ratee = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=12, choices=ReviewGrade.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "rater", "ratee"], name="rating_once"),
            models.CheckConstraint(condition=~Q(rater=F("ratee")), name="rating_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.grade}"


class ElectionRecord(OrgOwned):
    """换届选举 — an organization's election: date, term number, the new committee."""

    ORG_PATH = "org__path"
    SELF_PATH = "members__person"

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT
    )
    elected_on = models.DateField(_("elected on"))
    term_number = models.PositiveSmallIntegerField(_("term (届次)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org__path", "-elected_on"]
        verbose_name = _("election record")
        verbose_name_plural = _("election records")
        constraints = [
            models.UniqueConstraint(fields=["org", "term_number"], name="election_term_once")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} #{self.term_number} {self.elected_on}"


class ElectedMember(OrgOwned):
    """A member of the new committee and their post (书记, 副书记, 组织委员…)."""

    ORG_PATH = "election__org__path"
    SELF_PATH = "person"

    election = models.ForeignKey(ElectionRecord, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("post"), max_length=40)

    class Meta:
        ordering = ["election", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="elected_once")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.post}"
