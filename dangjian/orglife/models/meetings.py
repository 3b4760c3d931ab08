"""三会一课, 主题党日, 组织生活会 — the meeting ledger (会议台账): one meeting model for every
kind, one attendance row per person, and the meeting's attached files (records, photos)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import PrivateStorage
from dangjian.orgs.scoping import OrgOwned

__all__ = ["Meeting", "MeetingAttachment", "MeetingAttendance", "MeetingKind", "MeetingStorage"]


class MeetingKind(models.TextChoices):
    BRANCH_ASSEMBLY = "branch_assembly", _("Branch members' assembly")  # 支部党员大会
    COMMITTEE = "committee", _("Branch committee meeting")  # 支部委员会
    GROUP = "group", _("Party group meeting")  # 党小组会
    PARTY_LECTURE = "party_lecture", _("Party lecture")  # 党课
    THEME_DAY = "theme_day", _("Theme party day")  # 主题党日
    LIFE_MEETING = "life_meeting", _("Organization life meeting")  # 组织生活会
    MEMBER_REVIEW = "member_review", _("Democratic review of members")  # 民主评议党员


@deconstructible
class MeetingStorage(PrivateStorage):
    """Meeting records and photos (DANGJIAN_MEETING_DIR, default VAR_DIR/meetings)."""

    SETTING = "DANGJIAN_MEETING_DIR"
    FOLDER = "meetings"
    SERVED_BY = "orglife:meeting-attachment"


class Meeting(OrgOwned):
    """组织生活会议 — one meeting of the ledger: 支部党员大会, 支部委员会, 党小组会, 党课,
    主题党日, 组织生活会 or 民主评议党员, with its record (纪要) and attendance."""

    ORG_PATH = "org__path"
    # A member's own rows: the meetings they are on the attendance list of.
    SELF_PATH = "attendances__person"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    host = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # 党课: who lectured (a name: often a visiting leader without a person record here).
    lecturer = models.CharField(_("lecturer"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["org", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}: {self.topic}"


class MeetingAttendance(OrgOwned):
    """会议出勤 — one person at one meeting: 出席 / 请假 (with its reason) / 缺席."""

    ORG_PATH = "meeting__org__path"
    SELF_PATH = "person"

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_meeting_attendance_per_person"
            )
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.person_id} · {self.status}"


class MeetingAttachment(OrgOwned):
    """会议附件 — a scanned record or a photo of the meeting (type and size bounded)."""

    ORG_PATH = "meeting__org__path"
    SELF_PATH = "meeting__attendances__person"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=MeetingStorage(), max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("file size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return Path(self.name).suffix.lower() in (".jpg", ".jpeg", ".png")
