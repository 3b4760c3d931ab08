"""Pages of 调研: my topics, registering one, the level above's decision, articles, the
year-end review and its award lists (.xlsx and .docx)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orgs.scoping import Action, can, may, person_id_of
from dangjian.study import research_selectors as selectors
from dangjian.study import research_services as services
from dangjian.study import rules
from dangjian.study.research_forms import ArticleForm, DecisionForm, ScoreForm, TopicForm
from dangjian.study.selectors import flag_ratio


def _year(request: HttpRequest) -> int:
    year = whole_number(request.GET.get("year"))
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year


@require_safe
def research_home(request: HttpRequest) -> HttpResponse:
    context = {
        "topics": selectors.own_topics(request.user),
        "to_approve": selectors.topics_to_approve(request.user)[:50],
        "limit": rules.RESEARCH_TOPICS_PER_YEAR,
        "may_score": may(request.user, Action.SCORE),
        "writes": person_id_of(request.user) is not None,
    }
    return render(request, "study/research/home.html", context)


@require_http_methods(["GET", "POST"])
def topic_new(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST or None)
    if person_id_of(request.user) is None:
        raise PermissionDenied(_("Your account is not linked to a person record."))
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:topic-detail", pk=topic.pk)
    return render(request, "study/research/topic_form.html", {"form": form})


@require_safe
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(request.user, pk)
    own = topic.author_id == person_id_of(request.user)
    may_decide = topic.status == "pending" and can(request.user, Action.APPROVE, topic)
    context = {
        "topic": topic,
        "own": own,
        "articles": selectors.articles_of(topic),
        "decision_form": DecisionForm() if may_decide else None,
        "flag_ratio": flag_ratio(),
    }
    return render(request, "study/research/topic_detail.html", context)


@require_POST
def topic_decide(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.topic_decide(
                actor=request.user,
                topic=topic,
                approve=form.cleaned_data["approve"],
                comment=form.cleaned_data["decision_comment"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:topic-detail", pk=topic.pk)
    elif not can(request.user, Action.APPROVE, topic):
        raise PermissionDenied(services.ERRORS["no_approve_right"])
    context = {"topic": topic, "own": False, "articles": selectors.articles_of(topic)}
    context |= {"decision_form": form, "flag_ratio": flag_ratio()}
    return render(request, "study/research/topic_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(request.user, pk)
    if topic.author_id != person_id_of(request.user):
        raise PermissionDenied(services.ERRORS["not_author"])
    form = ArticleForm(request.POST or None, request.FILES or None, initial={"title": topic.title})
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_submit(
                actor=request.user,
                topic=topic,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:article-detail", pk=article.pk)
    return render(request, "study/research/article_form.html", {"form": form, "topic": topic})


@require_safe
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(request.user, pk)
    context = {"article": article, "flag_ratio": flag_ratio()}
    return render(request, "study/research/article_detail.html", context)


@require_safe
def research_review(request: HttpRequest) -> HttpResponse:
    selectors.require_scorer(request.user)
    year = _year(request)
    context = {"year": year, "articles": selectors.ranking(request.user, year)[:200]}
    context |= {"flag_ratio": flag_ratio(), "awards": rules.RESEARCH_AWARDS}
    return render(request, "study/research/review.html", context)


@require_http_methods(["GET", "POST"])
def article_score(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_scorer(request.user)
    article = selectors.article_get(request.user, pk)
    if not can(request.user, Action.SCORE, article):
        raise PermissionDenied(services.ERRORS["no_score_right"])
    form = ScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment")
        try:
            services.article_score(
                actor=request.user, article=article, scores=data, comment=comment
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:research-review")
    context = {"article": article, "form": form, "flag_ratio": flag_ratio()}
    return render(request, "study/research/score_form.html", context)
