"""Pages of seminars, tutorials and study trips: the list, arranging one, the event with its
participants' reflections and its problems and fixes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.orgs.models import Person
from dangjian.orgs.scoping import Action, can, may, person_id_of
from dangjian.orgs.selectors import org_choices
from dangjian.study import event_selectors as selectors
from dangjian.study import event_services as services
from dangjian.study import rules
from dangjian.study.event_forms import EventForm, IssueForm
from dangjian.study.models import StudyEvent


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.events_visible(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "may_create": may(request.user, Action.CHANGE)}
    return render(request, "study/events/list.html", context)


def _people(request: HttpRequest):
    """Who may be named a participant: cadres and account holders the user may change (a
    county's 30,000 members would make the list unusable; seminars are for cadres)."""
    return (
        Person.objects.visible_to(request.user, Action.CHANGE)
        .filter(is_active=True)
        .filter(~Q(cadre_position="") | Q(user__isnull=False))
        .select_related("primary_org")
        .order_by("primary_org__path", "name", "pk")
    )


@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        orgs=org_choices(request.user, Action.CHANGE),
        people=_people(request),
        initial={"kind": request.GET.get("kind", StudyEvent.Kind.SEMINAR)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            event = services.event_create(
                actor=request.user,
                org=data.pop("org"),
                participants=list(data.pop("participants")),
                **data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:event-detail", pk=event.pk)
    return render(request, "study/events/form.html", {"form": form, "event": None})


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(request.user, pk)
    may_change = can(request.user, Action.CHANGE, event)
    context = {
        "event": event,
        "may_change": may_change,
        "issues": selectors.issues_of(event),
        "issue_form": IssueForm() if may_change else None,
        "participants": selectors.participants_with_reflections(event),
        "write_reflection": event.reflection_required
        and selectors.is_participant(request.user, event),
        "me": person_id_of(request.user),
    }
    return render(request, "study/events/detail.html", context)


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(request.user, pk)
    if not can(request.user, Action.CHANGE, event):
        raise PermissionDenied(services.ERRORS["no_change_right"])
    form = EventForm(request.POST or None, instance=event, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:event-detail", pk=event.pk)
    return render(request, "study/events/form.html", {"form": form, "event": event})


@require_POST
def issue_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(request.user, pk)
    if not can(request.user, Action.CHANGE, event):
        raise PermissionDenied(services.ERRORS["no_change_right"])
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("study:event-detail", pk=event.pk)
    context = {"event": event, "form": form}
    return render(request, "study/events/issue_error.html", context, status=400)


@require_POST
def issue_done(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get(request.user, pk)
    if not can(request.user, Action.CHANGE, issue.event):
        raise PermissionDenied(services.ERRORS["no_change_right"])
    services.issue_done(actor=request.user, issue=issue)
    return redirect("study:event-detail", pk=issue.event_id)
