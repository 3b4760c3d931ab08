"""Reads of 公开承诺 / 践诺评议, scoped: a user's own commitments, an organization's list, the
overview of counts per organization, the public page of an organization (no login: published
items only, member names and nothing else of the person), and the counts of the
commitments-kept indicator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from dangjian.honors.models import Commitment, CommitmentUpdate, Post
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, person_id_of

PUBLIC = (Commitment.Status.PUBLISHED, Commitment.Status.EVALUATED)
# An organization's own items (no person) first, then its members' by name.
ORG_ITEMS_FIRST = F("person__name").asc(nulls_first=True)


def updates_in_order(reason: str) -> Prefetch:
    updates = CommitmentUpdate.objects.unscoped(reason).order_by("date", "pk")
    return Prefetch("updates", queryset=updates)


def commitment_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Commitment]:
    return Commitment.objects.visible_to(user, action).select_related("org", "person")


def commitment_get(user: User, pk: int) -> Commitment:
    """A commitment in the user's sight with its updates (404 otherwise)."""
    rows = commitment_queryset(user).prefetch_related(
        updates_in_order("the updates of a commitment in sight")
    )
    return get_object_or_404(rows, pk=pk)


def mine(user: User) -> list[Commitment]:
    """The user's own commitments, newest year first, with their updates."""
    person_id = person_id_of(user)
    if person_id is None:
        return []
    rows = commitment_queryset(user).filter(person_id=person_id)
    rows = rows.prefetch_related(updates_in_order("the updates of one's own commitments"))
    return list(rows.order_by("-year", "pk"))


def org_commitments(user: User, org: Organization, year: int) -> QuerySet[Commitment]:
    """The commitments held by `org` for `year` (its own and its members'), organization items
    first; each with its number of updates."""
    rows = commitment_queryset(user).filter(org=org, year=year)
    rows = rows.annotate(update_count=Count("updates"))
    return rows.order_by(ORG_ITEMS_FIRST, "pk")


def org_for_list(user: User, pk: int) -> Organization:
    """An organization whose commitments the user reads as a whole: CHANGE or REVIEW reach
    (secretaries, the department, inspectors); 404 otherwise."""
    orgs = Organization.objects.visible_to(user, Action.CHANGE) | Organization.objects.visible_to(
        user, Action.REVIEW
    )
    return get_object_or_404(orgs, pk=pk)


@dataclass(frozen=True)
class OverviewRow:
    org: Organization
    published: int
    evaluated: int
    kept: int
    partly: int
    drafts: int


def overview_counts(user: User, year: int) -> QuerySet:
    """Per organization in sight holding commitments of `year`: counts by status and verdict
    (one grouped query; organization ids and counts only)."""
    published = Q(status__in=PUBLIC)
    return (
        Commitment.objects.visible_to(user)
        .filter(year=year)
        .values("org_id", "org__path")
        .annotate(
            published=Count("pk", filter=published),
            evaluated=Count("pk", filter=Q(status=Commitment.Status.EVALUATED)),
            kept=Count("pk", filter=Q(verdict=Commitment.Verdict.KEPT)),
            partly=Count("pk", filter=Q(verdict=Commitment.Verdict.PARTLY)),
            drafts=Count("pk", filter=Q(status=Commitment.Status.DRAFT)),
        )
        .order_by("org__path")
    )


def overview_rows(user: User, counts: list[dict]) -> list[OverviewRow]:
    """The page's rows with their organizations (one query)."""
    orgs = Organization.objects.visible_to(user).in_bulk([row["org_id"] for row in counts])
    return [
        OverviewRow(
            org=orgs[row["org_id"]],
            published=row["published"],
            evaluated=row["evaluated"],
            kept=row["kept"],
            partly=row["partly"],
            drafts=row["drafts"],
        )
        for row in counts
        if row["org_id"] in orgs
    ]


@dataclass(frozen=True)
class PublicPage:
    org: Organization
    commitments: list[Commitment]
    posts: list[Post]


