"""Study sessions (集中学习 / 主题党日学习): a schedule that generates them, the sessions
themselves and one attendance row per expected attendee."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned
from dangjian.study import rules


class SessionKind(models.TextChoices):
    STUDY = "study", _("Fixed study session")
    PARTY_DAY = "party_day", _("Theme party day (study part)")


class Weekday(models.IntegerChoices):
    # Python's and dateutil's numbering: Monday is 0.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class StudySchedule(OrgOwned):
    """学习安排 — the recurrence rule of an organization's sessions, kept as data.

    "Every other Friday 14:30" is weekday=Friday, interval_weeks=2; the weeks are counted
    from `starts_on`. `themes` holds one theme per month (line 1 = January), the grassroots
    rule of one theme a month; a blank line leaves that month's sessions without a theme.
    """

    ORG_PATH = "org__path"
    SELF_PATH = "org__people"

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=120)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(rules.SESSION_MAX_INTERVAL_WEEKS)],
    )
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    start_time = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=rules.SESSION_DEFAULT_MINUTES,
        validators=[MinValueValidator(15), MaxValueValidator(rules.SESSION_MAX_MINUTES)],
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    themes = models.TextField(_("theme of each month"), blank=True)
    # True: everyone active in the organization's subtree is expected; False: its own people.
    include_subtree = models.BooleanField(_("whole subtree attends"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org__path", "pk"]
        verbose_name = _("study schedule")
        verbose_name_plural = _("study schedules")

    def __str__(self) -> str:
        return self.title

    def theme_for(self, month: int) -> str:
        lines = self.themes.splitlines()
        return lines[month - 1].strip() if month <= len(lines) else ""


class StudySession(OrgOwned):
    """学习会 — one study session: when, where, what, and afterwards its 纪要 (minutes)."""

    ORG_PATH = "org__path"
    # A member's own rows: the sessions they are expected at.
    SELF_PATH = "attendances__person"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CLOSED = "closed", _("Closed")

    schedule = models.ForeignKey(
        StudySchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # Text and links, one per line: uploads would need a size policy and storage of their own.
    materials = models.TextField(_("materials"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    sign_in_margin_minutes = models.PositiveSmallIntegerField(
        _("sign-in margin (minutes)"),
        default=rules.SESSION_SIGN_IN_MARGIN_MINUTES,
        validators=[MaxValueValidator(rules.SESSION_MAX_MINUTES)],
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        constraints = [
            # Generating a range twice adds nothing: one session per schedule and start.
            models.UniqueConstraint(
                fields=["schedule", "starts_at"], name="one_study_session_per_schedule_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme or self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def margin(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.sign_in_margin_minutes)

    def sign_in_open(self, now: datetime.datetime) -> bool:
        """Whether `now` lies in the session ± its margin (and the session is not closed)."""
        return (
            self.status == self.Status.PLANNED
            and self.starts_at - self.margin <= now <= self.ends_at + self.margin
        )


class Attendance(OrgOwned):
    """出勤 — one expected attendee of a session: 出席 / 请假 (with its reason) / 缺席."""

    ORG_PATH = "session__org__path"
    SELF_PATH = "person"

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Not signed in")
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    class Via(models.TextChoices):
        TAP = "tap", _("One-tap sign-in")
        QR = "qr", _("QR code")
        SECRETARY = "secretary", _("Recorded by the secretary")

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("attendance"), max_length=8, choices=Status.choices, default=Status.EXPECTED
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices, blank=True)
    signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_person")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_status_display()}"
