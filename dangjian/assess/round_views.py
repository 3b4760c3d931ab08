"""Pages of rounds (考核轮次): the list, a new round, a round with its sheets by category
(start scoring, the filling job's progress, publish), and the ranking with grades."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.assess import round_rows
from dangjian.assess import round_selectors as selectors
from dangjian.assess import round_services as services
from dangjian.assess.models import AssessRound
from dangjian.assess.round_forms import RoundForm
from dangjian.lib.forms import attach_errors
from dangjian.orgs.scoping import Action, can

NOTHING_TO_ISSUE = gettext_lazy("You may not issue assessment rounds.")


@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.round_list(request.user)[:200])
    issuer = selectors.issuer_choices(request.user).exists()
    return render(request, "assess/round_list.html", {"rounds": rows, "issuer": issuer})


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    orgs = list(selectors.issuer_choices(request.user)[:200])
    if not orgs:
        raise PermissionDenied(NOTHING_TO_ISSUE)
    form = RoundForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next(org for org in orgs if org.pk == data["org"])
        try:
            row = services.round_create(
                actor=request.user,
                org=org,
                name=data["name"],
                period_kind=data["period_kind"],
                year=data["year"],
                number=data["number"],
                excellent_quota_percent=data["excellent_quota_percent"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Round created: start scoring when ready."))
            return redirect("assess:round-detail", pk=row.pk)
    return render(request, "assess/round_form.html", {"form": form})


@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    sheets = selectors.round_sheets(request.user, round_)
    manager = can(request.user, Action.CHANGE, round_)
    groups = selectors.by_category(sheets)
    for group in groups:
        group.html = round_rows.sheet_rows(group.sheets, manager=manager)
    context = {
        "round": round_,
        "groups": groups,
        "manager": manager,
        "job": selectors.latest_job(round_) if manager else None,
        "approved_all": all(s["status"] == "approved" for s in sheets),
    }
    return render(request, "assess/round_detail.html", context)


def _managed(request: HttpRequest, pk: int) -> AssessRound:
    round_ = selectors.round_get(request.user, pk)
    if not can(request.user, Action.CHANGE, round_):
        raise PermissionDenied(services.ERRORS["no_right"])
    return round_


@require_POST
def round_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start scoring (or fill the automatic items again): a background job."""
    round_ = _managed(request, pk)
    try:
        services.round_start(actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The automatic items are being filled."))
    return redirect("assess:round-detail", pk=round_.pk)


@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    try:
        services.round_publish(actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assess:round-detail", pk=round_.pk)
    messages.success(request, _("The round is published."))
    return redirect("assess:round-ranking", pk=round_.pk)


@require_safe
def round_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    groups = selectors.ranking(request.user, round_)
    for group in groups:
        group.html = round_rows.ranking_rows(group.sheets)
    context = {"round": round_, "groups": groups}
    return render(request, "assess/round_ranking.html", context)