def _still_a_member(org: Organization, field: str = "person") -> Q:
    """A member's row is public only while the person is active and their primary organization
    lies within `org`'s subtree: a member who left or was transferred out is no longer named
    on the organization's page (their items stay in the ledger for the staff)."""
    return Q(
        **{
            f"{field}__is_active": True,
            f"{field}__primary_org__path__startswith": org.path,
        }
    )


def public_commitments(org: Organization) -> QuerySet[Commitment]:
    """The published commitments of `org`: its own, and its members' while they are active
    members of its subtree (_still_a_member); organization items first; the person is read
    for the name only."""
    reason = "the public page shows published commitments to everyone"
    rows = Commitment.objects.unscoped(reason).filter(
        Q(person__isnull=True) | _still_a_member(org), org=org, status__in=PUBLIC
    )
    rows = rows.select_related("person").only(
        "org_id",
        "person__name",
        "year",
        "title",
        "detail",
        "due",
        "status",
        "published_at",
        "verdict",
        "evaluation_note",
        "evaluated_at",
    )
    return rows.prefetch_related(updates_in_order(reason)).order_by("-year", ORG_ITEMS_FIRST, "pk")


def public_posts(org: Organization) -> QuerySet[Post]:
    """The organization's demonstration posts (党员示范岗) in use and held by an active member
    of its subtree (_still_a_member)."""
    reason = "the public page shows demonstration posts to everyone"
    rows = Post.objects.unscoped(reason).filter(
        _still_a_member(org), org=org, demonstration=True, active=True
    )
    return (
        rows.select_related("person")
        .only("org_id", "title", "duties", "since", "person__name")
        .order_by("title", "pk")
    )


def public_page(org_id: int) -> PublicPage:
    """The public page of an active organization, empty while it has published nothing; 404
    for an inactive organization (it looks the same as one that does not exist)."""
    org = (
        Organization.objects.unscoped("public page: the organization's name only")
        .filter(pk=org_id, is_active=True)
        .only("pk", "name", "path", "is_active")
        .first()
    )
    if org is None:
        raise Http404("no such organization")
    commitments = list(public_commitments(org))
    posts = list(public_posts(org))
    return PublicPage(org=org, commitments=commitments, posts=posts)


@dataclass(frozen=True)
class KeptCount:
    evaluated: int
    kept: int
    partly: int


def subtree_kept(org: Organization, year: int, by: datetime.date) -> KeptCount:
    """The published commitments of `year` held in `org`'s subtree that were evaluated on or
    before `by` (local date), and how many of them were kept or partly kept."""
    rows = Commitment.objects.unscoped("an indicator of a subtree the caller already scoped")
    found = rows.filter(
        org__path__startswith=org.path,
        year=year,
        status=Commitment.Status.EVALUATED,
        evaluated_at__date__lte=by,
    ).aggregate(
        evaluated=Count("pk"),
        kept=Count("pk", filter=Q(verdict=Commitment.Verdict.KEPT)),
        partly=Count("pk", filter=Q(verdict=Commitment.Verdict.PARTLY)),
    )
    return KeptCount(**found)


def writable_people(user: User, org: Organization) -> QuerySet[Person]:
    """The active members directly in `org` whom the user may write commitments for."""
    return (
        Person.objects.visible_to(user, Action.CHANGE)
        .filter(primary_org=org, is_active=True)
        .only("pk", "name")
        .order_by("name", "pk")
    )


# Organizations offered in the "go to an organization" picker of the overview and the posts.
PICKER_MAX = 300


def orgs_to_pick(user: User) -> list[Organization]:
    """Active organizations (not Party groups) the user may write for, in tree order: the
    way to an organization that has no commitments or posts yet (first PICKER_MAX)."""
    rows = Organization.objects.visible_to(user, Action.CHANGE).filter(is_active=True)
    rows = rows.exclude(org_type="group").only("pk", "name", "depth", "path").order_by("path")
    return list(rows[:PICKER_MAX])
