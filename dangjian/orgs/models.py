"""Organizations, people, accounts and role assignments — the base every system stands on."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.lib.jobs import Job
from dangjian.orgs import rules
from dangjian.orgs.scoping import OrgOwned, Role
from dangjian.orgs.validators import mask_id_card, validate_id_card, validate_phone

PATH_SEPARATOR = "/"


def path_ids(path: str) -> list[int]:
    """The organization ids of a materialized path, root first ("/1/7/42/" → [1, 7, 42])."""
    return [int(part) for part in path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part]


class User(AbstractUser):
    """登录账号 — a login account. Its roles are RoleAssignment rows; it may belong to a Person."""

    # Set when an administrator issued a one-time password: the next page is "change it".
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class OrgCategory(models.TextChoices):
    """The four assessment categories of 创先争优, plus 其他."""

    TOWNSHIP = "township", _("Township Party committee")
    RURAL = "rural", _("Rural Party organization")
    COUNTY_UNIT = "county_unit", _("County-level unit Party organization")
    ENTERPRISE = "enterprise", _("Enterprise Party organization")
    OTHER = "other", _("Other")


class OrgType(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General Party branch")
    BRANCH = "branch", _("Party branch")
    GROUP = "group", _("Party group")


class Organization(OrgOwned):
    """党组织 — a Party organization, a node of the county's tree.

    `path` is a materialized path of ids ("/1/7/42/"): a subtree is one indexed prefix query,
    and the trailing separator keeps "/1/7/" from matching "/1/70/".
    """

    ORG_PATH = "path"
    SELF_PATH = "people"

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=16, choices=OrgCategory.choices)
    org_type = models.CharField(_("type"), max_length=16, choices=OrgType.choices)
    is_non_public = models.BooleanField(_("non-public enterprise"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    secretary = models.ForeignKey(
        "Person",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    term_number = models.PositiveSmallIntegerField(_("term (届次)"), null=True, blank=True)
    term_elected_on = models.DateField(_("term elected on"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("term length (years)"),
        default=rules.TERM_YEARS_FIELD_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(rules.TERM_YEARS_MAX)],
    )
    # Stored rather than computed so "terms ending before X" is one indexed query.
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_years__gte=1) & Q(term_years__lte=rules.TERM_YEARS_MAX),
                name="org_term_years_range",
                violation_error_message=_("A term lasts 1 to 10 years."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)[:-1]

    def term_status(self, today: datetime.date) -> str:
        """'expired', 'due' (within the notice window), 'ok' or '' when no term is recorded."""
        if self.term_ends_on is None:
            return ""
        if self.term_ends_on < today:
            return "expired"
        if (self.term_ends_on - today).days <= rules.TERM_NOTICE_DAYS:
            return "due"
        return "ok"


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("Junior college")
    SECONDARY_VOCATIONAL = "vocational", _("Secondary vocational")
    HIGH_SCHOOL = "high_school", _("High school")
    MIDDLE_SCHOOL = "middle_school", _("Middle school or below")


class PartyStatus(models.TextChoices):
    """Development stages from applicant (入党申请人) to full member (正式党员), plus 群众."""

    PUBLIC = "public", _("Non-member (masses)")
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    CANDIDATE = "candidate", _("Development candidate")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


# The date field that records when a person reached each stage.
STAGE_DATE_FIELDS = {
    PartyStatus.APPLICANT: "applied_on",
    PartyStatus.ACTIVIST: "activist_on",
    PartyStatus.CANDIDATE: "candidate_on",
    PartyStatus.PROBATIONARY: "probationary_on",
    PartyStatus.FULL: "full_member_on",
}


class ExitStatus(models.TextChoices):
    """Why a person is no longer on an organization's rolls. A person who left is kept (never
    deleted): `is_active` is False and the status and date say why and when."""

    EXPELLED = "expelled", _("Expelled from the Party")  # 出党 (开除党籍, 除名, 劝退, 自行脱党)
    SUSPENDED = "suspended", _("Party membership suspended")  # 停止党籍
    DECEASED = "deceased", _("Deceased")  # 死亡
    MOVED_OUT = "moved_out", _("Transferred out of the county")  # 转出县外


class Person(OrgOwned):
    """人员 — a member, cadre, applicant or other person known to an organization."""

    ORG_PATH = "primary_org__path"
    SELF_PATH = "pk"

    name = models.CharField(_("name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    id_card = models.CharField(
        _("ID-card number"), max_length=18, blank=True, validators=[validate_id_card]
    )
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    party_status = models.CharField(
        _("party status"), max_length=16, choices=PartyStatus.choices, db_index=True
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    candidate_on = models.DateField(_("candidate since"), null=True, blank=True)
    probationary_on = models.DateField(_("probationary since"), null=True, blank=True)
    full_member_on = models.DateField(_("full member since"), null=True, blank=True)
    primary_org = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    cadre_position = models.CharField(_("position"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    exit_status = models.CharField(
        _("left because"), max_length=16, choices=ExitStatus.choices, blank=True
    )
    exit_on = models.DateField(_("left on"), null=True, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["id_card"],
                condition=~Q(id_card=""),
                name="person_id_card_unique",
                violation_error_message=_("Another person already has this ID-card number."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_card_masked(self) -> str:
        return mask_id_card(self.id_card) if self.id_card else ""

    def id_card_for(self, viewer: User) -> str:
        """The number as `viewer` may see it: whole for the person and for those who may see
        personal data of the person's organization (Action.EXPORT_PERSONAL), else masked."""
        from dangjian.orgs.scoping import Action, may_at

        own = self.user_id is not None and self.user_id == viewer.pk
        if own or may_at(viewer, Action.EXPORT_PERSONAL, self.primary_org.path):
            return self.id_card
        return self.id_card_masked

    def birth_date_for(self, viewer: User) -> str:
        """The birth date at the precision `viewer` needs: whole for the person and those who
        may see personal data, year and month for everyone else (with the masked ID-card
        number, the day would give most of the number away)."""
        from dangjian.orgs.scoping import Action, may_at

        if self.birth_date is None:
            return ""
        own = self.user_id is not None and self.user_id == viewer.pk
        if own or may_at(viewer, Action.EXPORT_PERSONAL, self.primary_org.path):
            return self.birth_date.isoformat()
        return self.birth_date.strftime("%Y-%m")

    def phone_for(self, viewer: User) -> str:
        """The phone number whole for the person and those who may see personal data;
        138****8000 for everyone else."""
        from dangjian.orgs.scoping import Action, may_at

        own = self.user_id is not None and self.user_id == viewer.pk
        if not self.phone or own or may_at(viewer, Action.EXPORT_PERSONAL, self.primary_org.path):
            return self.phone
        return self.phone[:3] + "*" * max(0, len(self.phone) - 7) + self.phone[-4:]


