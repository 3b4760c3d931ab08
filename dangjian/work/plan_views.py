"""Pages of annual work plans: the list, a new plan (blank or copied), a plan with its items,
its heading's edit form, the workflow's steps and the approval queue. Items, milestones and
files are in plan_item_views, the schedule and its exports in plan_schedule_views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, may, may_at
from dangjian.work import plan_selectors as selectors
from dangjian.work import plan_services as services
from dangjian.work import rules_plan as rules
from dangjian.work import tracking
from dangjian.work.models import PlanStatus, WorkPlan
from dangjian.work.plan_forms import DecisionForm, PlanEditForm, PlanForm


def year_param(text: str | None) -> int | None:
    """A year from a query: absent → None; anything but a year of four digits → 404."""
    year = query_id(text)
    if year is not None and not rules.YEAR_MIN <= year <= 9999:
        raise Http404("bad year")
    return year


def rights(user, plan: WorkPlan) -> dict[str, bool]:
    """What the user may do to the plan, from their grants (no query)."""
    path = plan.org.path
    change = may_at(user, Action.CHANGE, path)
    editable = plan.status in services.EDITABLE
    return {
        "may_change": change,
        "may_edit": change and editable,
        "may_submit": change and editable,
        "may_decide": may_at(user, Action.APPROVE, path) and plan.status == PlanStatus.SUBMITTED,
        "may_publish": change and plan.status == PlanStatus.APPROVED,
    }


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    """年度工作计划 — plans in reach, by year, organization subtree and status."""
    org_pk = query_id(request.GET.get("org"))
    under = org_selectors.org_get(request.user, org_pk) if org_pk else None
    status = request.GET.get("status", "")
    filters = selectors.PlanFilters(
        year=year_param(request.GET.get("year")),
        under=under,
        status=status if status in PlanStatus.values else "",
    )
    page = Paginator(selectors.plan_list(request.user, filters), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "statuses": PlanStatus.choices,
        "may_create": may(request.user, Action.CHANGE),
        "may_approve": may(request.user, Action.APPROVE),
    }
    return render(request, "work/plan_list.html", context)


def _creatable_orgs(user) -> list:
    return list(
        org_selectors.org_choices(user, Action.CHANGE)
        .only("pk", "name", "path")
        .order_by("path")[:500]
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new plan: blank, or a copy of the organization's plan of the year before."""
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied(services.ERRORS["no_change_right"])
    orgs = _creatable_orgs(request.user)
    today = tracking.local_today()
    form = PlanForm(request.POST or None, orgs=orgs, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org, year = form.organization(), data["year"]
        try:
            if data["copy_last_year"]:
                source = selectors.last_year_plan(request.user, org, year)
                if source is None:
                    message = _("%(org)s has no plan for %(year)s to copy.") % {
                        "org": org.name,
                        "year": year - 1,
                    }
                    raise ValidationError({"copy_last_year": message})
                plan = services.plan_copy(
                    actor=request.user, source_plan=source, year=year, title=data["title"]
                )
            else:
                plan = services.plan_create(
                    actor=request.user,
                    org=org,
                    year=year,
                    title=data["title"],
                    summary=data["summary"],
                )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Plan created as a draft."))
            return redirect("work:plan-detail", pk=plan.pk)
    return render(request, "work/plan_form.html", {"form": form, "plan": None})


@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan: its items with their milestones, its files, status and the user's buttons."""
    plan = selectors.plan_get(request.user, pk)
    context = {
        "plan": plan,
        "items": selectors.plan_items(request.user, plan),
        "files": selectors.plan_attachments(request.user, plan),
        **rights(request.user, plan),
    }
    return render(request, "work/plan_detail.html", context)


def changeable_plan(request: HttpRequest, pk: int) -> WorkPlan:
    """A plan in reach (404 otherwise) the user may change (403 otherwise)."""
    plan = selectors.plan_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, plan.org.path):
        raise PermissionDenied(services.ERRORS["no_change_right"])
    return plan


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = changeable_plan(request, pk)
    initial = {"title": plan.title, "summary": plan.summary}
    form = PlanEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("work:plan-detail", pk=plan.pk)
    return render(request, "work/plan_form.html", {"form": form, "plan": plan})


STEPS: dict[str, tuple[str, Callable, bool]] = {
    # step: (the right it needs, the service, whether it takes a note)
    "submit": (Action.CHANGE, services.plan_submit, False),
    "approve": (Action.APPROVE, services.plan_approve, True),
    "return": (Action.APPROVE, services.plan_return, True),
    "publish": (Action.CHANGE, services.plan_publish, False),
}
STEP_TITLES = {
    "submit": gettext_lazy("Submit for approval"),
    "approve": gettext_lazy("Approve"),
    "return": gettext_lazy("Return for revision"),
    "publish": gettext_lazy("Publish"),
}
STEP_DONE = {
    "submit": gettext_lazy("Plan submitted for approval."),
    "approve": gettext_lazy("Plan approved."),
    "return": gettext_lazy("Plan returned for revision."),
    "publish": gettext_lazy("Plan published."),
}


def _step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One workflow step: GET asks to confirm (with a note for the level above), POST does it."""
    action, service, takes_note = STEPS[step]
    plan = selectors.plan_get(request.user, pk)
    if not may_at(request.user, action, plan.org.path):
        error = "no_approve_right" if action == Action.APPROVE else "no_change_right"
        raise PermissionDenied(services.ERRORS[error])
    form = DecisionForm(request.POST or None) if takes_note else None
    if request.method == "POST" and (form is None or form.is_valid()):
        arguments = {"note": form.cleaned_data["note"]} if form is not None else {}
        try:
            service(actor=request.user, plan=plan, **arguments)
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict") and "note" in error.error_dict:
                attach_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("work:plan-detail", pk=plan.pk)
        else:
            messages.success(request, str(STEP_DONE[step]))
            return redirect("work:plan-detail", pk=plan.pk)
    context = {"plan": plan, "form": form, "step": step, "step_title": STEP_TITLES[step]}
    return render(request, "work/plan_step.html", context)


@require_http_methods(["GET", "POST"])
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "submit")


@require_http_methods(["GET", "POST"])
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "approve")


@require_http_methods(["GET", "POST"])
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "return")


@require_http_methods(["GET", "POST"])
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "publish")


@require_safe
def approval_queue(request: HttpRequest) -> HttpResponse:
    """Plans awaiting the user's approval (the level above), oldest submission first."""
    if not may(request.user, Action.APPROVE):
        raise PermissionDenied(services.ERRORS["no_approve_right"])
    page = Paginator(selectors.approval_queue(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "work/plan_queue.html", {"page": page})
