"""Reads of 调研, scoped: one's own topics, the topics to approve, the year-end ranking."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet
from django.http import Http404

from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may, person_id_of
from dangjian.study import rules
from dangjian.study.models import ResearchArticle, ResearchTopic


def own_topics(user: User) -> QuerySet[ResearchTopic]:
    return (
        ResearchTopic.objects.unscoped("the author's own topics")
        .filter(author_id=person_id_of(user) or 0)
        .order_by("-year", "-pk")
    )


def topics_to_approve(user: User) -> QuerySet[ResearchTopic]:
    """Pending topics of the organizations below the user's (the level above approves)."""
    return (
        ResearchTopic.objects.visible_to(user, Action.APPROVE)
        .filter(status=ResearchTopic.Status.PENDING)
        .select_related("author", "org")
        .order_by("created_at", "pk")
    )


def _visible(model, user: User, author_path: str):
    own = Q(**{author_path: person_id_of(user) or 0})
    visible = model.objects.visible_to(user).values("pk")
    return model.objects.unscoped("visible rows or the user's own").filter(own | Q(pk__in=visible))


def topic_get(user: User, pk: int) -> ResearchTopic:
    topic = (
        _visible(ResearchTopic, user, "author_id")
        .select_related("author__user", "org", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if topic is None:
        raise Http404("no such topic")
    return topic


def articles_of(topic: ResearchTopic) -> QuerySet[ResearchArticle]:
    """The articles of a topic the caller was allowed to open (topic_get)."""
    return (
        ResearchArticle.objects.unscoped("articles of a topic the caller may see")
        .filter(topic=topic)
        .select_related("originality_check")
    )


def article_get(user: User, pk: int) -> ResearchArticle:
    article = (
        _visible(ResearchArticle, user, "topic__author_id")
        .select_related("topic__author", "topic__org", "originality_check")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404("no such article")
    return article


def ranking(user: User, year: int) -> QuerySet[ResearchArticle]:
    """年终评审: the year's articles the user may score, best mean first; `spread` is the
    distance between the highest and the lowest reviewer's total."""
    return (
        ResearchArticle.objects.visible_to(user, Action.SCORE)
        .filter(topic__year=year)
        .annotate(
            mean=Avg("scores__total"),
            reviewers=Count("scores"),
            spread=Max("scores__total") - Min("scores__total"),
        )
        .select_related("topic__author", "topic__org", "originality_check")
        .order_by(F("mean").desc(nulls_last=True), "pk")
    )


def awards(user: User, year: int) -> list[ResearchArticle]:
    """优秀调研文章: the best-scored articles of the year (at least one reviewer)."""
    return list(ranking(user, year).filter(reviewers__gt=0)[: rules.RESEARCH_AWARDS])


def require_scorer(user: User) -> None:
    from django.core.exceptions import PermissionDenied

    if not may(user, Action.SCORE):
        raise PermissionDenied
