"""Pages of appeals (申诉): the list, a new appeal of a published sheet, one appeal with its
decision (the level above decides)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess import round_appeal_services as services
from dangjian.assess import round_selectors as selectors
from dangjian.assess.models import Appeal
from dangjian.assess.round_forms import AppealForm, DecideForm
from dangjian.assess.round_sheet_services import may_approve
from dangjian.lib.forms import attach_errors


@require_safe
def appeal_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.appeal_list(request.user)[:200])
    return render(request, "assess/round_appeals.html", {"appeals": rows})


@require_http_methods(["GET", "POST"])
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get(request.user, pk)
    if not services.may_file(request.user, sheet):
        raise PermissionDenied(services.ERRORS["no_right_submit"])
    items = [line.item for line in selectors.sheet_lines(sheet) if line.is_leaf]
    form = AppealForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["item"]), None)
        try:
            appeal = services.appeal_submit(
                actor=request.user, sheet=sheet, text=data["text"], item=item
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Appeal submitted."))
            return redirect("assess:round-appeal", pk=appeal.pk)
    return render(request, "assess/round_appeal_form.html", {"sheet": sheet, "form": form})


@require_http_methods(["GET", "POST"])
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_get(request.user, pk)
    decider = services.may_decide(request.user, appeal)
    form = (
        DecideForm(request.POST or None)
        if decider and appeal.status == Appeal.Status.PENDING
        else None
    )
    if request.method == "POST":
        if not may_approve(request.user, appeal.sheet):
            raise PermissionDenied(services.ERRORS["no_right_decide"])
        if not decider:
            raise PermissionDenied(services.ERRORS["own_appeal"])
        if form is None:
            raise PermissionDenied(services.ERRORS["decided"])
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.appeal_decide(
                    actor=request.user,
                    appeal=appeal,
                    status=data["status"],
                    decision=data["decision"],
                    points=data["points"] or None,
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Decision saved."))
                return redirect("assess:round-appeal", pk=appeal.pk)
    return render(request, "assess/round_appeal.html", {"appeal": appeal, "form": form})
