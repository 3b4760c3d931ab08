"""Reads of 评先树优, scoped.

Who sees a round: those whose view reaches the committee (its own subtree's staff and the
levels above), and the organizations allowed to nominate in it — the secretaries of the
committee's direct children, who do not reach the committee itself. Nominations, objections
and awards follow their own models' scope (the nominating organization's chain, the
committee's chain); the public pages read only what is in notice or awarded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from dangjian.honors import rules_exemplar as rules
from dangjian.honors.models import (
    Award,
    ExemplarCategory,
    ExemplarRound,
    Nomination,
    NominationAttachment,
    Objection,
)
from dangjian.lib import months
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import (
    Action,
    grants,
    may_at,
    person_id_of,
    reach_of,
    scope_prefixes,
    scope_q,
)

PUBLIC_ROUND_STATUSES = (ExemplarRound.Status.NOTICE, ExemplarRound.Status.DECIDED)
PUBLIC_NOMINATION_STATUSES = (Nomination.Status.NOTICE, Nomination.Status.AWARDED)
PHOTOS = Prefetch(
    "attachments",
    queryset=NominationAttachment.objects.unscoped("the photos of nominations already read")
    .filter(content_type__startswith="image/")
    .order_by("pk"),
    to_attr="photos",
)


def _parent_paths(user: User) -> list[str]:
    """The paths of the committees directly above an organization where the user may change
    (where they nominate)."""
    paths = set()
    for grant in grants(user):
        if reach_of(grant.role, Action.CHANGE):
            parts = grant.org_path.strip("/").split("/")
            if len(parts) > 1:
                paths.add("/" + "/".join(parts[:-1]) + "/")
    return sorted(paths)


def rounds_for(user: User) -> QuerySet[ExemplarRound]:
    """The rounds the user sees: by scope, or as a nominating organization's secretary."""
    reach = scope_q(user, ExemplarRound, Action.VIEW)
    parents = _parent_paths(user)
    if parents:
        reach |= Q(org__path__in=parents)
    return (
        ExemplarRound.objects.unscoped("in scope, or open to the organizations below")
        .filter(reach)
        .select_related("org")
    )


def round_list(user: User) -> QuerySet[ExemplarRound]:
    """The rounds with the number of their nominations in the user's sight: the committee
    (and the levels above) counts them all, a nominating organization's secretary only their
    own organization's — not how many the other organizations put forward."""
    in_sight = (
        Nomination.objects.visible_to(user)
        .filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        rounds_for(user)
        .annotate(nomination_count=Coalesce(Subquery(in_sight), 0))
        .order_by("-period", "org__path", "kind")
    )


def round_get(user: User, pk: int) -> ExemplarRound:
    found = rounds_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such round")
    return found


def first_free_month(user: User, org: Organization, start: datetime.date) -> datetime.date:
    """The first month from `start`'s on for which `org` has no monthly round yet (one query)."""
    month = start.replace(day=1)
    taken = set(
        rounds_for(user)
        .filter(org=org, kind=ExemplarRound.Kind.MONTHLY, period__gte=month)
        .values_list("period", flat=True)
    )
    while month in taken:
        month = months.add_months(month, 1)
    return month


def committee_choices(user: User) -> QuerySet[Organization]:
    """The committees where the user may open rounds."""
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(org_type="committee", is_active=True)
        .order_by("path")
    )


def nominating_orgs(user: User, round_: ExemplarRound) -> QuerySet[Organization]:
    """The committee's direct children where the user may change: whom they nominate for."""
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(parent=round_.org, is_active=True)
        .order_by("path")
    )


def nominee_org_choices(user: User, orgs: list[Organization]) -> QuerySet[Organization]:
    paths = Q(pk__in=[])
    for org in orgs:
        paths |= Q(path__startswith=org.path)
    return Organization.objects.visible_to(user).filter(paths, is_active=True).order_by("path")


