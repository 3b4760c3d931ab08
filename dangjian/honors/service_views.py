"""Pages of 党员百时奉献 records: my service (progress bar and list, on a phone), report
service, a record (verify/reject, withdraw, evidence photo), the verification queue and the
per-organization attainment page. Thin: the selectors read, the services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.honors import rules_service as rules
from dangjian.honors import service_selectors as selectors
from dangjian.honors import service_services as services
from dangjian.honors.service_forms import ReportForm, VerifyForm
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id, whole_number
from dangjian.orgs.scoping import Action, may_at

YEAR_MIN = 2000


def _year(request: HttpRequest) -> int:
    """?year=YYYY (this year when absent); anything else is a 404."""
    today = services.local_today()
    text = request.GET.get("year")
    if not text:
        return today.year
    year = whole_number(text)
    if year is None or not YEAR_MIN <= year <= today.year + 1:
        raise Http404("no such year")
    return year


def _years(today_year: int) -> list[int]:
    return list(range(today_year, today_year - 5, -1))


@require_safe
def service_mine(request: HttpRequest) -> HttpResponse:
    """我的奉献 — the member's year: progress against the target and pace, records."""
    year = _year(request)
    today = services.local_today()
    person = selectors.member_of(request.user)
    context = {"year": year, "years": _years(today.year), "person": person}
    if person is not None:
        context["progress"] = selectors.progress_of(person, year, today)
        context["records"] = list(
            selectors.own_records(person, year).select_related("source_activity")
        )
        context["target"] = rules.TARGET_HOURS
    return render(request, "honors/service/mine.html", context)


@require_http_methods(["GET", "POST"])
def service_report(request: HttpRequest) -> HttpResponse:
    services.reporter(request.user)  # 403 with the reason for anyone who is no member
    form = ReportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_report(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("%(hours)s hours reported; they count once verified.") % {"hours": record.hours},
            )
            return redirect("honors:service-mine")
    return render(request, "honors/service/report.html", {"form": form})


def _reviewer(request: HttpRequest, record) -> bool:
    own = record.person.user_id == request.user.pk
    return not own and may_at(request.user, Action.CHANGE, record.org.path)


@require_safe
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get(request.user, pk)
    context = {
        "record": record,
        "reviewer": _reviewer(request, record),
        "own": record.person.user_id == request.user.pk,
        "form": VerifyForm(status=record.status),
    }
    return render(request, "honors/service/detail.html", context)


@require_http_methods(["GET", "POST"])
def service_verify(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get(request.user, pk)
    if not _reviewer(request, record):
        own = record.person.user_id == request.user.pk
        raise PermissionDenied(services.ERRORS["own_record" if own else "no_right"])
    form = VerifyForm(request.POST or None, status=record.status)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_verify(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("honors:service-queue")
    context = {"record": record, "reviewer": True, "own": False, "form": form}
    return render(request, "honors/service/detail.html", context)


@require_http_methods(["GET", "POST"])
def service_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_get(request.user, pk)
    if record.person.user_id != request.user.pk:
        raise PermissionDenied(services.ERRORS["not_yours"])
    problem = ""
    if request.method == "POST":
        try:
            services.record_withdraw(actor=request.user, record=record)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("The report was withdrawn."))
            return redirect("honors:service-mine")
    return render(request, "honors/service/withdraw.html", {"record": record, "problem": problem})


@require_safe
def service_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The record's evidence photo (?size=thumbnail for the small one), for those who see
    the record."""
    record = selectors.record_get(request.user, pk)
    file = record.evidence_thumbnail if request.GET.get("size") == "thumbnail" else record.evidence
    if not file:
        raise Http404("no evidence photo")
    kind = "image/png" if file.name.endswith(".png") else "image/jpeg"
    response = FileResponse(file.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
def service_queue(request: HttpRequest) -> HttpResponse:
    """待核实 — pending records the user may verify, oldest first."""
    if not selectors.reads_subtrees(request.user):
        raise PermissionDenied(services.ERRORS["no_right"])
    page = Paginator(selectors.queue(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "honors/service/queue.html", {"page": page})


@require_safe
def service_progress(request: HttpRequest) -> HttpResponse:
    """百时奉献进度 — an organization's members this year: each member's row (paginated),
    the totals, and each sub-organization's totals (drill down)."""
    if not selectors.reads_subtrees(request.user):
        raise PermissionDenied(_("This page is for secretaries and the department."))
    year = _year(request)
    today = services.local_today()
    org_pk = query_id(request.GET.get("org"))
    if request.GET.get("org") and org_pk is None:
        raise Http404("no such organization")
    org = selectors.org_get(request.user, org_pk) if org_pk else selectors.default_org(request.user)
    if org is None:
        raise Http404("no organization in reach")
    members = selectors.with_hours(selectors.members_in(request.user, org), year)
    page = Paginator(members, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [selectors.progress_row(person, year, today) for person in page]
    context = {
        "org": org,
        "year": year,
        "years": _years(today.year),
        "page": page,
        "rows": rows,
        "summary": selectors.attainment(request.user, org, year, today),
        "target": rules.TARGET_HOURS,
        # The level above, when it is in the user's reach too.
        "up": org.parent_id is not None
        and may_at(request.user, Action.VIEW, _parent_path(org.path)),
    }
    return render(request, "honors/service/progress.html", context)


def _parent_path(path: str) -> str:
    return path[: path.rstrip("/").rfind("/") + 1]
