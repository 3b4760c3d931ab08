"""Pages of the organization tree, people, and their spreadsheets. Thin: load through a
selector (404 when out of reach), check the role (403), call one service, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.excel import xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.navigation import person_panels
from dangjian.orgs import exports, rules, selectors, services, spreadsheets
from dangjian.orgs import filters as filters_for
from dangjian.orgs.forms import (
    OrgForm,
    OrgMoveForm,
    PersonExitForm,
    PersonForm,
    PersonReinstateForm,
    SpreadsheetUploadForm,
    TransferForm,
)
from dangjian.orgs.models import ExportJob, ImportJob
from dangjian.orgs.scoping import Action, can, scope_prefixes

GET_POST = require_http_methods(["GET", "POST"])


def _require_change(request: HttpRequest, obj) -> None:
    if not can(request.user, Action.CHANGE, obj):
        raise PermissionDenied


def _require_any_change_scope(request: HttpRequest) -> None:
    if not (request.user.is_superuser or scope_prefixes(request.user, Action.CHANGE)):
        raise PermissionDenied


def _submit(request: HttpRequest, form, action, success: str, target: str) -> HttpResponse | None:
    """On a valid POST, pass the form's data to `action` (one service call): a redirect to
    `target` (the saved object's page) on success, None to re-render the form with errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = action(form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(target, pk=saved.pk)


def _render(request: HttpRequest, template: str, context: dict, partial: str = "") -> HttpResponse:
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context)
    response["Vary"] = "HX-Request"
    return response


# ---- organizations -----------------------------------------------------------------------


@require_safe
def org_list(request: HttpRequest) -> HttpResponse:
    form, filters = filters_for.org_filters(request.user, request.GET)
    searching = bool(filters.q or filters.category or filters.org_type or filters.under)
    context = {"form": form, "filters": filters, "searching": searching}
    if searching:
        page = Paginator(selectors.org_list(request.user, filters), rules.PAGE_SIZE)
        context["page"] = page.get_page(request.GET.get("page"))
    else:
        roots = list(selectors.org_roots(request.user))
        context["roots"] = roots
        # A single top organization opens by itself: its children are what the user wants.
        context["autoload_pk"] = roots[0].pk if len(roots) == 1 and roots[0].child_count else None
    return _render(request, "orgs/org_list.html", context, "results")


@require_safe
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.org_get(request.user, pk)
    children = selectors.org_children(request.user, org)
    return render(request, "orgs/org_list.html#tree-nodes", {"nodes": children})


@require_safe
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.org_get(request.user, pk)
    context = {
        "org": org,
        "children": selectors.org_children(request.user, org),
        "ancestors": selectors.org_queryset(request.user).filter(pk__in=org.ancestor_ids),
        "term_status": org.term_status(datetime.date.today()),
        "can_change": can(request.user, Action.CHANGE, org),
        "people_count": selectors.person_list(
            request.user, selectors.PersonFilters(under=org)
        ).count(),
    }
    return render(request, "orgs/org_detail.html", context)


@GET_POST
def org_create(request: HttpRequest) -> HttpResponse:
    if "parent" in request.GET or not request.user.is_superuser:
        parent = selectors.org_get(
            request.user, filters_for.parse_id(request.GET.get("parent", ""))
        )
        _require_change(request, parent)
    else:
        parent = None  # a new top-level organization: system administrators only
    form = OrgForm(request.POST or None, user=request.user)
    done = _submit(
        request,
        form,
        lambda data: services.org_create(actor=request.user, parent=parent, **data),
        _("Organization created."),
        "orgs:org-detail",
    )
    return done or render(request, "orgs/org_form.html", {"form": form, "parent": parent})


