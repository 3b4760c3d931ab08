"""The study system (学习制度): plans with their readings, and members' notes with their
versions and monthly reviews."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned
from dangjian.study import rules


class StudyPlan(OrgOwned):
    """学习计划 — an organization's study plan for a year.

    Plans are inherited down the tree: a member studies the readings of every plan of the
    year on their organization's chain (the county's, the township's, their branch's), and
    the targets of the nearest plan.
    """

    ORG_PATH = "org__path"
    SELF_PATH = "org__people"

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    readings_per_year = models.PositiveSmallIntegerField(
        _("readings a year"), default=rules.READINGS_PER_YEAR
    )
    note_chars_per_month = models.PositiveIntegerField(
        _("note characters a month"), default=rules.NOTE_CHARS_PER_MONTH
    )
    reflections_per_period = models.PositiveSmallIntegerField(
        _("reflections a month"), default=rules.REFLECTIONS_PER_PERIOD
    )
    # Blank: everyone in the subtree; else one position per line (e.g. 党委书记).
    applies_to_positions = models.TextField(_("applies to positions"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "org__path"]
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"],
                name="one_study_plan_per_org_and_year",
                violation_error_message=_("This organization already has a plan for the year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def positions(self) -> list[str]:
        return [line.strip() for line in self.applies_to_positions.splitlines() if line.strip()]


class Reading(OrgOwned):
    """学习篇目 — an assigned reading of a plan, for one month."""

    ORG_PATH = "plan__org__path"
    SELF_PATH = "plan__org__people"

    class Kind(models.TextChoices):
        SPEECH = "speech", _("Speech")
        DOCUMENT = "document", _("Document")
        COMMENTARY = "commentary", _("Commentary")
        EXEMPLARY = "exemplary", _("Exemplary deeds")

    plan = models.ForeignKey(StudyPlan, on_delete=models.CASCADE, related_name="readings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["month", "pk"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        return self.title


class Note(OrgOwned):
    """学习笔记 / 心得体会 — a member's study note or reflection.

    `title`/`body` are the working text (the draft, autosaved); each submission freezes them
    as a NoteVersion, which is what the originality check and the reviewer read. The note
    stays filed under the organization its author belonged to when they wrote it.
    """

    ORG_PATH = "org__path"
    SELF_PATH = "author"

    class Kind(models.TextChoices):
        NOTE = "note", _("Study note")
        REFLECTION = "reflection", _("Reflection")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")

    author = models.ForeignKey(
        "orgs.Person", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NOTE)
    reading = models.ForeignKey(
        Reading,
        verbose_name=_("reading"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    # A reflection written after a study trip (考察学习) or another event it belongs to.
    event = models.ForeignKey(
        "StudyEvent",
        verbose_name=_("study event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    char_count = models.PositiveIntegerField(_("characters"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The review month (first day), set at the first submission.
    month = models.DateField(_("month"), null=True, blank=True, db_index=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    latest_version = models.ForeignKey(
        "NoteVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("study note")
        verbose_name_plural = _("study notes")
        indexes = [models.Index(fields=["org", "month", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class NoteVersion(OrgOwned):
    """A submitted version of a note: its text as submitted and its originality check."""

    ORG_PATH = "note__org__path"
    SELF_PATH = "note__author"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    char_count = models.PositiveIntegerField(_("characters"))
    originality_check = models.ForeignKey(
        "originality.Check", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "number"]
        constraints = [
            models.UniqueConstraint(fields=["note", "number"], name="one_note_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class NoteReview(OrgOwned):
    """月度检查 — a reviewer's decision on one version of a note."""

    ORG_PATH = "note__org__path"
    SELF_PATH = "note__author"

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        RETURN = "return", _("Return for revision")

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(NoteVersion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    grade = models.CharField(_("grade"), max_length=10, choices=Note.Grade.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.note} · {self.get_decision_display()}"
