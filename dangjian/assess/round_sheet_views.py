"""Pages of one scoring sheet (评分表): the sheet (each item: max, computed points and how,
points, reason, evidence; saved per item; usable at 375 px), its inspector, submitting it,
and the review by the level above (approve or return)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dangjian.assess import round_selectors as selectors
from dangjian.assess import round_sheet_services as services
from dangjian.assess.models import AssessRound, ScoreSheet
from dangjian.assess.round_appeal_services import may_file
from dangjian.assess.round_forms import AssignForm, ReviewForm, ScoreForm
from dangjian.lib.forms import attach_errors
from dangjian.orgs.scoping import Action, can
from dangjian.orgs.selectors import users_reaching


def _editable(sheet: ScoreSheet) -> bool:
    return sheet.round.status == AssessRound.Status.SCORING and sheet.status in (
        ScoreSheet.Status.OPEN,
        ScoreSheet.Status.RETURNED,
    )


@require_http_methods(["GET", "POST"])
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get(request.user, pk)
    scorer = services.may_score(request.user, sheet)
    editable = scorer and _editable(sheet)
    bound: ScoreForm | None = None
    if request.method == "POST":
        if not scorer:
            raise PermissionDenied(services.ERRORS["no_right_score"])
        bound = ScoreForm(request.POST)
        if bound.is_valid():
            data = bound.cleaned_data
            item = next(
                (
                    line.item
                    for line in selectors.sheet_lines(sheet)
                    if line.item.pk == data["item"]
                ),
                None,
            )
            if item is None:
                bound.add_error(None, _("Choose an item of this sheet."))
            else:
                try:
                    services.score_set(
                        actor=request.user,
                        sheet=sheet,
                        item=item,
                        points=data["points"],
                        reason=data["reason"],
                        evidence=data["evidence"],
                    )
                except ValidationError as error:
                    attach_errors(bound, error)
                else:
                    messages.success(request, _("%(code)s saved.") % {"code": item.code})
                    return redirect(f"{request.path}#item-{item.pk}")
    lines = selectors.sheet_lines(sheet)
    for line in lines:
        line.form = None
        if editable and line.is_leaf:
            if bound is not None and str(line.item.pk) == request.POST.get("item"):
                line.form = bound
            else:
                score = line.score
                initial = {"item": line.item.pk}
                if score is not None:
                    initial |= {
                        "points": "" if score.points is None else f"{score.points.normalize():f}",
                        "reason": score.reason,
                        "evidence": score.evidence,
                    }
                line.form = ScoreForm(initial=initial, auto_id=f"id_{line.item.pk}_%s")
    if bound is not None and not any(line.form is bound for line in lines):
        # The item posted is not one of this sheet's scorable items: no line shows the form,
        # so say why here rather than reload the page in silence.
        problems = [text for errors in bound.errors.values() for text in errors]
        messages.error(request, " ".join(problems) or _("Choose an item of this sheet."))
    context = {
        "sheet": sheet,
        "lines": lines,
        "editable": editable,
        "scorer": scorer,
        "approver": services.may_approve(request.user, sheet),
        "manager": can(request.user, Action.CHANGE, sheet.round),
        "appeals": selectors.sheet_appeals(sheet),
        "filer": may_file(request.user, sheet),
    }
    return render(request, "assess/round_sheet.html", context)


@require_http_methods(["GET", "POST"])
def sheet_assign(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get(request.user, pk)
    if not can(request.user, Action.CHANGE, sheet.round):
        raise PermissionDenied(services.ERRORS["no_right_assign"])
    users = users_reaching(sheet.org.path, Action.SCORE)
    form = AssignForm(request.POST or None, users=users, initial={"inspector": sheet.inspector_id})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["inspector"]
        inspector = next((u for u in users if u.pk == chosen), None)
        try:
            services.sheet_assign(actor=request.user, sheet=sheet, inspector=inspector)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Inspector saved."))
            return redirect("assess:round-detail", pk=sheet.round_id)
    return render(request, "assess/round_assign.html", {"sheet": sheet, "form": form})


@require_POST
def sheet_submit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get(request.user, pk)
    services.require_score(request.user, sheet)
    try:
        services.sheet_submit(actor=request.user, sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted for approval."))
    return redirect("assess:round-sheet", pk=sheet.pk)


@require_http_methods(["GET", "POST"])
def sheet_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The level above approves the submitted sheet or returns it with the reason."""
    sheet = selectors.sheet_get(request.user, pk)
    if not services.may_approve(request.user, sheet):
        raise PermissionDenied(services.ERRORS["no_right_approve"])
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.sheet_approve(actor=request.user, sheet=sheet)
            else:
                services.sheet_return(actor=request.user, sheet=sheet, reason=data["reason"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("assess:round-detail", pk=sheet.round_id)
    context = {"sheet": sheet, "form": form, "lines": selectors.sheet_lines(sheet)}
    return render(request, "assess/round_review.html", context)
