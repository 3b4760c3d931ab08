"""Reads of 设岗定责 / 党员示范岗, scoped: the posts in sight (a member sees their own), an
organization's posts, a member's own posts and duties, the members who may hold a post."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dangjian.honors.models import Post
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, person_id_of

# A post's holder is picked from a list: bounded, organizations larger than this pick by id.
HOLDER_CHOICES_MAX = 500


def post_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Post]:
    return Post.objects.visible_to(user, action).select_related("org", "person")


def post_get(user: User, pk: int) -> Post:
    return get_object_or_404(post_queryset(user), pk=pk)


def post_list(user: User, org: Organization | None = None) -> QuerySet[Post]:
    """Posts in sight (of `org`'s subtree), in use first, by organization and title."""
    rows = post_queryset(user)
    if org is not None:
        rows = rows.filter(org__path__startswith=org.path)
    return rows.order_by("-active", "org__path", "title", "pk")


def my_posts(user: User) -> list[Post]:
    """The posts the user's person holds (their duties on their own page)."""
    person_id = person_id_of(user)
    if person_id is None:
        return []
    return list(post_queryset(user).filter(person_id=person_id, active=True).order_by("title"))


def holder_choices(user: User, org: Organization) -> QuerySet[Person]:
    """Active members of `org`'s subtree the user may assign (the first HOLDER_CHOICES_MAX)."""
    return (
        Person.objects.visible_to(user, Action.CHANGE)
        .filter(primary_org__path__startswith=org.path, is_active=True)
        .only("pk", "name", "primary_org__name")
        .select_related("primary_org")
        .order_by("primary_org__path", "name", "pk")[:HOLDER_CHOICES_MAX]
    )


def holder_get(user: User, pk: int) -> Person:
    """A person the user may change (404 otherwise): the holder named in an API payload."""
    return get_object_or_404(
        Person.objects.visible_to(user, Action.CHANGE).select_related("primary_org"), pk=pk
    )