def nominee_person_choices(user: User, orgs: list[Organization]) -> QuerySet[Person]:
    paths = Q(pk__in=[])
    for org in orgs:
        paths |= Q(primary_org__path__startswith=org.path)
    return (
        Person.objects.visible_to(user)
        .filter(paths, is_active=True, party_status__in=("full", "probationary"))
        .select_related("primary_org")
        .order_by("primary_org__path", "name")
    )


def nominations_of(user: User, round_: ExemplarRound) -> QuerySet[Nomination]:
    """The round's nominations in the user's sight (the committee sees all of them)."""
    return (
        Nomination.objects.visible_to(user)
        .filter(round=round_)
        .select_related("org", "nominee_org", "nominee_person", "created_by")
        .annotate(
            objection_count=Count("objections"),
            open_objections=Count("objections", filter=Q(objections__outcome="open")),
        )
        .order_by("category", "org__path", "pk")
    )


def nomination_queryset(user: User) -> QuerySet[Nomination]:
    return Nomination.objects.visible_to(user).select_related(
        "round", "round__org", "org", "nominee_org", "nominee_person"
    )


def nomination_get(user: User, pk: int) -> Nomination:
    found = nomination_queryset(user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such nomination")
    return found


def attachments_of(nomination: Nomination) -> list[NominationAttachment]:
    return list(
        NominationAttachment.objects.unscoped("of a nomination already in the user's sight")
        .filter(nomination=nomination)
        .order_by("pk")
    )


def attachment_get(user: User, pk: int) -> NominationAttachment:
    found = NominationAttachment.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such attachment")
    return found


def _objections_in_scope(user: User) -> QuerySet[Objection]:
    return Objection.objects.visible_to(user).select_related(
        "nomination",
        "nomination__round",
        "nomination__round__org",
        "nomination__nominee_person",
        "nomination__nominee_org",
    )


def objection_queryset(user: User) -> QuerySet[Objection]:
    """The objections in sight, but never those to the user's own nomination: a nominee on
    the committee does not read who objected (name, contact) or what they wrote."""
    rows = _objections_in_scope(user)
    person_id = person_id_of(user)
    if person_id is not None:
        rows = rows.exclude(nomination__nominee_person_id=person_id)
    return rows


def objections_of(user: User, nomination: Nomination) -> list[Objection]:
    return list(objection_queryset(user).filter(nomination=nomination).order_by("pk"))


def objection_get(user: User, pk: int) -> Objection:
    """An objection in scope, own nominations' included: the caller refuses those with
    exemplar_services.require_not_own (403 saying why) before showing anything."""
    found = _objections_in_scope(user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such objection")
    return found


def shown_contact(user: User, objection: Objection) -> str:
    """The objector's contact, masked for staff without the personal-data right."""
    contact = objection.contact
    if not contact or may_at(user, Action.EXPORT_PERSONAL, objection.nomination.round.org.path):
        return contact
    if len(contact) <= 4:
        return "*" * len(contact)
    return contact[:3] + "*" * (len(contact) - 5) + contact[-2:]


# ---- ledger (台账) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFilters:
    year: int | None = None
    category: str = ""
    org: Organization | None = None


def awards_for(user: User) -> QuerySet[Award]:
    """Awards by the committees in the user's sight, and those of nominees from organizations
    in sight (a township sees its people's county honors too)."""
    reach = scope_q(user, Award, Action.VIEW)
    for prefix in scope_prefixes(user, Action.VIEW):
        reach |= Q(nomination__org__path__startswith=prefix)
    return Award.objects.unscoped("in sight by committee or by nominating organization").filter(
        reach
    )


def ledger(user: User, filters: LedgerFilters) -> QuerySet[Award]:
    awards = awards_for(user)
    if filters.year:
        awards = awards.filter(year=filters.year)
    if filters.category:
        awards = awards.filter(category=filters.category)
    if filters.org is not None:
        awards = awards.filter(nomination__org__path__startswith=filters.org.path)
    return awards.select_related(
        "round",
        "round__org",
        "nomination__org",
        "nomination__nominee_org",
        "nomination__nominee_person",
        "nomination__nominee_person__primary_org",
    ).order_by("-awarded_on", "category", "pk")


def ledger_counts(awards: QuerySet[Award]) -> dict[str, int]:
    """Organizations and members awarded (members: 优秀共产党员 and 优秀党务工作者)."""
    found = dict(awards.order_by().values_list("category").annotate(n=Count("pk")))
    return {
        "orgs": found.get(ExemplarCategory.ORG, 0),
        "members": found.get(ExemplarCategory.MEMBER, 0) + found.get(ExemplarCategory.WORKER, 0),
        "total": sum(found.values()),
    }


def award_get(user: User, pk: int) -> Award:
    found = awards_for(user).select_related("round", "round__org", "nomination").filter(pk=pk)
    award = found.first()
    if award is None:
        raise Http404("no such award")
    return award


# ---- public pages ------------------------------------------------------------------------


def public_orgs_active(to_nomination: str) -> Q:
    """The public pages show a nomination only while its round's committee, the nominating
    organization and the nominated one (category org) are active; `to_nomination` is the
    lookup from the queried model to the nomination ("" from Nomination itself)."""
    prefix = f"{to_nomination}__" if to_nomination else ""
    committee_and_nominating = Q(
        **{f"{prefix}round__org__is_active": True, f"{prefix}org__is_active": True}
    )
    nominee_org = Q(**{f"{prefix}nominee_org__isnull": True}) | Q(
        **{f"{prefix}nominee_org__is_active": True}
    )
    return committee_and_nominating & nominee_org


def public_round(public_key: str) -> ExemplarRound:
    found = (
        ExemplarRound.objects.unscoped("the public notice page, by its unguessable key")
        .select_related("org")
        .filter(public_key=public_key, status__in=PUBLIC_ROUND_STATUSES, org__is_active=True)
        .first()
    )
    if found is None:
        raise Http404("no such notice")
    return found


def public_nominations(round_: ExemplarRound) -> list[Nomination]:
    return list(
        Nomination.objects.unscoped("published in the round's public notice")
        .filter(public_orgs_active(""), round=round_, status__in=PUBLIC_NOMINATION_STATUSES)
        .select_related("org", "nominee_org", "nominee_person", "nominee_person__primary_org")
        .annotate(
            objection_count=Count("objections"),
            answered_count=Count("objections", filter=~Q(objections__outcome="open")),
        )
        .prefetch_related(PHOTOS)
        .order_by("category", "org__path", "pk")
    )


def public_photo(pk: int) -> NominationAttachment:
    found = (
        NominationAttachment.objects.unscoped("a photo of a published nomination")
        .filter(
            public_orgs_active("nomination"),
            pk=pk,
            content_type__startswith="image/",
            nomination__status__in=PUBLIC_NOMINATION_STATUSES,
            nomination__round__status__in=PUBLIC_ROUND_STATUSES,
        )
        .first()
    )
    if found is None:
        raise Http404("no such photo")
    return found


def _public_awards() -> QuerySet[Award]:
    return (
        Award.objects.unscoped("the public honor roll: awarded exemplars")
        .filter(public_orgs_active("nomination"))
        .select_related(
            "round",
            "round__org",
            "nomination__org",
            "nomination__nominee_org",
            "nomination__nominee_person",
            "nomination__nominee_person__primary_org",
        )
        .prefetch_related(
            Prefetch("nomination__attachments", queryset=PHOTOS.queryset, to_attr="photos")
        )
    )


def roll_years() -> list[int]:
    return list(
        Award.objects.unscoped("the public honor roll's years")
        .filter(public_orgs_active("nomination"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def roll(year: int) -> QuerySet[Award]:
    return _public_awards().filter(year=year).order_by("-round__period", "category", "pk")


def roll_award(pk: int) -> Award:
    found = _public_awards().filter(pk=pk).first()
    if found is None:
        raise Http404("no such award")
    return found


PAGE_SIZE = rules.PAGE_SIZE
