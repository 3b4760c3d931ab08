"""Pages of study plans (学习计划) and their readings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.orgs.scoping import Action, can, may
from dangjian.study import plan_services, rules, selectors
from dangjian.study.models import Reading
from dangjian.study.plan_forms import PlanForm, ReadingForm


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.plans_visible(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "may_create": may(request.user, Action.CHANGE)}
    return render(request, "study/plan_list.html", context)


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied
    initial = {"year": timezone.localdate().year}
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = plan_services.plan_create(
                actor=request.user, org=data.pop("org"), year=data.pop("year"), **data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:plan-detail", pk=plan.pk)
    return render(request, "study/plan_form.html", {"form": form, "plan": None})


@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    context = {
        "plan": plan,
        "readings": selectors.plan_readings(plan).order_by("month", "pk"),
        "may_change": can(request.user, Action.CHANGE, plan),
    }
    return render(request, "study/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if not can(request.user, Action.CHANGE, plan):
        raise PermissionDenied(plan_services.ERRORS["no_change_right"])
    form = PlanForm(request.POST or None, instance=plan, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:plan-detail", pk=plan.pk)
    return render(request, "study/plan_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def reading_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if not can(request.user, Action.CHANGE, plan):
        raise PermissionDenied(plan_services.ERRORS["no_change_right"])
    form = ReadingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in plan_services.READING_FIELDS}
        try:
            plan_services.reading_create(actor=request.user, plan=plan, **fields)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:plan-detail", pk=plan.pk)
    return render(request, "study/reading_form.html", {"form": form, "plan": plan})


@require_safe
def reading_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reading = selectors.reading_get(request.user, pk)
    return render(request, "study/reading_detail.html", {"reading": reading})


@require_http_methods(["GET", "POST"])
def reading_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reading: Reading = selectors.reading_get(request.user, pk)
    plan = reading.plan
    if not can(request.user, Action.CHANGE, plan):
        raise PermissionDenied(plan_services.ERRORS["no_change_right"])
    form = ReadingForm(request.POST or None, request.FILES or None, instance=reading)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in plan_services.READING_FIELDS}
        try:
            plan_services.reading_update(actor=request.user, reading=reading, **fields)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:plan-detail", pk=plan.pk)
    return render(request, "study/reading_form.html", {"form": form, "plan": plan})