@GET_POST
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.org_get(request.user, pk)
    _require_change(request, org)
    was_active = org.is_active
    form = OrgForm(request.POST or None, instance=org, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and was_active
        and not form.cleaned_data.get("is_active")
        and "confirm_deactivate" not in request.POST
    ):
        # Deactivating hides things: say what, and ask once more before doing it.
        context = {
            "org": org,
            "effects": selectors.deactivation_effects(request.user, org),
            "posted": [(k, v) for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"],
        }
        return render(request, "orgs/org_confirm_deactivate.html", context)
    done = _submit(
        request,
        form,
        lambda data: services.org_update(actor=request.user, org=org, **data),
        _("Changes saved."),
        "orgs:org-detail",
    )
    return done or render(request, "orgs/org_form.html", {"form": form, "org": org})


@GET_POST
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.org_get(request.user, pk)
    _require_change(request, org)
    form = OrgMoveForm(request.POST or None, user=request.user)
    done = _submit(
        request,
        form,
        lambda data: services.org_move(actor=request.user, org=org, new_parent=data["new_parent"]),
        _("Organization moved."),
        "orgs:org-detail",
    )
    return done or render(request, "orgs/org_move.html", {"form": form, "org": org})


@require_safe
def org_terms(request: HttpRequest) -> HttpResponse:
    today = datetime.date.today()
    page = Paginator(selectors.terms_due(request.user, today), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(org, org.term_status(today)) for org in page]
    return render(request, "orgs/org_terms.html", {"rows": rows, "today": today, "page": page})


@require_POST
def org_export(request: HttpRequest) -> HttpResponse:
    return _export(request, ExportJob.Kind.ORGS)


@require_safe
def org_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(spreadsheets.template_bytes("orgs"), _("organizations-template") + ".xlsx")


# ---- people ------------------------------------------------------------------------------


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    form, filters = filters_for.person_filters(request.user, request.GET)
    page = Paginator(selectors.person_list(request.user, filters), rules.PAGE_SIZE)
    current = page.get_page(request.GET.get("page"))
    for person in current:
        person.id_card_shown = person.id_card_for(request.user)
    context = {"form": form, "filters": filters, "page": current}
    return _render(request, "orgs/person_list.html", context, "results")


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    context = {
        "person": person,
        "history": selectors.membership_history(request.user, person),
        "can_change": can(request.user, Action.CHANGE, person),
        "id_card_shown": person.id_card_for(request.user),
        "panels": person_panels(request, person),
    }
    return render(request, "orgs/person_detail.html", context)


@GET_POST
def person_create(request: HttpRequest) -> HttpResponse:
    _require_any_change_scope(request)
    initial = {}
    if request.GET.get("org"):
        initial["primary_org"] = selectors.org_get(
            request.user, filters_for.parse_id(request.GET["org"]), Action.CHANGE
        )
    form = PersonForm(request.POST or None, initial=initial, user=request.user)
    done = _submit(
        request,
        form,
        lambda data: services.person_create(actor=request.user, **data),
        _("Person added."),
        "orgs:person-detail",
    )
    return done or render(request, "orgs/person_form.html", {"form": form})


@GET_POST
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    _require_change(request, person)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    done = _submit(
        request,
        form,
        lambda data: services.person_update(actor=request.user, person=person, **data),
        _("Changes saved."),
        "orgs:person-detail",
    )
    return done or render(request, "orgs/person_form.html", {"form": form, "person": person})


def _person_dated_change(request, pk, make_form, service, done_message, template, **extra):
    """A dated change of a person's place on the rolls (a transfer, leaving, 恢复党籍): the form
    opened at today's date, the service, then back to the person."""
    person = selectors.person_get(request.user, pk)
    _require_change(request, person)
    form = make_form(request.POST or None, initial={"on": timezone.localdate()})
    done = _submit(
        request,
        form,
        lambda data: service(actor=request.user, person=person, **data),
        done_message,
        "orgs:person-detail",
    )
    return done or render(request, template, {"form": form, "person": person, **extra})


@GET_POST
def person_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_dated_change(
        request,
        pk,
        lambda data, initial: TransferForm(data, user=request.user, initial=initial),
        services.person_transfer,
        _("Transfer recorded."),
        "orgs/person_transfer.html",
    )


@GET_POST
def person_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """出党, 停止党籍, 死亡, 转出县外: the record stays (never deleted), inactive."""
    return _person_dated_change(
        request,
        pk,
        PersonExitForm,
        services.person_exit,
        _("Leaving recorded."),
        "orgs/person_exit.html",
    )


@GET_POST
def person_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    """恢复党籍 after 停止党籍."""
    return _person_dated_change(
        request,
        pk,
        PersonReinstateForm,
        services.person_reinstate,
        _("Membership restored."),
        "orgs/person_exit.html",
        reinstate=True,
    )


@require_POST
def person_export(request: HttpRequest) -> HttpResponse:
    return _export(request, ExportJob.Kind.PEOPLE)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    """Queue the export of what the list shows (its filters ride in the query string); an
    invalid filter is a 400 that names it, never a wider export."""
    try:
        job = exports.export_job_create(actor=request.user, kind=kind, query=request.GET)
    except ValidationError as error:
        lines = [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
    return redirect("orgs:export-status", pk=job.pk)


@require_safe
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.export_job_get(request.user, pk)
    return _render(request, "orgs/export_status.html", {"job": job}, "progress")


@require_safe
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.export_job_get(request.user, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    return xlsx_response(bytes(job.result), job.result_name)


@require_safe
def person_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(spreadsheets.template_bytes("people"), _("people-template") + ".xlsx")


# ---- imports -----------------------------------------------------------------------------


@GET_POST
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    _require_any_change_scope(request)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.import_job_create(
            actor=request.user,
            kind=kind,
            filename=upload.name,
            content=upload.read(),
            mode=form.cleaned_data.get("mode", ImportJob.Mode.CREATE),
        )
        return redirect("orgs:import-status", pk=job.pk)
    return render(request, "orgs/import_upload.html", {"form": form, "kind": kind})


@require_safe
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(request.user, pk)
    context = {
        "job": job,
        "running": job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING),
    }
    return _render(request, "orgs/import_status.html", context, "progress")
