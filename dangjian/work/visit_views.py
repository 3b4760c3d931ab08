"""Pages of village contact and visits (包村 / 下基层): the phone's quick visit form, the visit
log and a visit, the coverage report with its tree, and the contact assignments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id
from dangjian.orglife import dues_calc
from dangjian.orgs import rules as org_rules
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, can
from dangjian.work import rules_visit as rules
from dangjian.work import visit_selectors as selectors
from dangjian.work import visit_services as services
from dangjian.work.tracking import local_today
from dangjian.work.visit_forms import AssignmentForm, EndForm, UnitForm, VisitForm

PAGE_SIZE = org_rules.PAGE_SIZE
NOTHING_TO_RECORD = gettext_lazy(
    "You have no organization to record visits for: you are neither assigned to one as a "
    "contact cadre nor manage one."
)
NOTHING_TO_ASSIGN = gettext_lazy("You manage no grassroots organization to assign units to.")


def _month(text: str | None):
    """ "2026-11" → 2026-11-01; missing → None; a bad one is a 404 (as the meeting pages)."""
    if not text:
        return None
    month = dues_calc.parse_month(text)
    if month is None:
        raise Http404("bad month")
    return month


@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest) -> HttpResponse:
    """Quick entry on a phone: tap the organization, keep today's date, tap a purpose, save."""
    today = local_today()
    person = selectors.own_person(request.user)
    assigned = selectors.my_assigned_orgs(person, today)
    assigned_ids = {org.pk for org in assigned}
    others = [
        org
        for org in selectors.assignable_orgs(request.user)[: selectors.CHOICES_LIMIT]
        if org.pk not in assigned_ids
    ]
    if not assigned and not others:
        raise PermissionDenied(NOTHING_TO_RECORD)
    visitors = None
    if others:  # one who manages organizations records for the cadres as well
        visitors = [person] if person else []
        visitors += [p for p in selectors.visitor_choices(request.user, today) if p != person]
    form = VisitForm(
        request.POST or None,
        initial={
            "visited_on": today,
            "visitor": person.pk if person else None,
            # One contact village: already chosen, the cadre only taps a purpose and saves.
            "org": assigned[0].pk if len(assigned) == 1 else None,
        },
        assigned=assigned,
        others=others,
        visitors=visitors,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = {org.pk: org for org in [*assigned, *others]}[data["chosen_org"]]
        visitor = person
        if visitors is not None:
            visitor = next(p for p in visitors if p.pk == data["visitor"])
        try:
            visit = services.visit_record(
                actor=request.user,
                org=org,
                visitor=visitor,
                visited_on=data["visited_on"],
                purpose=data["purpose"],
                findings=data["findings"],
                solved=data["solved"],
                follow_ups=data["follow_ups"],
            )
        except ValidationError as error:
            org_field = "org" if org.pk in assigned_ids else "other_org"
            attach_errors(form, _renamed(error, {"purpose": "purpose_text", "org": org_field}))
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("work:visit-detail", pk=visit.pk)
    return render(request, "work/visit_record.html", {"form": form, "assigned": assigned})


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's field names as the form's (the purpose is typed in `purpose_text`)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    """走访记录 — visits in reach, by organization (its subtree), visitor and month."""
    org_pk = query_id(request.GET.get("org"))
    under = org_selectors.org_get(request.user, org_pk) if org_pk else None
    filters = selectors.VisitFilters(
        under=under,
        visitor_id=query_id(request.GET.get("visitor")),
        month=_month(request.GET.get("month")),
    )
    page = Paginator(selectors.visit_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "base_query": query.urlencode(),
        "orgs": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[
            : selectors.CHOICES_LIMIT
        ],
    }
    return render(request, "work/visit_list.html", context)


@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get(request.user, pk)
    context = {"visit": visit, "recorder": visit.recorded_by_id == request.user.pk}
    return render(request, "work/visit_detail.html", context)


@require_http_methods(["GET", "POST"])
def visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The recorder takes back a visit recorded by mistake (within rules.EDIT_DAYS days)."""
    visit = selectors.visit_get(request.user, pk)
    if request.method == "POST":
        services.visit_delete(actor=request.user, visit=visit)
        messages.success(request, _("Visit deleted."))
        return redirect("work:visit-list")
    if visit.recorded_by_id != request.user.pk:
        raise PermissionDenied(services.ERRORS["delete_not_recorder"] % {"days": rules.EDIT_DAYS})
    return render(request, "work/visit_delete.html", {"visit": visit})


@require_safe
def visit_coverage(request: HttpRequest) -> HttpResponse:
    """Coverage this month (or ?month=): the figures, who and what is below the rules, and
    the tree of visited / not visited grassroots organizations."""
    org = org_selectors.subtree_org(request.user, query_id(request.GET.get("org")))
    month = _month(request.GET.get("month")) or local_today().replace(day=1)
    report = selectors.coverage_report(org, month)
    context = {
        "org": org,
        "report": report,
        "share": None if report.share is None else round(100 * report.share, 1),
        "previous": dues_calc.add_months(report.month, -1),
        "next": dues_calc.add_months(report.month, 1),
        "per_cadre": rules.VISITS_PER_CADRE,
        # Once, not per organization: the tree holds hundreds of links in a county.
        "log_url": reverse("work:visit-list"),
        "month_text": f"{report.month:%Y-%m}",
        "parent_pk": org.parent_id if org.parent_id and _reaches(request, org.parent_id) else None,
    }
    return render(request, "work/visit_coverage.html", context)


def _reaches(request: HttpRequest, pk: int) -> bool:
    try:
        org_selectors.subtree_org(request.user, pk)
    except Http404:
        return False
    return True


@require_safe
def assignment_list(request: HttpRequest) -> HttpResponse:
    """包村联系 — who is paired with which grassroots organization (in force today, or all)."""
    org_pk = query_id(request.GET.get("org"))
    under = org_selectors.org_get(request.user, org_pk) if org_pk else None
    current = request.GET.get("all") != "1"
    rows = selectors.assignment_list(
        request.user, under=under, current=current, today=local_today()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "current": current,
        "under": under,
        "base_query": query.urlencode(),
        "manager": selectors.assignable_orgs(request.user).exists(),
    }
    return render(request, "work/visit_assignments.html", context)


@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    """Step one (GET ?unit=) picks the unit, step two its cadre, the organization and date."""
    orgs = list(selectors.assignable_orgs(request.user)[: selectors.CHOICES_LIMIT])
    if not orgs:
        raise PermissionDenied(NOTHING_TO_ASSIGN)
    units = list(selectors.unit_choices(request.user)[: selectors.CHOICES_LIMIT])
    source = request.POST if request.method == "POST" else request.GET
    wanted = query_id(source.get("unit"))
    unit: Organization | None = next((u for u in units if u.pk == wanted), None)
    cadres = []
    if unit is not None:
        cadres = list(selectors.cadre_choices(request.user, unit)[: selectors.CHOICES_LIMIT])
    form = AssignmentForm(
        request.POST or None,
        initial={"started_on": local_today()},
        orgs=orgs,
        cadres=cadres,
    )
    if request.method == "POST" and unit is None:
        form.is_valid()
        form.add_error(None, _("Choose one of the units offered."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next(o for o in orgs if o.pk == data["org"])
        cadre = next((p for p in cadres if p.pk == data["cadre"]), None)
        try:
            services.assignment_create(
                actor=request.user, org=org, unit=unit, cadre=cadre, started_on=data["started_on"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Contact assignment saved."))
            return redirect("work:visit-assignment-list")
    context = {
        "unit_form": UnitForm(initial={"unit": unit.pk if unit else None}, units=units),
        "form": form,
        "unit": unit,
    }
    return render(request, "work/visit_assignment_form.html", context)


@require_http_methods(["GET", "POST"])
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(request.user, pk)
    if not can(request.user, Action.CHANGE, assignment):
        raise PermissionDenied(services.ERRORS["no_right_assign"])
    form = EndForm(request.POST or None, initial={"ended_on": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(
                actor=request.user, assignment=assignment, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Contact assignment ended."))
            return redirect("work:visit-assignment-list")
    return render(
        request, "work/visit_assignment_end.html", {"assignment": assignment, "form": form}
    )
