"""Pages of report-style progress (报账式推进): an item with its history, the report form, the
plan owner's close / return / deadline forms, the overdue and due-soon lists per organization
subtree, and the items one is responsible for."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, scope_prefixes
from dangjian.work import progress_selectors as selectors
from dangjian.work import progress_services as services
from dangjian.work import rules_progress as rules
from dangjian.work import tracking
from dangjian.work.models.tracking import TrackedStatus
from dangjian.work.progress_forms import DeadlineForm, NoteForm, ReportForm

LIST_TITLES = {
    selectors.OVERDUE: gettext_lazy("Overdue items"),
    selectors.DUE_SOON: gettext_lazy("Items due soon"),
    selectors.OPEN: gettext_lazy("Open items"),
    selectors.CLOSED: gettext_lazy("Closed items"),
}

SORT_LABELS = {
    "deadline": gettext_lazy("Earliest deadline first"),
    "-deadline": gettext_lazy("Latest deadline first"),
    "org": gettext_lazy("By organization"),
    "title": gettext_lazy("By item"),
}


def _subtree_choices(user) -> list:
    """The organizations the picker offers: those whose whole subtree the user reaches (a
    member reaches none, and sees only their own items)."""
    if not user.is_superuser:
        prefixes = scope_prefixes(user, Action.VIEW)
        if not prefixes:
            return []
    choices = org_selectors.org_choices(user, Action.VIEW).order_by("path")
    if not user.is_superuser:
        within = Q(pk__in=[])
        for prefix in prefixes:
            within |= Q(path__startswith=prefix)
        choices = choices.filter(within)
    return list(choices[:500])


def _list(request: HttpRequest, status: str) -> HttpResponse:
    org = selectors.list_org(request.user, query_id(request.GET.get("org")))
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    sort = sort if sort in selectors.SORTS else selectors.DEFAULT_SORT
    today = tracking.local_today()
    items = selectors.items_visible(request.user, org=org, status=status, today=today, sort=sort)
    page = Paginator(items, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_days_overdue(list(page.object_list), today)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    context = {
        "title": LIST_TITLES[status],
        "status": status,
        "statuses": LIST_TITLES.items(),
        "page": page,
        "org": org,
        "sort": sort,
        "sorts": SORT_LABELS.items(),
        "orgs": _subtree_choices(request.user),
        "base_query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "today": today,
    }
    return render(request, "work/progress_list.html", context)


@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    """Items in reach by status (?status=overdue|due_soon|open|closed), over ?org's subtree."""
    status = request.GET.get("status", selectors.OPEN)
    if status not in selectors.STATUSES:
        raise Http404("no such status")
    return _list(request, status)


@require_safe
def item_overdue(request: HttpRequest) -> HttpResponse:
    """逾期事项 — open items whose deadline has passed (local date), with days overdue."""
    return _list(request, selectors.OVERDUE)


@require_safe
def item_due_soon(request: HttpRequest) -> HttpResponse:
    """临期事项 — open items due within the reminder lead time."""
    return _list(request, selectors.DUE_SOON)


@require_safe
def item_mine(request: HttpRequest) -> HttpResponse:
    """我的工作事项 — the items the user is responsible for."""
    today = tracking.local_today()
    page = Paginator(selectors.my_items(request.user, today), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_days_overdue(list(page.object_list), today)
    return render(request, "work/progress_mine.html", {"page": page})


@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    today = tracking.local_today()
    context = {
        "item": item,
        "history": selectors.history_of(item),
        "overdue": tracking.is_overdue(item, today),
        "days_overdue": tracking.days_overdue(item, today),
        "may_report": item.status == TrackedStatus.OPEN and services.may_report(request.user, item),
        "may_verify": services.may_verify(request.user, item),
        "reported": item.status == TrackedStatus.REPORTED,
        "closed": item.status == TrackedStatus.CLOSED,
    }
    return render(request, "work/progress_detail.html", context)


@require_http_methods(["GET", "POST"])
def item_report(request: HttpRequest, pk: int) -> HttpResponse:
    """报账 — the report form; on a phone one column, the explanation shown when needed."""
    item = selectors.item_get(request.user, pk)
    if not services.may_report(request.user, item):
        raise PermissionDenied(services.ERRORS["no_report_right"])
    history = selectors.history_of(item)
    form = ReportForm(request.POST or None, request.FILES or None, milestones=history.milestones)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_report(actor=request.user, item=item, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Report recorded."))
            return redirect("work:item-detail", pk=item.pk)
    blocked = {
        TrackedStatus.CLOSED: tracking.ERRORS["closed"],
        TrackedStatus.REPORTED: tracking.ERRORS["awaiting"],
    }.get(item.status)
    context = {
        "item": item,
        "form": form,
        "blocked": blocked,
        "overdue": tracking.is_overdue(item),
        "explain_always": tracking.is_overdue(item),
    }
    return render(request, "work/progress_report.html", context)


def _verifier_page(request: HttpRequest, pk: int, error: str, form_class):
    item = selectors.item_get(request.user, pk)
    if not services.may_verify(request.user, item):
        raise PermissionDenied(services.ERRORS[error] % {"org": item.plan.org.name})
    return item, form_class(request.POST or None)


def _verification(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Close (注销) or return: the plan owner decides on an item reported done, with a note."""
    service, error, done = {
        "close": (services.item_close, "no_close_right", _("Item closed.")),
        "return": (services.item_return, "no_return_right", _("Report returned to the owner.")),
    }[action]
    item, form = _verifier_page(request, pk, error, NoteForm)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, item=item, note=form.cleaned_data["note"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("work:item-detail", pk=item.pk)
    context = {"item": item, "form": form, "action": action}
    return render(request, "work/progress_verify.html", context)


@require_http_methods(["GET", "POST"])
def item_close(request: HttpRequest, pk: int) -> HttpResponse:
    """注销 — the plan owner verifies an item reported done."""
    return _verification(request, pk, "close")


@require_http_methods(["GET", "POST"])
def item_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Verification refused: the item goes back to its owner with a note."""
    return _verification(request, pk, "return")


@require_http_methods(["GET", "POST"])
def item_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan owner moves the deadline, with a reason."""
    item, form = _verifier_page(request, pk, "no_deadline_right", DeadlineForm)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_deadline_change(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Deadline moved."))
            return redirect("work:item-detail", pk=item.pk)
    context = {"item": item, "form": form, "action": "deadline"}
    return render(request, "work/progress_verify.html", context)
