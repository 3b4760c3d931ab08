"""Writes of 调研: registering topics, the level above's decision, articles (checked for
originality) and the year-end review's scores."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, can, person_id_of, require
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.services import audit_record
from dangjian.originality import limits
from dangjian.originality import services as originality
from dangjian.study import rules
from dangjian.study.models import ArticleScore, ResearchArticle, ResearchTopic
from dangjian.study.services import author_of

ERRORS = {
    "topic_limit": _(
        "Each cadre registers at most %(limit)s research topics a year (调研课题每年%(limit)s个): "
        "you have %(count)s for %(year)s (a rejected topic does not count)."
    ),
    "title": _("Give the topic a title."),
    "no_approve_right": _("Topics are approved by the level above; you may not decide this one."),
    "decided": _("This topic was already decided (%(status)s)."),
    "reason_needed": _("Say why the topic is rejected."),
    "not_author": _("Only the topic's author submits its article."),
    "not_approved": _("An article is written on an approved topic; this one is %(status)s."),
    "empty": _("The article is empty."),
    "too_long": _("The article has %(chars)s characters; at most %(limit)s are accepted."),
    "no_score_right": _("You may not score the articles of this organization."),
    "own_article": _("You may not score your own article."),
    "score_range": _("%(part)s: give 0 to %(max)s points."),
}


@transaction.atomic
def topic_register(*, actor: User, title: str, summary: str = "", year: int | None = None):
    """调研课题登记: at most RESEARCH_TOPICS_PER_YEAR a year (rejected ones do not count)."""
    author = author_of(actor)
    year = year or timezone.localdate().year
    if not title.strip():
        raise ValidationError({"title": ERRORS["title"]})
    taken = (
        ResearchTopic.objects.unscoped("counting the author's own topics")
        .select_for_update()
        .filter(author=author, year=year)
        .exclude(status=ResearchTopic.Status.REJECTED)
        .count()
    )
    if taken >= rules.RESEARCH_TOPICS_PER_YEAR:
        raise ValidationError(
            {
                "title": ERRORS["topic_limit"]
                % {"limit": rules.RESEARCH_TOPICS_PER_YEAR, "count": taken, "year": year}
            }
        )
    topic = ResearchTopic(
        author=author, org=author.primary_org, year=year, title=title.strip(), summary=summary
    )
    topic.full_clean()
    topic.save()
    audit_record(actor=actor, action="study.topic.register", target=topic, year=year)
    approvers = users_reaching(topic.org.path, Action.APPROVE, nearest_only=True)
    link = reverse("study:topic-detail", args=[topic.pk])
    subject = gettext("Research topic to approve: %(title)s") % {"title": topic.title}
    transaction.on_commit(
        lambda: notice_send(
            recipients=approvers, subject=subject, link=link, key=f"study.topic:{topic.pk}"
        )
    )
    return topic


@transaction.atomic
def topic_decide(*, actor: User, topic: ResearchTopic, approve: bool, comment: str = ""):
    """The level above approves or rejects (never the author's own organization)."""
    topic = (
        ResearchTopic.objects.unscoped("locked for decision").select_for_update().get(pk=topic.pk)
    )
    if not can(actor, Action.APPROVE, topic):
        if can(actor, Action.VIEW, topic) or person_id_of(actor) == topic.author_id:
            raise PermissionDenied(ERRORS["no_approve_right"])
        raise ResearchTopic.DoesNotExist
    if topic.status != ResearchTopic.Status.PENDING:
        raise ValidationError(ERRORS["decided"] % {"status": topic.get_status_display()})
    if not approve and not comment.strip():
        raise ValidationError({"decision_comment": ERRORS["reason_needed"]})
    topic.status = ResearchTopic.Status.APPROVED if approve else ResearchTopic.Status.REJECTED
    topic.decided_by = actor
    topic.decided_at = timezone.now()
    topic.decision_comment = comment.strip()
    topic.save()
    audit_record(actor=actor, action=f"study.topic.{topic.status}", target=topic, comment=comment)
    account = topic.author.user
    if account is not None:
        subject = gettext("Your research topic “%(title)s”: %(status)s") % {
            "title": topic.title,
            "status": topic.get_status_display(),
        }
        link = reverse("study:topic-detail", args=[topic.pk])
        transaction.on_commit(
            lambda: notice_send(recipients=[account], subject=subject, body=comment, link=link)
        )
    return topic


def article_submit(*, actor: User, topic: ResearchTopic, title: str, body: str):
    """调研文章: filed on the author's approved topic and checked for originality (within the
    checks' bounds, checked before the transaction as for a note)."""
    if person_id_of(actor) != topic.author_id:
        raise PermissionDenied(ERRORS["not_author"])
    limits.check_allowed(actor=actor, org=topic.org, text=body)
    return _article_submit(actor=actor, topic=topic, title=title, body=body)


@transaction.atomic
def _article_submit(*, actor: User, topic: ResearchTopic, title: str, body: str):
    if person_id_of(actor) != topic.author_id:
        raise PermissionDenied(ERRORS["not_author"])
    if topic.status != ResearchTopic.Status.APPROVED:
        raise ValidationError(ERRORS["not_approved"] % {"status": topic.get_status_display()})
    chars = rules.countable_chars(body)
    if chars == 0:
        raise ValidationError({"body": ERRORS["empty"]})
    if len(body) > rules.NOTE_MAX_CHARS:
        raise ValidationError(
            {
                "body": ERRORS["too_long"]
                % {"chars": f"{len(body):,}", "limit": f"{rules.NOTE_MAX_CHARS:,}"}
            }
        )
    check = originality.author_text_check(
        actor=actor, org=topic.org, author=topic.author, title=title or topic.title, text=body
    )
    article = ResearchArticle.objects.create(
        topic=topic,
        title=(title or topic.title).strip()[:200],
        body=body,
        char_count=chars,
        originality_check=check,
    )
    audit_record(actor=actor, action="study.article.submit", target=article)
    return article


@transaction.atomic
def article_score(*, actor: User, article: ResearchArticle, scores: dict, comment: str = ""):
    """年终评审: one reviewer's rubric scores (a second scoring replaces the first)."""
    require(actor, Action.SCORE, article, ERRORS["no_score_right"])
    if person_id_of(actor) == article.topic.author_id:
        raise PermissionDenied(ERRORS["own_article"])
    errors: dict[str, list] = {}
    clean: dict[str, int] = {}
    for key, label, maximum in rules.RESEARCH_RUBRIC:
        value = scores.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
            errors[key] = [ERRORS["score_range"] % {"part": label, "max": maximum}]
        else:
            clean[key] = value
    unknown = sorted(set(scores) - {key for key, _label, _max in rules.RESEARCH_RUBRIC})
    for key in unknown:
        errors[key] = [_("Not a part of the rubric.")]
    if errors:
        raise ValidationError(errors)
    row, _created = ArticleScore.objects.unscoped("one reviewer's own score").update_or_create(
        article=article,
        reviewer=actor,
        defaults={"scores": clean, "total": Decimal(sum(clean.values())), "comment": comment},
    )
    audit_record(actor=actor, action="study.article.score", target=row, total=sum(clean.values()))
    return row
