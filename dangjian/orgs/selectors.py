"""Reads of organizations and people; every one is scoped to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from dangjian.orgs import rules
from dangjian.orgs.models import ExportJob, ImportJob, Membership, Organization, Person, User
from dangjian.orgs.scoping import Action, scope_prefixes


@dataclass(frozen=True)
class OrgFilters:
    q: str = ""
    category: str = ""
    org_type: str = ""
    under: Organization | None = None
    include_inactive: bool = False


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""
    party_status: str = ""
    under: Organization | None = None
    include_inactive: bool = False
    # Who is listed by membership: "" the people on the rolls (the default), "all" everyone,
    # "left" everyone who left, or one ExitStatus value (出党, 停止党籍, 死亡, 转出县外).
    standing: str = ""


STANDING_ALL = "all"
STANDING_LEFT = "left"


def org_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user, action)


def org_get(user: User, pk: int, action: str = Action.VIEW) -> Organization:
    return get_object_or_404(
        org_queryset(user, action).select_related("parent", "secretary"), pk=pk
    )


def org_list(user: User, filters: OrgFilters) -> QuerySet[Organization]:
    qs = org_queryset(user).select_related("parent", "secretary")
    if not filters.include_inactive:
        qs = qs.filter(is_active=True)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.org_type:
        qs = qs.filter(org_type=filters.org_type)
    if filters.under is not None:
        qs = qs.filter(path__startswith=filters.under.path)
    return qs.annotate(people_count=_active_people_count(user)).order_by("path")


def subtree_org(user: User, pk: int | None, action: str = Action.VIEW) -> Organization:
    """An organization whose whole subtree the user reaches for `action` — `pk`, or without
    one the top of what the user reaches — for pages that read a subtree's rows (compliance,
    pipelines). 404 otherwise: a member sees their own organization, not its branches' records,
    and an account that reaches nothing gets nothing (never a fallback to the county)."""
    prefixes = scope_prefixes(user, action)
    orgs = org_queryset(user, action)
    if pk is None:
        tops = (
            orgs.filter(parent__isnull=True)
            if user.is_superuser
            else orgs.filter(path__in=prefixes)
        )
        org = tops.order_by("path").first()
    else:
        org = orgs.filter(pk=pk).first()
        if org is not None and not user.is_superuser:
            org = org if any(org.path.startswith(prefix) for prefix in prefixes) else None
    if org is None:
        raise Http404("no organization whose subtree the user reaches")
    return org


def org_roots(user: User) -> QuerySet[Organization]:
    """The top organizations of the user's visible forest: the tree browser starts there."""
    qs = org_queryset(user)
    prefixes = scope_prefixes(user, Action.VIEW)
    if user.is_superuser:
        qs = qs.filter(parent__isnull=True)
    elif prefixes:
        qs = qs.filter(path__in=prefixes)
    return _with_child_counts(user, qs)


def org_children(user: User, org: Organization) -> QuerySet[Organization]:
    qs = org_queryset(user).filter(parent=org)
    # Siblings by code: ids compare as text in paths ("/1/100/" < "/1/11/").
    return _with_child_counts(user, qs).order_by("code")[: rules.TREE_CHILDREN_LIMIT]


def _with_child_counts(user: User, qs: QuerySet[Organization]) -> QuerySet[Organization]:
    return (
        qs.select_related("secretary")
        .annotate(
            child_count=_count_of(org_queryset(user), "parent"),
            people_count=_active_people_count(user),
        )
        .order_by("path")
    )


def _count_of(visible: QuerySet, fk: str, **extra) -> Coalesce:
    """A correlated COUNT of the rows the user may see: evaluated for the page's rows only."""
    rows = (
        visible.filter(**{fk: OuterRef("pk")}, **extra)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _active_people_count(user: User) -> Coalesce:
    return _count_of(person_queryset(user), "primary_org", is_active=True)


def org_choices(user: User, action: str = Action.CHANGE) -> QuerySet[Organization]:
    """Organizations offered in a form's choice list."""
    return org_queryset(user, action).filter(is_active=True).only("pk", "name", "code", "depth")


def terms_due(user: User, today: datetime.date) -> QuerySet[Organization]:
    """Active organizations whose term has ended or ends within the notice window (换届提醒)."""
    horizon = today + datetime.timedelta(days=rules.TERM_NOTICE_DAYS)
    return (
        org_queryset(user)
        .filter(is_active=True, term_ends_on__lte=horizon)
        .select_related("parent")
        .order_by("term_ends_on", "path")
    )


def person_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Person]:
    return Person.objects.visible_to(user, action)


def person_get(user: User, pk: int, action: str = Action.VIEW) -> Person:
    return get_object_or_404(
        person_queryset(user, action).select_related("primary_org", "user"), pk=pk
    )


def person_list(user: User, filters: PersonFilters) -> QuerySet[Person]:
    qs = person_queryset(user).select_related("primary_org")
    if filters.standing == STANDING_LEFT:
        qs = qs.exclude(exit_status="")
    elif filters.standing and filters.standing != STANDING_ALL:
        qs = qs.filter(exit_status=filters.standing)
    elif not filters.include_inactive and filters.standing != STANDING_ALL:
        qs = qs.filter(is_active=True)
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(phone__contains=filters.q)
            | Q(cadre_position__icontains=filters.q)
        )
    if filters.party_status:
        qs = qs.filter(party_status=filters.party_status)
    if filters.under is not None:
        qs = qs.filter(primary_org__path__startswith=filters.under.path)
    return qs.order_by("primary_org__path", "name", "pk")


