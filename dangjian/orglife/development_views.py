"""Pages of 发展党员: a person's 纪实 with the forms of the next steps, the pipeline per
organization (drill down), the alerts, documents and the .docx forms."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from dangjian.lib.docx_write import docx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orglife import development_checks as checks
from dangjian.orglife import development_docx as docx
from dangjian.orglife import development_selectors as selectors
from dangjian.orglife import development_services as services
from dangjian.orglife import rules_development as rules
from dangjian.orglife.development_forms import StepForm
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Person
from dangjian.orgs.scoping import Action, can


def _person_page(request: HttpRequest, person: Person, posted: StepForm | None = None):
    steps = selectors.person_steps(person)
    may_change = can(request.user, Action.CHANGE, person)
    may_approve = can(request.user, Action.APPROVE, person)
    allowed = [
        s for s in checks.next_steps(person, steps) if (may_approve if s.approval else may_change)
    ]
    members = selectors.full_members(request.user)
    posted_step = posted.data.get("step") if posted is not None else None
    forms = [
        (rule, posted if rule.code == posted_step else StepForm(allowed=[rule], members=members))
        for rule in allowed
    ]
    context = {
        "person": person,
        "steps": steps,
        "step_forms": forms,
        "other_error": posted
        if posted is not None and posted_step not in {r.code for r in allowed}
        else None,
        "may_change": may_change,
        "forms": docx.FORMS,
        "deadlines": checks.deadlines(person, steps),
    }
    return render(request, "orglife/development/person.html", context)


@require_safe
def person_record(request: HttpRequest, person_id: int) -> HttpResponse:
    """发展党员纪实 — the person's steps in order; the forms of the next allowed steps."""
    return _person_page(request, selectors.person_get(request.user, person_id))


@require_POST
def step_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(request.user, person_id)
    if not (can(request.user, Action.CHANGE, person) or can(request.user, Action.APPROVE, person)):
        raise PermissionDenied
    # The service decides order; the form only parses the posted step's own fields.
    rule = rules.BY_CODE.get(request.POST.get("step", ""))
    allowed = [rule] if rule is not None else list(rules.STEPS)
    form = StepForm(
        request.POST, request.FILES, allowed=allowed, members=selectors.full_members(request.user)
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.step_record(
                actor=request.user,
                person=person,
                step=data.pop("step"),
                date=data.pop("date"),
                note=data.pop("note"),
                documents=data.pop("documents"),
                **data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("orglife:development-person", person_id=person.pk)
    return _person_page(request, person, form)


@require_safe
def pipeline(request: HttpRequest) -> HttpResponse:
    """发展党员进度 — how many at each stage per organization below; click to drill down."""
    if not selectors.sees_pipeline(request.user):
        raise PermissionDenied
    org = org_selectors.subtree_org(request.user, whole_number(request.GET.get("org")))
    stage = request.GET.get("stage", "")
    today = timezone.localdate()
    on_time, timed, ratio = selectors.development_timeliness(
        org, today - datetime.timedelta(days=365), today
    )
    context = {
        "org": org,
        "rows": selectors.pipeline_by_child(org),
        "totals": list(selectors.development_pipeline(org).items()),
        "stages": rules.STAGES,
        # 群众 too: where an application (the first step) is recorded.
        "stage": stage if stage in (*rules.STAGES, rules.PUBLIC) else "",
        "on_time": on_time,
        "timed": timed,
        "ratio": ratio,
    }
    if context["stage"]:
        context["people"] = selectors.people_at_stage(org, stage)
    return render(request, "orglife/development/pipeline.html", context)


@require_safe
def alerts(request: HttpRequest) -> HttpResponse:
    """发展党员提醒 — probations ending, talks overdue, half-year records missing."""
    if not selectors.sees_pipeline(request.user):
        raise PermissionDenied
    rows = selectors.alerts_for(request.user, timezone.localdate())
    return render(request, "orglife/development/alerts.html", {"alerts": rows})


@require_safe
def document(request: HttpRequest, document_id: int) -> HttpResponse:
    found = selectors.document_get(request.user, document_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (restored database, lost disk)
        raise Http404("no file") from None
    return FileResponse(handle, as_attachment=True, filename=found.name)


@require_safe
def form_download(request: HttpRequest, person_id: int, kind: str) -> HttpResponse:
    """入党志愿书 cover data, 政治审查函, 预审请示 as .docx (for those who keep the record)."""
    person = selectors.person_get(request.user, person_id)
    if kind not in docx.FORMS:
        raise Http404
    if not can(request.user, Action.CHANGE, person):
        raise PermissionDenied
    content = docx.form_document(kind, person, selectors.person_steps(person), request.user)
    return docx_response(content, f"{person.name}-{kind}.docx")
