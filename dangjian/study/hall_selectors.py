"""Reads of the 干训讲堂 (online learning hall), scoped to what the user may see.

A material is published to the whole subtree of its organization, so the catalogue of a user
is: published materials of every organization on their chain (their own organization's and
their grants' ancestors), published materials inside what they may view, and — for
publishers — drafts of the organizations they may change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from dangjian.orgs.models import Organization, Person, User, path_ids
from dangjian.orgs.scoping import Action, can, grants, may, person_id_of
from dangjian.study import hall_search
from dangjian.study.models import Material, MaterialCategory, MaterialRead, Suggestion


def chain_ids(user: User) -> list[int]:
    """Ids of the organizations on the user's chains: their own organization's ancestors and
    those of each organization they hold a role at (one query for the person's path)."""
    paths = [grant.org_path for grant in grants(user)]
    person_id = person_id_of(user)
    if person_id is not None:
        own = (
            Person.objects.unscoped("the account's own person record")
            .filter(pk=person_id)
            .values_list("primary_org__path", flat=True)
            .first()
        )
        paths.append(own or "")
    return sorted({org_id for path in paths for org_id in path_ids(path)})


def catalogue(user: User) -> QuerySet[Material]:
    """Every material the user may open (drafts only for those who may change them)."""
    published = Q(status=Material.Status.PUBLISHED)
    in_view = Material.objects.visible_to(user, Action.VIEW).filter(published).values("pk")
    drafts = Material.objects.visible_to(user, Action.CHANGE).values("pk")
    return (
        Material.objects.unscoped("materials are published to the subtree of their organization")
        .filter((published & Q(org_id__in=chain_ids(user))) | Q(pk__in=in_view) | Q(pk__in=drafts))
        .select_related("org", "category")
    )


@dataclass(frozen=True)
class MaterialFilters:
    query: str = ""
    category: int | None = None
    year: int | None = None


def material_list(user: User, filters: MaterialFilters) -> QuerySet[Material]:
    materials = catalogue(user)
    if filters.category:
        materials = materials.filter(category_id=filters.category)
    if filters.year:
        materials = materials.filter(year=filters.year)
    materials = hall_search.search(materials, filters.query)
    return materials.order_by("-year", "-published_at", "-pk")


def material_get(user: User, pk: int) -> Material:
    """A material in the user's catalogue; 404 otherwise, as if it did not exist."""
    material = catalogue(user).filter(pk=pk).select_related("created_by").first()
    if material is None:
        raise Http404("no such material")
    return material


def categories() -> QuerySet[MaterialCategory]:
    return MaterialCategory.objects.order_by("order", "pk")


def may_change(user: User, material: Material) -> bool:
    return can(user, Action.CHANGE, material)


def read_of(user: User, material: Material) -> MaterialRead | None:
    person_id = person_id_of(user)
    if person_id is None:
        return None
    return (
        MaterialRead.objects.unscoped("the reader's own record")
        .filter(material=material, person_id=person_id)
        .first()
    )


def suggestions_for(user: User, material: Material, *, moderator: bool) -> list[Suggestion]:
    """留言 shown on a material: approved ones; the author's own pending ones; a moderator
    (who may change the material's organization) also sees every pending one to decide."""
    shown = Q(status=Suggestion.Status.APPROVED)
    shown |= Q(status=Suggestion.Status.PENDING, author_id=person_id_of(user) or 0)
    if moderator:
        shown |= Q(status=Suggestion.Status.PENDING)
    return list(
        Suggestion.objects.unscoped("suggestions of a material the caller may open")
        .filter(shown, material=material)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def pending_suggestions(user: User) -> QuerySet[Suggestion]:
    """留言 waiting for the user's decision: pending, on materials of organizations they may
    change (Suggestion's scope is its material's organization)."""
    if not may(user, Action.CHANGE):
        raise PermissionDenied
    return (
        Suggestion.objects.visible_to(user, Action.CHANGE)
        .filter(status=Suggestion.Status.PENDING)
        .select_related("material", "author")
        .order_by("created_at", "pk")
    )


def suggestion_get(user: User, pk: int) -> Suggestion:
    """A suggestion on a material of the user's catalogue; 404 otherwise."""
    suggestion = (
        Suggestion.objects.unscoped("checked against the catalogue below")
        .select_related("material__org", "author")
        .filter(pk=pk, material__in=catalogue(user).values("pk"))
        .first()
    )
    if suggestion is None:
        raise Http404("no such suggestion")
    return suggestion


# ---- per-unit statistics -----------------------------------------------------------------


def require_stats(user: User) -> None:
    """Statistics are for those who review or change organizations."""
    if not (may(user, Action.REVIEW) or may(user, Action.CHANGE)):
        raise PermissionDenied


def stat_units(user: User) -> QuerySet[Organization]:
    review = Organization.objects.visible_to(user, Action.REVIEW).values("pk")
    change = Organization.objects.visible_to(user, Action.CHANGE).values("pk")
    return Organization.objects.unscoped("units the user reviews or changes").filter(
        Q(pk__in=review) | Q(pk__in=change), is_active=True
    )


def _reads(material: Material | None, year: int) -> QuerySet[MaterialRead]:
    reads = MaterialRead.objects.unscoped("counted per unit of the outer, scoped query")
    if material is not None:
        return reads.filter(material=material)
    return reads.filter(material__year=year, material__status=Material.Status.PUBLISHED)


def _count(queryset: QuerySet, field: str = "pk", aggregate=Count, **extra) -> Coalesce:
    summed = queryset.filter(org=OuterRef("pk")).values("org").annotate(v=aggregate(field, **extra))
    return Coalesce(Subquery(summed.values("v"), output_field=IntegerField()), Value(0))


def unit_stats(user: User, *, year: int, material: Material | None = None) -> QuerySet:
    """学习统计: per unit in the user's scope — people, readers, finished, total seconds.

    Counts are correlated subqueries, so a page costs the same queries for 5 units or 500.
    For a material only the units of its audience (its organization's subtree) are listed.
    """
    require_stats(user)
    reads = _reads(material, year)
    people = Person.objects.unscoped("counted per unit of the outer, scoped query").filter(
        is_active=True, primary_org=OuterRef("pk")
    )
    units = stat_units(user)
    if material is not None:
        units = units.filter(path__startswith=material.org.path)
    return units.annotate(
        headcount=Coalesce(
            Subquery(
                people.values("primary_org").annotate(v=Count("pk")).values("v"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        readers=_count(reads, "person", distinct=True),
        finished=_count(reads.filter(finished_at__isnull=False)),
        seconds=_count(reads, "seconds", Sum),
        downloads=_count(reads, "downloads", Sum),
    ).order_by("path")


def unit_get(user: User, pk: int) -> Organization:
    unit = stat_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404("no such unit")
    return unit


def not_finished(unit: Organization, *, year: int, material: Material | None) -> QuerySet:
    """Who of a unit has not read to the end: the material, or any material of the year."""
    finished = _reads(material, year).filter(finished_at__isnull=False).values("person_id")
    return (
        Person.objects.unscoped("people of a unit the caller may review")
        .filter(primary_org=unit, is_active=True)
        .exclude(pk__in=finished)
        .order_by("name", "pk")
    )


def materials_studied(
    person_ids: list[int], year: int, within_path: str | None = None
) -> dict[int, int]:
    """Materials of `year` each person read to the end (for the progress page); 0 if none.
    `within_path` reads a long list by its organization's subtree instead of by ids."""
    people = (
        {"person__primary_org__path__startswith": within_path}
        if within_path is not None
        else {"person_id__in": person_ids}
    )
    rows = (
        MaterialRead.objects.unscoped("the caller passes people it may see")
        .filter(
            **people,
            material__year=year,
            material__status=Material.Status.PUBLISHED,
            finished_at__isnull=False,
        )
        .values("person_id")
        .annotate(n=Count("material", distinct=True))
        .values_list("person_id", "n")
    )
    found = dict(rows)
    return {person_id: found.get(person_id, 0) for person_id in person_ids}