def person_for_user(user: User) -> Person | None:
    if not user.is_authenticated:
        return None
    own = Person.objects.unscoped("the account's own person record")
    return own.filter(user=user).select_related("primary_org").first()


def membership_history(user: User, person: Person) -> QuerySet[Membership]:
    return (
        Membership.objects.visible_to(user)
        .filter(person=person)
        .select_related("org")
        .order_by("-started_on", "-pk")
    )


def import_job_get(user: User, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.visible_to(user).filter(created_by=user), pk=pk)


def home_counts(user: User) -> dict[str, int]:
    orgs = org_queryset(user).filter(is_active=True)
    # People and full members in one pass over the people table, not two.
    people = (
        person_queryset(user)
        .filter(is_active=True)
        .aggregate(people=Count("pk"), full_members=Count("pk", filter=Q(party_status="full")))
    )
    today = datetime.date.today()
    return {
        "orgs": orgs.count(),
        "people": people["people"],
        "full_members": people["full_members"],
        "terms_due": terms_due(user, today).count(),
    }


def home_org(user: User) -> Organization:
    """The organization a user's jobs are filed under: the top of what they see (a member:
    their own organization; a system administrator: the top of the tree)."""
    root = org_roots(user).first()
    if root is None:
        person = person_for_user(user)
        root = person.primary_org if person is not None else None
    if root is None:
        root = (
            Organization.objects.unscoped("jobs of accounts without a scope")
            .order_by("path")
            .first()
        )
    return root


def export_job_get(user: User, pk: int) -> ExportJob:
    """Only the creator sees an export job and downloads its file."""
    return get_object_or_404(ExportJob.objects.visible_to(user).filter(created_by=user), pk=pk)


def users_reaching(org_path: str, action: str, *, nearest_only: bool = False) -> list[User]:
    """Active accounts whose grants reach the organization at `org_path` for `action` — who
    is told about it. With `nearest_only`, only the holders of the deepest such grant (a
    township's secretary hears of a village's term, not every county administrator too)."""
    from dangjian.orgs.models import RoleAssignment
    from dangjian.orgs.scoping import PERMISSIONS, Grant

    ancestors = [org_path[: i + 1] for i, ch in enumerate(org_path) if ch == "/"][1:]
    roles = [role for role, actions in PERMISSIONS.items() if action in actions]
    rows = (
        RoleAssignment.objects.unscoped("who is told about an organization")
        .filter(role__in=roles, org__path__in=ancestors, user__is_active=True)
        .select_related("user", "org")
    )
    reaching = [
        row for row in rows if Grant(row.role, row.org_id, row.org.path).reaches(action, org_path)
    ]
    if nearest_only and reaching:
        deepest = max(len(row.org.path) for row in reaching)
        reaching = [row for row in reaching if len(row.org.path) == deepest]
    return list({row.user_id: row.user for row in reaching}.values())


def secretaries_at(org_ids) -> dict[int, list[User]]:
    """Active accounts holding the secretary role at exactly these organizations, by
    organization (whom a system tells about the organization's own business: its result, its
    monthly targets) — one query."""
    from dangjian.orgs.models import RoleAssignment
    from dangjian.orgs.scoping import Role

    rows = (
        RoleAssignment.objects.unscoped("who is told about their organization's own business")
        .filter(org_id__in=list(org_ids), role=Role.SECRETARY, user__is_active=True)
        .select_related("user")
    )
    found: dict[int, dict[int, User]] = {}
    for row in rows:
        found.setdefault(row.org_id, {})[row.user_id] = row.user
    return {org_id: list(users.values()) for org_id, users in found.items()}


@dataclass(frozen=True)
class AuditFilters:
    under: Organization | None = None
    person: Person | None = None
    actor: str = ""
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_list(user: User, filters: AuditFilters) -> QuerySet:
    """操作记录 in the user's reach, newest first."""
    from dangjian.orgs.models import AuditEntry

    qs = AuditEntry.objects.visible_to(user, Action.AUDIT).select_related("actor")
    if filters.under is not None:
        qs = qs.filter(org_path__startswith=filters.under.path)
    if filters.person is not None:
        about = Q(target_type=Person._meta.label, target_id=str(filters.person.pk))
        by = Q(actor__person=filters.person)
        qs = qs.filter(about | by)
    if filters.actor:
        qs = qs.filter(actor__username__icontains=filters.actor)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.since:
        qs = qs.filter(at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(at__date__lte=filters.until)
    return qs.order_by("-at", "-pk")


def org_names_for_paths(user: User, paths: list[str]) -> dict[str, str]:
    """The names of the organizations at the end of `paths` that the user may see (one query)."""
    ids = {int(path.strip("/").split("/")[-1]) for path in paths if path.strip("/")}
    rows = org_queryset(user).filter(pk__in=ids).values_list("path", "name")
    return dict(rows)


@dataclass(frozen=True)
class DeactivationEffects:
    """What a deactivation hides: said on the confirmation page before it happens."""

    sub_orgs: int
    people: int
    accounts: int


def deactivation_effects(user: User, org: Organization) -> DeactivationEffects:
    from dangjian.orgs.models import RoleAssignment

    below = org_queryset(user).filter(path__startswith=org.path, is_active=True).exclude(pk=org.pk)
    people = person_queryset(user).filter(primary_org=org, is_active=True)
    holders = RoleAssignment.objects.visible_to(user).filter(org=org).values("user_id").distinct()
    return DeactivationEffects(below.count(), people.count(), holders.count())
