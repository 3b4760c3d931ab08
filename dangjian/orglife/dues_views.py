"""Pages of 党费: a member's own dues, a branch's yearly sheet, the owed list, the publication
to members (printable and .xlsx), the ledger export, base declaration, payments and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.excel import xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orglife import dues_selectors as selectors
from dangjian.orglife import dues_services as services
from dangjian.orglife import dues_sheets as sheets
from dangjian.orglife.dues_calc import parse_month
from dangjian.orglife.dues_forms import BaseForm, ImportForm, PaymentForm
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person
from dangjian.orgs.scoping import Action, may_at, person_id_of

YEARS_BACK = 10


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        raise Http404("year") from None
    if not today.year - YEARS_BACK <= year <= today.year + 1:
        raise Http404("year")
    return year


def _org(request: HttpRequest, pk: int, *, change: bool = False) -> Organization:
    """The organization if the user sees it (404 otherwise), and manages its dues when
    `change` (403 otherwise)."""
    org = org_selectors.org_get(request.user, pk)
    if change and not may_at(request.user, Action.CHANGE, org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    return org


def _sheet_context(request: HttpRequest, org: Organization, **extra) -> dict:
    year = _year(request)
    today = timezone.localdate()
    rows = selectors.dues_sheet(request.user, org, year, today=today)
    return {
        "org": org,
        "year": year,
        "years": range(today.year - YEARS_BACK, today.year + 2),
        "rows": rows,
        "manager": may_at(request.user, Action.CHANGE, org.path),
        "paid_total": sum(row.paid_total for row in rows),
        "owed_total": sum(row.owed_total for row in rows),
    } | extra


@require_safe
def dues_home(request: HttpRequest) -> HttpResponse:
    """党费: the user's own dues this year, and the organizations whose sheets they may open."""
    chosen = whole_number(request.GET.get("org"))
    if chosen is not None:
        # The organization picker's answer (a plain GET form: no script needed to open it).
        return redirect("orglife:dues-org", _org(request, chosen).pk)
    today = timezone.localdate()
    own = None
    person_id = person_id_of(request.user)
    if person_id is not None:
        person = Person.objects.visible_to(request.user).select_related("primary_org")
        person = person.filter(pk=person_id).first()
        if person is not None:
            rows = selectors.dues_sheet(request.user, person.primary_org, today.year, today=today)
            own = next((row for row in rows if row.person.pk == person.pk), None)
    orgs = org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[:500]
    return render(request, "orglife/dues/home.html", {"own": own, "orgs": orgs, "year": today.year})


@require_safe
def dues_org(request: HttpRequest, pk: int) -> HttpResponse:
    """A branch's yearly sheet: each member's months (paid, owed, in advance)."""
    org = _org(request, pk)
    return render(request, "orglife/dues/sheet.html", _sheet_context(request, org))


@require_safe
def dues_owed(request: HttpRequest, pk: int) -> HttpResponse:
    """欠缴名单: the members with months due and unpaid, up to the current month."""
    org = _org(request, pk)
    context = _sheet_context(request, org)
    context["rows"] = selectors.owed_rows(context["rows"])
    return render(request, "orglife/dues/owed.html", context)


@require_safe
def dues_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """党费收缴公示: every member's payments of the year, for the branch's members (a printable
    page, or .xlsx with ?format=xlsx)."""
    org = _org(request, pk)
    year = _year(request)
    rows = selectors.dues_sheet(request.user, org, year, today=timezone.localdate(), everyone=True)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(sheets.publication_bytes(org, year, rows), f"党费公示-{year}.xlsx")
    context = {
        "org": org,
        "year": year,
        "rows": rows,
        "paid_total": sum(row.paid_total for row in rows),
        "printed_on": timezone.localdate(),
    }
    return render(request, "orglife/dues/publication.html", context)


@require_safe
def dues_ledger_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """党费台账 (.xlsx): the sheet's members, one line per member and month."""
    org = _org(request, pk)
    year = _year(request)
    rows = selectors.dues_sheet(request.user, org, year, today=timezone.localdate())
    return xlsx_response(sheets.ledger_bytes(org, year, rows), f"党费台账-{year}.xlsx")


def _members(org: Organization):
    return selectors.branch_members(org).order_by("name", "pk")


@require_http_methods(["GET", "POST"])
def dues_base(request: HttpRequest, pk: int) -> HttpResponse:
    """党费基数申报: a member's monthly income base from a month on."""
    org = _org(request, pk, change=True)
    initial = {"effective_from": f"{timezone.localdate():%Y-%m}"}
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = BaseForm(request.POST or None, members=_members(org), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.base_declare(actor=request.user, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Dues base saved."))
            return redirect("orglife:dues-org", pk=org.pk)
    return render(request, "orglife/dues/form.html", {"org": org, "form": form, "kind": "base"})


@require_http_methods(["GET", "POST"])
def dues_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """党费收缴: record a member's payment for one month or several (in advance)."""
    org = _org(request, pk, change=True)
    today = timezone.localdate()
    initial = {"month": f"{today:%Y-%m}", "paid_on": today, "months": 1}
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
    if request.GET.get("month"):
        initial["month"] = request.GET["month"]
    form = PaymentForm(request.POST or None, members=_members(org), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.payment_record(actor=request.user, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Payment recorded for %(count)s month(s).") % {"count": len(rows)}
            )
            return redirect("orglife:dues-org", pk=org.pk)
    return render(request, "orglife/dues/form.html", {"org": org, "form": form, "kind": "pay"})


@require_http_methods(["GET", "POST"])
def dues_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the income bases from .xlsx (?template=1: the empty template)."""
    org = _org(request, pk, change=True)
    if request.method == "GET" and request.GET.get("template"):
        return xlsx_response(sheets.template_bytes(), "党费基数模板.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            problems = [_("The file is larger than 20 MB.")]
        else:
            try:
                count = sheets.bases_import(actor=request.user, org=org, content=upload.read())
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("%(count)s dues bases imported.") % {"count": count})
                return redirect("orglife:dues-org", pk=org.pk)
    return render(
        request, "orglife/dues/import.html", {"org": org, "form": form, "problems": problems}
    )


@require_safe
def dues_person(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's declarations and payments (the member themselves, or their organization)."""
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("primary_org"), pk=pk
    )
    bases, payments = selectors.person_history(person)
    context = {
        "person": person,
        "bases": bases,
        "payments": payments,
        "manager": may_at(request.user, Action.CHANGE, person.primary_org.path),
    }
    return render(request, "orglife/dues/person.html", context)


@require_safe
def dues_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """党费收缴情况: per organization of the subtree, the month's members, paid, on time, owing."""
    org = _org(request, pk)
    today = timezone.localdate()
    month = parse_month(request.GET.get("month")) or today.replace(day=1)
    rows = selectors.dues_summary(request.user, org, month)
    totals = selectors.BranchMonth(
        org=org,
        members=sum(row.members for row in rows),
        expected=sum(row.expected for row in rows),
        paid=sum(row.paid for row in rows),
        on_time=sum(row.on_time for row in rows),
    )
    context = {"org": org, "month": month, "rows": rows, "totals": totals}
    return render(request, "orglife/dues/summary.html", context)
