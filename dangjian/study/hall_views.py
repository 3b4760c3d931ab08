"""Pages of the 干训讲堂 (online learning hall): the catalogue with search, a material with
its reading record and suggestions (留言), publishing, moderation and per-unit statistics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, may
from dangjian.study import hall_selectors as selectors
from dangjian.study import hall_services as services
from dangjian.study import rules
from dangjian.study.hall_forms import (
    FilterForm,
    MaterialForm,
    ModerateForm,
    ProgressForm,
    SuggestionForm,
)
from dangjian.study.models import Material


@require_safe
def hall_list(request: HttpRequest) -> HttpResponse:
    """干训讲堂 — the catalogue: search, category, year."""
    form = FilterForm(request.GET or None, categories=selectors.categories())
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.MaterialFilters(
        query=data.get("q") or "",
        category=data["category"].pk if data.get("category") else None,
        year=data.get("year"),
    )
    materials = selectors.material_list(request.user, filters)
    page = Paginator(materials, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "may_publish": may(request.user, Action.CHANGE),
        "may_stats": may(request.user, Action.REVIEW) or may(request.user, Action.CHANGE),
    }
    return render(request, "study/hall/material_list.html", context)


def _material_form(request: HttpRequest, material: Material | None) -> MaterialForm:
    initial = {"year": timezone.localdate().year}
    if material is not None:
        initial = {
            "org": material.org_id,
            "category": material.category_id,
            "year": material.year,
            "title": material.title,
            "summary": material.summary,
            "body": material.body,
            "publish": material.status == Material.Status.PUBLISHED,
        }
    return MaterialForm(
        request.POST or None,
        request.FILES or None,
        orgs=org_selectors.org_choices(request.user, Action.CHANGE),
        categories=selectors.categories(),
        initial=initial,
    )


def _save(request: HttpRequest, material: Material | None) -> HttpResponse:
    form = _material_form(request, material)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.material_save(
                actor=request.user,
                material=material,
                upload=data.pop("file") or None,
                **data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Material saved."))
            return redirect("study:hall-detail", pk=saved.pk)
    return render(request, "study/hall/material_form.html", {"form": form, "material": material})


@require_http_methods(["GET", "POST"])
def hall_new(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied
    return _save(request, None)


@require_http_methods(["GET", "POST"])
def hall_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_get(request.user, pk)
    if not selectors.may_change(request.user, material):
        raise PermissionDenied(services.ERRORS["no_right"])
    return _save(request, material)


@require_safe
def hall_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A material: opening it is recorded; the page reports time and the end (dangjian.js)."""
    material = selectors.material_get(request.user, pk)
    moderator = selectors.may_change(request.user, material)
    context = {
        "material": material,
        "read": services.material_open(actor=request.user, material=material),
        "suggestions": selectors.suggestions_for(request.user, material, moderator=moderator),
        "moderator": moderator,
        "form": SuggestionForm(),
        "beat_seconds": rules.HALL_BEAT_SECONDS,
        "may_stats": may(request.user, Action.REVIEW) or may(request.user, Action.CHANGE),
    }
    return render(request, "study/hall/material_detail.html", context)


@require_POST
def hall_progress(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_get(request.user, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.material_progress(
        actor=request.user,
        material=material,
        seconds=form.cleaned_data["seconds"] or 0,
        finished=form.cleaned_data["finished"],
    )
    return HttpResponse(status=204)


@require_safe
def hall_download(request: HttpRequest, pk: int) -> FileResponse:
    material = selectors.material_get(request.user, pk)
    try:
        handle = services.material_download(actor=request.user, material=material)
    except (Material.DoesNotExist, FileNotFoundError):
        raise Http404("no file") from None
    return FileResponse(handle, as_attachment=True, filename=material.file_name)


@require_POST
def hall_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_get(request.user, pk)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.suggestion_create(
                actor=request.user, material=material, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            attach_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    else:
        messages.success(request, _("Thank you. Your suggestion is shown once it is approved."))
    return redirect("study:hall-detail", pk=material.pk)


@require_POST
def hall_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get(request.user, pk)
    form = ModerateForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    try:
        services.suggestion_moderate(actor=request.user, suggestion=suggestion, decision=decision)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    if request.POST.get("back") == "queue":
        return redirect("study:hall-moderation")
    return redirect("study:hall-detail", pk=suggestion.material_id)


@require_safe
def hall_moderation(request: HttpRequest) -> HttpResponse:
    """The moderator's queue: every pending suggestion in reach, oldest first."""
    suggestions = selectors.pending_suggestions(request.user)
    page = Paginator(suggestions, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "study/hall/moderation.html", {"page": page})


def _stats_page(request: HttpRequest, material: Material | None) -> HttpResponse:
    selectors.require_stats(request.user)
    year = material.year if material else _year(request.GET.get("year"))
    units = selectors.unit_stats(request.user, year=year, material=material)
    page = Paginator(units, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    unit = laggards = None
    if request.GET.get("unit"):
        unit = selectors.unit_get(request.user, _int(request.GET["unit"]))
        laggards = selectors.not_finished(unit, year=year, material=material)[:200]
    context = {"material": material, "year": year, "page": page, "unit": unit, "laggards": laggards}
    return render(request, "study/hall/stats.html", context)


@require_safe
def hall_material_stats(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_stats(request.user)
    return _stats_page(request, selectors.material_get(request.user, pk))


@require_safe
def hall_stats(request: HttpRequest) -> HttpResponse:
    return _stats_page(request, None)


def _int(value: str) -> int:
    number = whole_number(value)
    if number is None:
        raise Http404("bad id")
    return number


def _year(value: str | None) -> int:
    if not value:
        return timezone.localdate().year
    year = _int(value)
    if not 2000 <= year <= 2100:
        raise Http404("bad year")
    return year
