"""Pages of 创先争优 monthly targets: my committee's month (the form, rows added with a button),
the supervision list of a month (committees with their status, filter late / missing), one
committee's month with its marks, the marking page, and a committee's history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess import rules_target as rules
from dangjian.assess import target_selectors as selectors
from dangjian.assess import target_services as services
from dangjian.assess.models import MonthlyTarget
from dangjian.assess.target_forms import ItemFormSet, MarkFormSet, item_rows
from dangjian.lib.http import query_id
from dangjian.orgs.scoping import Action

STATUS_LABELS = {
    selectors.ON_TIME: gettext_lazy("on time"),
    selectors.LATE: gettext_lazy("late"),
    selectors.MISSING: gettext_lazy("missing"),
    selectors.PENDING: gettext_lazy("not yet due"),
}
NO_COMMITTEE = gettext_lazy(
    "Monthly targets are written by the secretaries of grassroots Party committees; you hold "
    "no such right."
)
NO_SUBTREE = gettext_lazy(
    "The supervision list is for those who read organizations' subtrees (secretaries, "
    "inspectors, the department)."
)
PREFIX = "items"


def _month(request: HttpRequest):
    text = request.GET.get("month")
    if not text:
        return selectors.local_today().replace(day=1)
    month = selectors.parse_month(text)
    if month is None:
        raise Http404("bad month")
    return month


def _mine_url(org, month) -> str:
    return reverse("assess:target-mine") + f"?org={org.pk}&month={month:%Y-%m}"


def _formset(request: HttpRequest, target: MonthlyTarget | None):
    if request.method == "POST":
        data = request.POST.copy()
        if "add_row" in data:
            total = int(data.get(f"{PREFIX}-TOTAL_FORMS") or 0)
            data[f"{PREFIX}-TOTAL_FORMS"] = str(min(total + 1, rules.ITEMS_MAX))
        return ItemFormSet(data, prefix=PREFIX)
    rows = []
    if target is not None:
        rows = [{"goal": i.goal, "measures": i.measures} for i in selectors.items_of(target)]
    rows += [{}] * max(0, 3 - len(rows))
    return ItemFormSet(initial=rows, prefix=PREFIX)


@require_http_methods(["GET", "POST"])
def target_mine(request: HttpRequest) -> HttpResponse:
    """我的月度目标 — the committee's month: write, save as a draft, submit."""
    choices = selectors.committee_choices(request.user)
    if not choices:
        raise PermissionDenied(NO_COMMITTEE)
    pk = query_id(request.GET.get("org"))
    org = selectors.org_get(request.user, pk, Action.CHANGE) if pk else choices[0]
    month = _month(request)
    target = selectors.target_of(request.user, org, month)
    submitted = target is not None and target.status == MonthlyTarget.Status.SUBMITTED
    formset = _formset(request, target)
    errors: list[str] = []
    posted = request.method == "POST" and "add_row" not in request.POST and not submitted
    if posted and formset.is_valid():
        try:
            services.target_save(
                actor=request.user,
                org=org,
                month=month,
                items=item_rows(formset),
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            errors = error.messages
            # The refusals number the kept rows: show those rows, in that order.
            kept = item_rows(formset)
            formset = ItemFormSet(initial=kept + [{}] * max(1, 3 - len(kept)), prefix=PREFIX)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Targets submitted."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect(_mine_url(org, month))
    state, late = selectors.status_of(target, selectors.deadline_of(month), selectors.local_today())
    context = {
        "org": org,
        "orgs": choices,
        "month": month,
        "previous": selectors.add_months(month, -1),
        "next": selectors.add_months(month, 1),
        "deadline": selectors.deadline_of(month),
        "target": target,
        "items": selectors.items_of(target) if submitted else [],
        "submitted": submitted,
        "formset": formset,
        "errors": errors,
        "state": state,
        "state_label": STATUS_LABELS[state],
        "days_late": late,
        "items_max": rules.ITEMS_MAX,
    }
    return render(request, "assess/target_mine.html", context)


@require_safe
def target_supervision(request: HttpRequest) -> HttpResponse:
    """月度督查 — the committees of a subtree in a month, with their status and marks."""
    roots = selectors.subtree_roots(request.user)
    pk = query_id(request.GET.get("org"))
    if pk:
        org = selectors.org_get(request.user, pk)
    elif roots:
        org = roots[0]
    else:
        raise PermissionDenied(NO_SUBTREE)
    month = _month(request)
    status = request.GET.get("status", "")
    if status and status not in selectors.STATUSES:
        raise Http404("no such status")
    report = selectors.month_status(request.user, org, month)
    rows = report.having(status) if status else report.rows
    context = {
        "org": org,
        "roots": roots,
        "month": month,
        "previous": selectors.add_months(month, -1),
        "next": selectors.add_months(month, 1),
        "report": report,
        "rows": rows,
        "status": status,
        "statuses": [(key, STATUS_LABELS[key], report.counts[key]) for key in selectors.STATUSES],
        "labels": STATUS_LABELS,
    }
    return render(request, "assess/target_supervision.html", context)


@require_safe
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get(request.user, pk)
    state, late = selectors.status_of(target, target.deadline, selectors.local_today())
    context = {
        "target": target,
        "items": selectors.items_of(target),
        "state": state,
        "state_label": STATUS_LABELS[state],
        "days_late": late,
        "may_mark": target.status == MonthlyTarget.Status.SUBMITTED
        and services.may_mark(request.user, target.org),
        "may_write": services.may_write(request.user, target.org),
    }
    return render(request, "assess/target_detail.html", context)


@require_http_methods(["GET", "POST"])
def target_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """督查 — the supervisor marks every item at once (one service call per changed item)."""
    target = selectors.target_get(request.user, pk)
    if not services.may_mark(request.user, target.org):
        raise PermissionDenied(services.ERRORS["no_mark_right"] % {"org": target.org.name})
    items = selectors.items_of(target)
    initial = [{"mark": item.mark, "note": item.note} for item in items]
    formset = MarkFormSet(request.POST or None, initial=initial, prefix="marks")
    errors: list[str] = []
    if target.status != MonthlyTarget.Status.SUBMITTED:
        errors.append(str(services.ERRORS["not_submitted"]))
    elif request.method == "POST" and formset.is_valid():
        # All the marks or none: one refused item rolls back the others of the same form.
        with transaction.atomic():
            for item, form in zip(items, formset.forms, strict=False):
                mark, note = form.cleaned_data.get("mark", ""), form.cleaned_data.get("note", "")
                if not mark or (mark, note.strip()) == (item.mark, item.note):
                    continue
                try:
                    services.target_mark(
                        actor=request.user, target=target, item=item, mark=mark, note=note
                    )
                except ValidationError as error:
                    errors += [f"{item.position}. {message}" for message in error.messages]
            if errors:
                transaction.set_rollback(True)
        if not errors:
            messages.success(request, _("Marks saved."))
            return redirect("assess:target-detail", pk=target.pk)
    context = {
        "target": target,
        "rows": list(zip(items, formset.forms, strict=False)),
        "formset": formset,
        "errors": errors,
    }
    return render(request, "assess/target_mark.html", context)


@require_safe
def target_history(request: HttpRequest, org_pk: int) -> HttpResponse:
    """One committee's months, newest first."""
    org = selectors.org_get(request.user, org_pk)
    rows = selectors.history(request.user, org)
    context = {"org": org, "rows": rows, "labels": STATUS_LABELS}
    return render(request, "assess/target_history.html", context)
