"""Pages of 民主评议党员: the rounds, one round (committee: everyone's progress and counts;
member: their own part), the self-assessment, the ratings, a grade, closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.orglife import reviews_selectors as selectors
from dangjian.orglife import reviews_services as services
from dangjian.orglife.models import ReviewEntry, ReviewRound
from dangjian.orglife.reviews_forms import GradeForm, RateForm, RoundForm, SelfForm
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import OrgType
from dangjian.orgs.scoping import Action, may, may_at


def _branches(user):
    return org_selectors.org_choices(user, Action.CHANGE).filter(org_type=OrgType.BRANCH)


@require_http_methods(["GET", "POST"])
def review_rounds(request: HttpRequest) -> HttpResponse:
    """民主评议党员: the rounds in reach; the committee opens a round."""
    manager = may(request.user, Action.CHANGE)
    form = RoundForm(request.POST or None, orgs=_branches(request.user).order_by("path"))
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(services.ERRORS["no_right"])
        if form.is_valid():
            try:
                round_ = services.round_open(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Review round opened."))
                return redirect("orglife:review-detail", pk=round_.pk)
    rounds = selectors.round_list(request.user)[:200]
    return render(
        request,
        "orglife/reviews/rounds.html",
        {"rounds": rounds, "form": form if manager else None},
    )


@require_safe
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    committee = may_at(request.user, Action.CHANGE, round_.org.path)
    context = {"round": round_, "committee": committee, "results": None}
    if committee:
        counts = selectors.mutual_counts(round_)
        context["rows"] = [
            (entry, counts.get(entry.person_id)) for entry in selectors.entries(round_)
        ]
    try:
        context["own"] = services.own_entry(request.user, round_)
    except PermissionDenied:
        context["own"] = None
    if round_.status == ReviewRound.Status.CLOSED or committee:
        context["results"] = selectors.results(round_)
    return render(request, "orglife/reviews/detail.html", context)


@require_http_methods(["GET", "POST"])
def review_self(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    entry = services.own_entry(request.user, round_)
    form = SelfForm(request.POST or None, initial={"text": entry.self_assessment})
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assess(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect("orglife:review-detail", pk=round_.pk)
    return render(
        request, "orglife/reviews/form.html", {"round": round_, "form": form, "kind": "self"}
    )


@require_http_methods(["GET", "POST"])
def review_rate(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    entry = services.own_entry(request.user, round_)
    others = [
        row.person
        for row in ReviewEntry.objects.unscoped("the members of the actor's own round")
        .filter(round=round_)
        .exclude(person_id=entry.person_id)
        .select_related("person")
        .order_by("person__name", "pk")
    ]
    initial = {f"grade_{k}": v for k, v in selectors.own_ratings(request.user, round_).items()}
    form = RateForm(request.POST or None, others=others, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate(actor=request.user, round_=round_, grades=form.grades())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your ratings are saved."))
            return redirect("orglife:review-detail", pk=round_.pk)
    return render(
        request, "orglife/reviews/form.html", {"round": round_, "form": form, "kind": "rate"}
    )


@require_http_methods(["GET", "POST"])
def review_grade(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, entry.round.org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    initial = {"grade": entry.grade, "reason": entry.grade_reason}
    form = GradeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_give(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Grade saved."))
            return redirect("orglife:review-detail", pk=entry.round_id)
    context = {"round": entry.round, "entry": entry, "form": form, "kind": "grade"}
    return render(request, "orglife/reviews/form.html", context)


@require_POST
def review_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    try:
        services.round_close(actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Review round closed."))
    return redirect("orglife:review-detail", pk=round_.pk)
