"""Pages of department KPIs (业绩评价指标): the units in reach, a unit's board (cards on a
phone), a KPI with its trend chart, the value form, create/edit/deactivate, the .xlsx import
(and its template) and export. Thin: the selectors read, the services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess import kpi_selectors as selectors
from dangjian.assess import kpi_services as services
from dangjian.assess import kpi_sheet_services as sheets
from dangjian.assess import rules_kpi as rules
from dangjian.assess.kpi_forms import ImportForm, KpiForm, ValueForm
from dangjian.lib.excel import xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.indicators import Period
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, may_at


def _changeable(request: HttpRequest, org: Organization) -> None:
    if not may_at(request.user, Action.CHANGE, org.path):
        raise PermissionDenied(services.ERRORS["no_right"])


@require_safe
def kpi_units(request: HttpRequest) -> HttpResponse:
    """业绩评价 — the units in reach, each with its KPIs in use and this year's attainment."""
    today = services.local_today()
    page = Paginator(selectors.unit_queryset(request.user), org_rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.unit_rows(request.user, list(page), Period.year(today.year))
    return render(
        request, "assess/kpi_units.html", {"page": page, "rows": rows, "year": today.year}
    )


@require_safe
def kpi_board(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's KPIs: latest value against target, met or not (cards on a phone)."""
    org = selectors.unit_get(request.user, pk)
    inactive = request.GET.get("inactive") == "1"
    context = {
        "org": org,
        "rows": selectors.board(request.user, org, inactive=inactive),
        "inactive": inactive,
        "manager": may_at(request.user, Action.CHANGE, org.path),
    }
    return render(request, "assess/kpi_board.html", context)


@require_http_methods(["GET", "POST"])
def kpi_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.unit_get(request.user, pk)
    _changeable(request, org)
    items = selectors.rule_item_choices(request.user, org, services.local_today())
    form = KpiForm(request.POST or None, items=items, initial={"direction": "higher"})
    if request.method == "POST" and form.is_valid():
        try:
            kpi = services.kpi_create(actor=request.user, org=org, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Performance indicator added."))
            return redirect("assess:kpi-detail", pk=kpi.pk)
    return render(request, "assess/kpi_form.html", {"org": org, "form": form, "kpi": None})


@require_safe
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A KPI: its values in order with attainment, and the trend chart with the target line."""
    kpi = selectors.kpi_get(request.user, pk)
    points = selectors.series(kpi)
    chart = {
        "periods": [point.period for point in points],
        "values": [float(point.value.value) for point in points],
        "met": [point.met for point in points],
        "target": float(kpi.target),
        "unit": kpi.unit_of_measure,
        "target_label": _("Target"),
        "value_label": kpi.name,
    }
    context = {
        "kpi": kpi,
        "points": list(reversed(points)),
        "chart": chart,
        "manager": may_at(request.user, Action.CHANGE, kpi.org.path),
    }
    return render(request, "assess/kpi_detail.html", context)


@require_http_methods(["GET", "POST"])
def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = selectors.kpi_get(request.user, pk)
    _changeable(request, kpi.org)
    items = selectors.rule_item_choices(request.user, kpi.org, services.local_today())
    if kpi.rule_item is not None and kpi.rule_item not in items:
        items.insert(0, kpi.rule_item)
    initial = {
        "name": kpi.name,
        "unit_of_measure": kpi.unit_of_measure,
        "direction": kpi.direction,
        "target": kpi.target,
        "frequency": kpi.frequency,
        "rule_item": kpi.rule_item_id,
    }
    form = KpiForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_update(actor=request.user, kpi=kpi, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Performance indicator saved."))
            return redirect("assess:kpi-detail", pk=kpi.pk)
    return render(request, "assess/kpi_form.html", {"org": kpi.org, "form": form, "kpi": kpi})


@require_http_methods(["GET", "POST"])
def kpi_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = selectors.kpi_get(request.user, pk)
    _changeable(request, kpi.org)
    problem = ""
    if request.method == "POST":
        try:
            services.kpi_deactivate(actor=request.user, kpi=kpi)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("The indicator is out of use; its values are kept."))
            return redirect("assess:kpi-board", pk=kpi.org_id)
    return render(request, "assess/kpi_deactivate.html", {"kpi": kpi, "problem": problem})


@require_http_methods(["GET", "POST"])
def kpi_value(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter (or correct) one period's value: the period chosen from the latest ones."""
    kpi = selectors.kpi_get(request.user, pk)
    _changeable(request, kpi.org)
    today = services.local_today()
    initial = {"period": request.GET.get("period")} if request.GET.get("period") else {}
    form = ValueForm(request.POST or None, kpi=kpi, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.value_enter(
                actor=request.user,
                kpi=kpi,
                period_start=form.period_start(),
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                today=today,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Value saved."))
            return redirect("assess:kpi-detail", pk=kpi.pk)
    return render(request, "assess/kpi_value.html", {"kpi": kpi, "form": form})


@require_http_methods(["GET", "POST"])
def kpi_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import values from .xlsx (?template=1: the template with the unit's indicators)."""
    org = selectors.unit_get(request.user, pk)
    _changeable(request, org)
    if request.method == "GET" and request.GET.get("template"):
        return xlsx_response(sheets.template_bytes(org), f"{org.name}-业绩评价指标导入模板.xlsx")
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > rules.IMPORT_MAX_BYTES:
            problems = [
                _("The file is larger than %(size)s MB.")
                % {"size": rules.IMPORT_MAX_BYTES // 2**20}
            ]
        else:
            try:
                count = sheets.values_import(actor=request.user, org=org, content=upload.read())
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("%(count)s values imported.") % {"count": count})
                return redirect("assess:kpi-board", pk=org.pk)
    context = {"org": org, "form": form, "problems": problems}
    return render(request, "assess/kpi_import.html", context)


@require_safe
def kpi_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Every value of the unit's indicators as .xlsx (the import's columns first)."""
    org = selectors.unit_get(request.user, pk)
    return xlsx_response(sheets.export_bytes(org), f"{org.name}-业绩评价指标.xlsx")
