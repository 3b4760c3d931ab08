"""Pages of the rectification ledger (整改台账): the ledger, listing a problem, a row with its
report form, the issuing level's acceptance, taking in a seminar's problems, the .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.excel import xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id, whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person, path_ids
from dangjian.orgs.scoping import Action, may, may_at
from dangjian.work import rect_selectors as selectors
from dangjian.work import rect_services as services
from dangjian.work import rect_take_in as take_in
from dangjian.work import rules_rect as rules
from dangjian.work import tracking
from dangjian.work.models import ProblemSource
from dangjian.work.models.tracking import TrackedStatus
from dangjian.work.rect_export import ledger_bytes
from dangjian.work.rect_forms import AcceptForm, RectForm, ReportForm

CHOICES_LIMIT = 500
PEOPLE_LIMIT = 1000
NO_CHANGE = _("You may not list rectifications: your account changes no organization's records.")


def _filters(request: HttpRequest) -> selectors.RectFilters:
    org_pk = query_id(request.GET.get("org"))
    under = org_selectors.org_get(request.user, org_pk) if org_pk else None
    source = request.GET.get("source", "")
    status = request.GET.get("status", "")
    year = whole_number(request.GET.get("year"))
    return selectors.RectFilters(
        under=under,
        source=source if source in ProblemSource.values else "",
        status=status if status in selectors.STATUS_FILTERS else "",
        year=year if year and 2000 <= year <= 2100 else None,
    )


def _query(filters: selectors.RectFilters) -> str:
    from urllib.parse import urlencode

    values = {
        "org": filters.under.pk if filters.under else "",
        "source": filters.source,
        "status": filters.status,
        "year": filters.year or "",
    }
    return urlencode({name: value for name, value in values.items() if value})


@require_safe
def rect_list(request: HttpRequest) -> HttpResponse:
    """整改台账 — rows in reach, by organization (its subtree), source, status and year."""
    filters = _filters(request)
    today = tracking.local_today()
    page = Paginator(selectors.rect_list(request.user, filters, today), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    latest = selectors.latest_report_texts(rows)
    for rect in rows:
        rect.overdue_days = tracking.days_overdue(rect, today)
        rect.latest = latest.get(rect.pk)
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": _query(filters),
        "sources": ProblemSource.choices,
        "statuses": _status_choices(),
        "orgs": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[
            :CHOICES_LIMIT
        ],
        "writer": may(request.user, Action.CHANGE),
    }
    return render(request, "work/rect_list.html", context)


def _status_choices() -> list[tuple[str, str]]:
    return [
        *TrackedStatus.choices,
        (selectors.OVERDUE, _("Overdue")),
        (selectors.DUE_SOON, _("Due soon")),
    ]


def _issuers(user, org: Organization) -> list[Organization]:
    """The organization and those above it whose records the user may change (the level that
    lists the problem), top first."""
    rows = (
        Organization.objects.unscoped("the organizations above one the user may change")
        .filter(pk__in=path_ids(org.path))
        .order_by("depth")
    )
    return [row for row in rows if may_at(user, Action.CHANGE, row.path)]


@require_http_methods(["GET", "POST"])
def rect_create(request: HttpRequest) -> HttpResponse:
    """List a problem: the organization rectifying first (GET ?org=), then the row."""
    orgs = list(
        org_selectors.org_choices(request.user, Action.CHANGE).order_by("path")[:CHOICES_LIMIT]
    )
    if not orgs:
        raise PermissionDenied(NO_CHANGE)
    source = request.POST if request.method == "POST" else request.GET
    by_pk = {org.pk: org for org in orgs}
    wanted = query_id(source.get("org"))
    org = by_pk.get(wanted) if wanted else orgs[0]
    issuers = _issuers(request.user, org) if org else []
    people = (
        list(
            Person.objects.visible_to(request.user, Action.VIEW)
            .filter(primary_org__path__startswith=org.path, is_active=True, exit_on__isnull=True)
            .only("pk", "name")
            .order_by("name", "pk")[:PEOPLE_LIMIT]
        )
        if org
        else []
    )
    today = tracking.local_today()
    form = RectForm(
        request.POST or None,
        initial={
            "issued_by": issuers[0].pk if issuers else None,
            "found_on": today,
            "source": request.GET.get("source") or ProblemSource.SELF_EXAMINATION,
        },
        issuers=issuers,
        people=people,
    )
    if request.method == "POST" and org is None:
        form.is_valid()
        form.add_error(None, _("Choose one of the organizations offered."))
    elif request.method == "POST" and form.is_valid():
        try:
            rect = services.rect_create(actor=request.user, org=org, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Rectification listed."))
            return redirect("work:rect-detail", pk=rect.pk)
    context = {"form": form, "orgs": orgs, "org": org}
    return render(request, "work/rect_form.html", context)


@require_http_methods(["GET", "POST"])
def rect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A row: problem, measures, deadline history, reports with evidence; the report form for
    the responsible person and those who may change the organization's records."""
    rect = selectors.rect_get(request.user, pk)
    reporter = services.may_report(request.user, rect)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not reporter:
            raise PermissionDenied(services.ERRORS["no_report"] % {"org": rect.org.name})
        if form.is_valid():
            try:
                services.rect_report(actor=request.user, rect=rect, **form.service_arguments())
            except ValidationError as error:
                attach_errors(form, error)
                if not hasattr(error, "error_dict"):
                    # A row that takes no report (closed, awaiting acceptance) shows no form:
                    # the refusal is said above the page instead.
                    messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Report recorded."))
                return redirect("work:rect-detail", pk=rect.pk)
    today = tracking.local_today()
    context = {
        "rect": rect,
        "form": form,
        "reporter": reporter and rect.status == TrackedStatus.OPEN,
        "acceptor": services.may_accept(request.user, rect)
        and rect.status == TrackedStatus.REPORTED,
        "overdue_days": tracking.days_overdue(rect, today),
        "reports": selectors.reports_of(rect),
        "changes": selectors.deadline_changes_of(rect),
    }
    return render(request, "work/rect_detail.html", context)


