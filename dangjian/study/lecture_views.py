"""Pages of 干部讲课: the lecture calendar, a lecture with its questions and ratings, and the
yearly report of who has lectured."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Person
from dangjian.orgs.scoping import Action, can, may, person_id_of, scope_prefixes
from dangjian.study import lecture_selectors as selectors
from dangjian.study import lecture_services as services
from dangjian.study import rules
from dangjian.study.lecture_forms import AnswerForm, LectureForm, QuestionForm, RatingForm


def _sees_orgs(user) -> bool:
    """Organization-wide reports are for those who see organizations, not only themselves."""
    return user.is_superuser or bool(scope_prefixes(user, Action.VIEW))


@require_safe
def lecture_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.lectures_visible(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "may_report": _sees_orgs(request.user),
    }
    return render(request, "study/lectures/list.html", context)


def _lecturers(request: HttpRequest) -> QuerySet[Person]:
    """Whom the user may put on the calendar: themselves, and the people they may change."""
    own = Person.objects.unscoped("the account's own person record").filter(user=request.user)
    managed = Person.objects.visible_to(request.user, Action.CHANGE).values("pk")
    return (
        Person.objects.unscoped("the user's own record or people they may change")
        .filter(Q(pk__in=own.values("pk")) | Q(pk__in=managed), is_active=True)
        .order_by("name", "pk")
    )


@require_http_methods(["GET", "POST"])
def lecture_new(request: HttpRequest) -> HttpResponse:
    if person_id_of(request.user) is None and not may(request.user, Action.CHANGE):
        raise PermissionDenied
    lecturers = _lecturers(request)
    form = LectureForm(request.POST or None, lecturers=lecturers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            lecture = services.lecture_schedule(
                actor=request.user, lecturer=data.pop("lecturer"), **data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:lecture-detail", pk=lecture.pk)
    return render(request, "study/lectures/form.html", {"form": form, "lecture": None})


@require_safe
def lecture_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = selectors.lecture_get(request.user, pk)
    mine = lecture.lecturer_id == person_id_of(request.user)
    context = {
        "lecture": lecture,
        "mine": mine,
        "may_arrange": mine or can(request.user, Action.CHANGE, lecture.lecturer),
        "questions": selectors.questions_of(lecture),
        "listener": person_id_of(request.user) is not None and not mine,
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
        "rating_form": RatingForm(),
        "own_rating": selectors.own_rating(request.user, lecture),
    }
    return render(request, "study/lectures/detail.html", context)


@require_http_methods(["GET", "POST"])
def lecture_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = selectors.lecture_get(request.user, pk)
    if lecture.lecturer_id != person_id_of(request.user) and not can(
        request.user, Action.CHANGE, lecture.lecturer
    ):
        raise PermissionDenied(services.ERRORS["no_right"])
    form = LectureForm(request.POST or None, instance=lecture)
    if request.method == "POST" and form.is_valid():
        try:
            services.lecture_update(actor=request.user, lecture=lecture, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:lecture-detail", pk=lecture.pk)
    return render(request, "study/lectures/form.html", {"form": form, "lecture": lecture})


def _post_back(request: HttpRequest, lecture, form, error: ValidationError | None = None):
    if error is not None:
        attach_errors(form, error)
    context = {"lecture": lecture, "form": form}
    return render(request, "study/lectures/form_error.html", context, status=400)


@require_POST
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = selectors.lecture_get(request.user, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _post_back(request, lecture, form)
    try:
        services.question_ask(actor=request.user, lecture=lecture, **form.cleaned_data)
    except ValidationError as error:
        return _post_back(request, lecture, form, error)
    return redirect("study:lecture-detail", pk=lecture.pk)


@require_POST
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        if question.lecture.lecturer_id != person_id_of(request.user):
            raise PermissionDenied(services.ERRORS["not_lecturer"])
        return _post_back(request, question.lecture, form)
    try:
        services.question_answer(actor=request.user, question=question, **form.cleaned_data)
    except ValidationError as error:
        return _post_back(request, question.lecture, form, error)
    return redirect("study:lecture-detail", pk=question.lecture_id)


@require_POST
def lecture_rate(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = selectors.lecture_get(request.user, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _post_back(request, lecture, form)
    try:
        services.lecture_rate(actor=request.user, lecture=lecture, **form.cleaned_data)
    except ValidationError as error:
        return _post_back(request, lecture, form, error)
    return redirect("study:lecture-detail", pk=lecture.pk)


@require_safe
def lecture_report(request: HttpRequest) -> HttpResponse:
    """干部讲课制度: who of the cadres in reach has lectured this year, who has not."""
    if not _sees_orgs(request.user):
        raise PermissionDenied
    roots = org_selectors.org_roots(request.user)
    value = request.GET.get("org", "")
    if value:
        pk = whole_number(value)
        if pk is None:
            raise Http404("bad id")
        org = org_selectors.org_get(request.user, pk)
    else:
        org = roots[0]
    year = timezone.localdate().year
    rows = selectors.lecture_report(request.user, org, year)
    page = Paginator(rows, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "year": year,
        "page": page,
        "missing": sum(1 for row in rows if not row.meets_rule),
        "cadres": len(rows),
        "rule": rules.LECTURES_PER_YEAR,
    }
    return render(request, "study/lectures/report.html", context)
