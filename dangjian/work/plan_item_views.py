"""Pages that change a plan's contents: an item's form and removal, a milestone's form and
removal, a file's upload and removal. Each answers 404 out of reach and 403 to one who sees
the plan but may not change it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dangjian.lib.forms import attach_errors
from dangjian.orgs.models import Organization, Person
from dangjian.orgs.scoping import Action, may_at
from dangjian.work import plan_item_services as item_services
from dangjian.work import plan_selectors as selectors
from dangjian.work import plan_services as services
from dangjian.work.models import Milestone, WorkPlan
from dangjian.work.plan_forms import AttachmentForm, ItemForm, MilestoneForm
from dangjian.work.plan_views import changeable_plan

CHOICES_MAX = 1000


def _require_change(request: HttpRequest, plan: WorkPlan) -> None:
    if not may_at(request.user, Action.CHANGE, plan.org.path):
        raise PermissionDenied(services.ERRORS["no_change_right"])


def _choices(request: HttpRequest, plan: WorkPlan) -> tuple[list, list]:
    """The organizations and people of the plan's subtree the user may choose from."""
    orgs = list(
        Organization.objects.visible_to(request.user, Action.CHANGE)
        .filter(path__startswith=plan.org.path, is_active=True)
        .only("pk", "name", "path", "is_active")
        .order_by("path")[:CHOICES_MAX]
    )
    people = list(
        Person.objects.visible_to(request.user, Action.VIEW)
        .filter(primary_org__path__startswith=plan.org.path, is_active=True)
        .select_related("primary_org")
        .order_by("primary_org__path", "name", "pk")[:CHOICES_MAX]
    )
    return orgs, people


def _item_form(request: HttpRequest, plan: WorkPlan, initial: dict | None = None) -> ItemForm:
    orgs, people = _choices(request, plan)
    return ItemForm(request.POST or None, initial=initial, orgs=orgs, people=people)


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = changeable_plan(request, pk)
    form = _item_form(request, plan, initial={"org": plan.org_id, "kind": "routine"})
    if request.method == "POST" and form.is_valid():
        try:
            item = item_services.item_add(actor=request.user, plan=plan, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Item %(number)s added.") % {"number": item.number})
            return redirect("work:plan-milestone-add", pk=item.pk)
    return render(request, "work/plan_item_form.html", {"form": form, "plan": plan, "item": None})


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    plan = item.plan
    _require_change(request, plan)
    initial = {
        "kind": item.kind,
        "title": item.title,
        "target": item.target,
        "group": item.group,
        "org": item.org_id,
        "owner": item.owner_id,
    }
    form = _item_form(request, plan, initial)
    if request.method == "POST" and form.is_valid():
        try:
            item_services.item_update(actor=request.user, item=item, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("work:plan-detail", pk=plan.pk)
    return render(request, "work/plan_item_form.html", {"form": form, "plan": plan, "item": item})


def _confirm(request: HttpRequest, plan: WorkPlan, question: str, remove) -> HttpResponse:
    """GET: the question; POST: the removal, then back to the plan (errors as messages)."""
    if request.method == "POST":
        try:
            remove()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Removed."))
        return redirect("work:plan-detail", pk=plan.pk)
    return render(request, "work/plan_confirm.html", {"plan": plan, "question": question})


@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    _require_change(request, item.plan)
    question = _("Remove item %(number)s “%(title)s” and its milestones?") % {
        "number": item.number,
        "title": item.title,
    }
    return _confirm(
        request,
        item.plan,
        question,
        lambda: item_services.item_remove(actor=request.user, item=item),
    )


@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Milestones of an item, one at a time (the item's page lists those it has)."""
    item = selectors.item_get(request.user, pk)
    plan = item.plan
    _require_change(request, plan)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item_services.milestone_add(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Milestone added."))
            if "another" in request.POST:
                return redirect("work:plan-milestone-add", pk=item.pk)
            return redirect("work:plan-detail", pk=plan.pk)
    milestones = list(
        Milestone.objects.unscoped("the milestones of an item the user may change")
        .filter(item=item)
        .order_by("due_on", "pk")
    )
    context = {"form": form, "plan": plan, "item": item, "milestones": milestones}
    return render(request, "work/plan_milestone_form.html", context)


@require_http_methods(["GET", "POST"])
def milestone_remove(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(request.user, pk)
    plan = milestone.item.plan
    _require_change(request, plan)
    question = _("Remove the milestone %(date)s “%(title)s”?") % {
        "date": milestone.due_on.isoformat(),
        "title": milestone.title,
    }
    return _confirm(
        request,
        plan,
        question,
        lambda: item_services.milestone_remove(actor=request.user, milestone=milestone),
    )


@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = changeable_plan(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item_services.attachment_add(
                actor=request.user, plan=plan, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("File attached."))
            return redirect("work:plan-detail", pk=plan.pk)
    return render(request, "work/plan_attachment_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.attachment_get(request.user, pk)
    _require_change(request, row.plan)
    question = _("Remove the file “%(name)s”?") % {"name": row.name}
    return _confirm(
        request,
        row.plan,
        question,
        lambda: item_services.attachment_remove(actor=request.user, attachment=row),
    )