@require_http_methods(["GET", "POST"])
def rect_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """验收: the issuing level closes (销号) a row reported done, or returns it."""
    rect = selectors.rect_get(request.user, pk)
    if not services.may_accept(request.user, rect):
        raise PermissionDenied(services.ERRORS["no_accept"] % {"issuer": rect.issued_by.name})
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == AcceptForm.CLOSE:
                services.rect_close(actor=request.user, rect=rect, note=note)
                messages.success(request, _("Accepted and closed."))
            else:
                services.rect_return(actor=request.user, rect=rect, note=note)
                messages.success(request, _("Returned to the responsible person."))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("work:rect-detail", pk=rect.pk)
    context = {"rect": rect, "form": form, "reports": selectors.reports_of(rect)}
    return render(request, "work/rect_accept.html", context)


@require_http_methods(["GET", "POST"])
def rect_take_in(request: HttpRequest) -> HttpResponse:
    """A seminar's open problem rows into the ledger, with one action per seminar."""
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied(NO_CHANGE)
    if request.method == "POST":
        event = selectors.seminar_get(request.user, query_id(request.POST.get("event")) or 0)
        try:
            made = take_in.rect_take_in_seminar(actor=request.user, event=event)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if made:
                messages.success(
                    request,
                    _("%(count)s problems of “%(topic)s” taken into the ledger.")
                    % {"count": len(made), "topic": event.topic},
                )
            else:
                messages.info(
                    request,
                    _("Every open problem of “%(topic)s” is already in the ledger: nothing added.")
                    % {"topic": event.topic},
                )
        return redirect("work:rect-take-in")
    seminars = selectors.seminars_to_take_in(request.user)[:CHOICES_LIMIT]
    return render(request, "work/rect_take_in.html", {"seminars": seminars})


@require_safe
def rect_export(request: HttpRequest) -> HttpResponse:
    """The ledger, as filtered, in the government ledger layout (.xlsx)."""
    filters = _filters(request)
    today = tracking.local_today()
    rows = list(selectors.rect_list(request.user, filters, today))
    latest = selectors.latest_report_texts(rows)
    if filters.under is not None:
        name = filters.under.name
    else:
        top = org_selectors.org_queryset(request.user).order_by("depth", "path").first()
        name = top.name if top else ""
    content = ledger_bytes(name, rows, latest, today)
    return xlsx_response(content, f"{name}{_('Rectification ledger')} {today:%Y-%m-%d}.xlsx")
