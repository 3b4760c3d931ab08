"""Staff pages of 群众评议: the overview of points in sight, a unit's setup, its QR code
(PNG/SVG) and printable poster, code generation with printable slips and .xlsx/.csv, the
results of a unit and month, the moderation queue."""

from __future__ import annotations

import csv
import datetime
import functools
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.assess import eval_selectors as selectors
from dangjian.assess import eval_services as services
from dangjian.assess.eval_api import BAD_MONTH, parse_month
from dangjian.assess.eval_forms import CodesForm, ModerateForm, PointForm
from dangjian.assess.eval_qr import qr_png, qr_svg
from dangjian.lib.excel import workbook_bytes, xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.validators import mask_id_card


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


class BadMonth(Exception):
    """?period= is not a month: the page answers 400 naming the field."""


def _month(request: HttpRequest) -> datetime.date:
    text = request.GET.get("period", "")
    if not text:
        return _this_month()
    month = parse_month(text)
    if month is None:
        raise BadMonth
    return month


def _bad_month(request: HttpRequest) -> HttpResponse:
    context = {
        "status": 400,
        "heading": _("Please check the month"),
        "explanation": _("%(field)s (period): %(message)s")
        % {"field": _("Month"), "message": BAD_MONTH},
    }
    return render(request, "error.html", context, status=400)


