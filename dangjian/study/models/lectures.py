"""干部讲课 — cadres lecture colleagues (every cadre at least once a year) and answer their
questions; listeners rate the lecture."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned


class Lecture(OrgOwned):
    """干部讲课 — one lecture: who, when, where, the lecture notes (讲稿)."""

    ORG_PATH = "org__path"
    SELF_PATH = "lecturer"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    lecturer = models.ForeignKey(
        "orgs.Person", verbose_name=_("lecturer"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    notes = models.TextField(_("lecture notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    def __str__(self) -> str:
        return self.title


class LectureQuestion(OrgOwned):
    """A listener's question and the lecturer's answer (答疑)."""

    ORG_PATH = "lecture__org__path"
    SELF_PATH = "lecture__lecturer"

    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.question[:40]


class LectureRating(OrgOwned):
    """A listener's rating of a held lecture, 1–5 (one per listener)."""

    ORG_PATH = "lecture__org__path"
    SELF_PATH = "rater"

    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lecture", "rater"], name="one_rating_per_listener")
        ]

    def __str__(self) -> str:
        return f"{self.lecture} · {self.score}"
