"""座谈讨论 / 专题辅导 / 考察学习 — seminars that find problems and agree on fixes, expert
tutorials, and study trips followed by reflections."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned


class StudyEvent(OrgOwned):
    """One seminar, tutorial or study trip of an organization."""

    ORG_PATH = "org__path"
    SELF_PATH = "participants"

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        TUTORIAL = "tutorial", _("Expert tutorial")
        TRIP = "trip", _("Study trip")

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    host = models.CharField(_("host or invited expert"), max_length=120, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    reflection_required = models.BooleanField(_("reflections required"), default=False)
    participants = models.ManyToManyField(
        "orgs.Person", through="EventParticipant", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("study event")
        verbose_name_plural = _("study events")

    def __str__(self) -> str:
        return self.topic


class EventParticipant(OrgOwned):
    ORG_PATH = "event__org__path"
    SELF_PATH = "person"

    event = models.ForeignKey(StudyEvent, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_participation")
        ]


class EventIssue(OrgOwned):
    """问题与整改措施 — a problem a seminar found and the fix agreed on, as a row the
    rectification ledger (整改台账) can take in."""

    ORG_PATH = "event__org__path"
    SELF_PATH = "event__participants"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    event = models.ForeignKey(StudyEvent, on_delete=models.CASCADE, related_name="issues")
    problem = models.TextField(_("problem found"))
    measure = models.TextField(_("agreed fix"))
    owner = models.CharField(_("responsible"), max_length=60, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.problem[:40]