class Membership(OrgOwned):
    """组织关系 — which organization a person belonged to, and when (transfers keep the past)."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["person", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="one_open_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.org_id} {self.started_on}–{self.ended_on or ''}"


class RoleAssignment(OrgOwned):
    """A role an account holds over one organization's subtree (a user may hold several)."""

    ORG_PATH = "org__path"
    SELF_PATH = "user__person"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org}"


class AuditEntry(OrgOwned):
    """操作记录 — who changed what, written in the same transaction as the change."""

    ORG_PATH = "org_path"
    ORG_PATH_IS_SNAPSHOT = True
    SELF_PATH = "actor__person"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    org_path = models.CharField(max_length=255, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class ImportJob(Job, OrgOwned):
    """An uploaded spreadsheet of organizations or people, validated and saved by a task."""

    ORG_PATH = "scope_org__path"
    SELF_PATH = "created_by__person"

    class Kind(models.TextChoices):
        ORGS = "orgs", _("organizations")
        PEOPLE = "people", _("people")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("checking")
        FAILED = "failed", _("rejected")
        DONE = "done", _("imported")

    class Mode(models.TextChoices):
        """What a row of a people import does (an export edited and imported back updates)."""

        CREATE = "create", _("Add new people only")
        UPDATE = "update", _("Update people already recorded")
        UPSERT = "upsert", _("Update people already recorded, add the others")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.CREATE)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    scope_org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"


class ExportJob(Job, OrgOwned):
    """A spreadsheet export, written by a task with its creator's reach at the time it runs;
    only its creator downloads it."""

    ORG_PATH = "scope_org__path"
    SELF_PATH = "created_by__person"

    class Kind(models.TextChoices):
        ORGS = "orgs", _("organizations")
        PEOPLE = "people", _("people")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    scope_org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # The list's filters as its query string: the export holds exactly what the list showed.
    query = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"export {self.kind} #{self.pk}"


class ApiToken(models.Model):
    """An API token (接口令牌) of one account, for `Authorization: Bearer <token>`.

    Only a SHA-256 digest is stored: the token is shown once, when it is made. A token is 32
    random bytes, so a fast digest is enough — there is no password to guess behind it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    # The first characters, kept in clear so a user can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.name} · {self.prefix}…"