def month_checked(view):
    """Answer 400 (the field named, the expected form given) for a bad ?period=."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadMonth:
            return _bad_month(request)

    return wrapped


def _managed_org(request: HttpRequest, pk: int) -> Organization:
    """An organization in sight (else 404) whose evaluation the user manages (else 403)."""
    org = org_selectors.org_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, org.path):
        raise PermissionDenied(services.ERRORS["no_right"] % {"org": org.name})
    return org


def _point(request: HttpRequest, org: Organization):
    point = selectors.point_of(request.user, org)
    if point is None:
        raise Http404("no evaluation point")
    return point


def public_url(request: HttpRequest, point) -> str:
    """The address the QR code and the poster carry: under DANGJIAN_SITE_URL when set (the
    site's public address, whatever host the staff member reached), else the request's host."""
    path = reverse("assess:eval-public", args=[point.public_key])
    site = (getattr(settings, "DANGJIAN_SITE_URL", "") or "").rstrip("/")
    return f"{site}{path}" if site else request.build_absolute_uri(path)


@require_safe
@month_checked
def overview(request: HttpRequest) -> HttpResponse:
    """The points in sight with this month's figures, and the units one may set one up for."""
    month = _month(request)
    points = list(selectors.points_in_sight(request.user, month)[:500])
    with_point = {point.org_id for point in points}
    choices = [
        org
        for org in org_selectors.org_choices(request.user, Action.CHANGE)
        .filter(is_active=True)
        .exclude(org_type="group")
        .order_by("path")[:300]
        if org.pk not in with_point
    ]
    context = {"points": points, "month": month, "choices": choices}
    return render(request, "assess/eval_overview.html", context)


@require_safe
def setup_start(request: HttpRequest) -> HttpResponse:
    """The overview's "set up" picker → the chosen unit's setup page."""
    text = request.GET.get("org", "")
    if not text.isdigit() or len(text) > 18:
        messages.error(request, _("Choose a unit to set up its evaluation point."))
        return redirect("assess:eval-overview")
    return redirect("assess:eval-setup", pk=int(text))


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, pk: int) -> HttpResponse:
    org = _managed_org(request, pk)
    point = selectors.point_of(request.user, org)
    initial = {"mode": "code", "is_open": True, "intro": ""}
    if point:
        initial = {"mode": point.mode, "is_open": point.is_open, "intro": point.intro}
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.point_save(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The evaluation point is saved."))
            return redirect("assess:eval-setup", pk=org.pk)
    context = {
        "org": org,
        "point": point,
        "form": form,
        "public_url": public_url(request, point) if point else "",
    }
    return render(request, "assess/eval_setup.html", context)


@require_safe
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code of the unit's public page: ?format=svg (default) or png."""
    org = org_selectors.org_get(request.user, pk)
    point = _point(request, org)
    url = public_url(request, point)
    kind = request.GET.get("format", "svg")
    if kind == "png":
        response = HttpResponse(qr_png(url), content_type="image/png")
    elif kind == "svg":
        response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    else:
        raise Http404("format is svg or png")
    response["Content-Disposition"] = f'inline; filename="evaluation-{org.code}.{kind}"'
    return response


@require_safe
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster: the unit, the QR code, how to take part."""
    org = org_selectors.org_get(request.user, pk)
    point = _point(request, org)
    url = public_url(request, point)
    context = {"org": org, "point": point, "url": url, "svg": qr_svg(url, scale=10, scalable=True)}
    return render(request, "assess/eval_poster.html", context)


@require_http_methods(["GET", "POST"])
@month_checked
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make codes for a month; the month's unused codes as printable slips with cut lines."""
    org = _managed_org(request, pk)
    month = _month(request)
    form = CodesForm(request.POST or None, initial={"count": 50, "period": month})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = services.evaluation_codes_create(
                actor=request.user, org=org, count=data["count"], period=data["period"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(count)s codes were made.") % {"count": len(rows)})
            url = reverse("assess:eval-codes", args=[org.pk])
            return redirect(f"{url}?period={data['period']:%Y-%m}")
    slips = [
        services.display_code(code)
        for code in selectors.unused_codes(org, month).values_list("code", flat=True)[
            : selectors.SLIPS_MAX
        ]
    ]
    point = selectors.point_of(request.user, org)
    context = {
        "org": org,
        "month": month,
        "form": form,
        "slips": slips,
        "point": point,
        "public_url": public_url(request, point) if point else "",
    }
    return render(request, "assess/eval_codes.html", context)


@require_safe
@month_checked
def codes_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The month's unused codes as .xlsx (default) or .csv (?format=csv)."""
    org = _managed_org(request, pk)
    month = _month(request)
    rows = [
        (services.display_code(code), f"{month:%Y-%m}", org.name)
        for code in selectors.unused_codes(org, month).values_list("code", flat=True)
    ]
    headers = [_("Code"), _("Month"), _("Unit")]
    name = f"evaluation-codes-{org.code}-{month:%Y-%m}"
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return xlsx_response(workbook_bytes(headers, rows, title=_("Codes")), f"{name}.xlsx")


@require_safe
@month_checked
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's month: counts and shares, each dimension, comments waiting, codes used."""
    org = org_selectors.org_get(request.user, pk)
    month = _month(request)
    report = selectors.unit_results(org, month)
    context = {
        "org": org,
        "month": month,
        "report": report,
        "point": selectors.point_of(request.user, org),
        "manages": may_at(request.user, Action.CHANGE, org.path),
    }
    return render(request, "assess/eval_results.html", context)


@require_safe
def moderation(request: HttpRequest) -> HttpResponse:
    """Comments waiting for moderation in the units the user manages."""
    queue = list(selectors.moderation_queue(request.user)[: selectors.MODERATION_PAGE])
    for row in queue:  # the contact whole only to who may see personal data at the unit
        personal = may_at(request.user, Action.EXPORT_PERSONAL, row.org.path)
        row.contact_shown = row.contact if personal else mask_id_card(row.contact)
    return render(request, "assess/eval_moderation.html", {"queue": queue})


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(request.user, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.ERRORS["decision"])
        return redirect("assess:eval-moderation")
    decision = form.cleaned_data["decision"]
    try:
        services.evaluation_moderate(actor=request.user, evaluation=evaluation, decision=decision)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if decision == "approve":
            messages.success(request, _("The comment is shown on the public page."))
        else:
            messages.success(request, _("The comment will not be shown."))
    return redirect("assess:eval-moderation")
