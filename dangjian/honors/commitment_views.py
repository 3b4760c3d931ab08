"""Pages of 公开承诺 / 践诺评议: the overview of counts per organization (staff), a member's own
commitments and posts, an organization's list, a commitment with its progress, the forms
(write, edit a draft, publish, progress, evaluate). Thin: selectors read, services write. The
public page of an organization lives in commitment_public_views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.honors import commitment_evaluation as evaluation
from dangjian.honors import commitment_selectors as selectors
from dangjian.honors import commitment_services as services
from dangjian.honors import post_selectors
from dangjian.honors import rules_commitment as rules
from dangjian.honors.commitment_forms import (
    CommitmentEditForm,
    CommitmentForm,
    EvaluateForm,
    ProgressForm,
)
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, may_at


def _year(request: HttpRequest) -> int:
    today = services.local_today()
    text = request.GET.get("year", "")
    if text.isdigit() and today.year - 10 <= int(text) <= today.year + rules.YEARS_AHEAD:
        return int(text)
    return today.year


def _years() -> list[int]:
    today = services.local_today()
    return list(range(today.year, today.year + rules.YEARS_AHEAD + 1))


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """公开承诺 overview: per organization in sight, this year's published, evaluated and kept
    commitments (a member, who reaches no organization, is pointed to their own page).
    `?org=<id>` (the organization picker) opens that organization's list."""
    picked = whole_number(request.GET.get("org", ""))
    if picked is not None:
        return redirect("honors:commitment-org", pk=picked)
    year = _year(request)
    page = Paginator(selectors.overview_counts(request.user, year), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": selectors.overview_rows(request.user, list(page)),
        "year": year,
        "years": range(year - 2, year + rules.YEARS_AHEAD + 1),
        "window": rules.evaluation_window(year),
        "pick": selectors.orgs_to_pick(request.user),
    }
    return render(request, "honors/commitment/overview.html", context)


@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """My commitments and my posts (设岗定责): what I promised, how far I got, my duties."""
    context = {
        "commitments": selectors.mine(request.user),
        "posts": post_selectors.my_posts(request.user),
        "has_person": org_selectors.person_for_user(request.user) is not None,
    }
    return render(request, "honors/commitment/mine.html", context)


@require_http_methods(["GET", "POST"])
def create_own(request: HttpRequest) -> HttpResponse:
    """A member writes a commitment of their own (a draft until they publish it)."""
    person = org_selectors.person_for_user(request.user)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to a member's record."))
    form = CommitmentForm(request.POST or None, years=_years())
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.commitment_create(
                actor=request.user, person=person, **form.service_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Commitment saved as a draft: publish it when ready."))
            return redirect("honors:commitment-detail", pk=commitment.pk)
    return render(request, "honors/commitment/form.html", {"form": form, "org": None})


@require_safe
def org_list(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization's commitments of a year (its own and its members', drafts included)."""
    org = selectors.org_for_list(request.user, pk)
    year = _year(request)
    page = Paginator(selectors.org_commitments(request.user, org, year), rules.PAGE_SIZE)
    context = {
        "org": org,
        "year": year,
        "years": range(year - 2, year + rules.YEARS_AHEAD + 1),
        "page": page.get_page(request.GET.get("page")),
        "manager": may_at(request.user, Action.CHANGE, org.path),
    }
    return render(request, "honors/commitment/org_list.html", context)


@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A secretary writes the organization's own commitment or a member's on their behalf."""
    org = selectors.org_for_list(request.user, pk)
    if not may_at(request.user, Action.CHANGE, org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    people = list(selectors.writable_people(request.user, org))
    form = CommitmentForm(request.POST or None, years=_years(), people=people)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            commitment = services.commitment_create(actor=request.user, org=org, **fields)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Commitment saved as a draft: publish it when ready."))
            return redirect("honors:commitment-detail", pk=commitment.pk)
    return render(request, "honors/commitment/form.html", {"form": form, "org": org})


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A commitment: its measures, its progress notes, its verdict; the actions the user may
    take on it."""
    commitment = selectors.commitment_get(request.user, pk)
    own = services.is_own(request.user, commitment)
    writer = own or may_at(request.user, Action.CHANGE, commitment.org.path)
    today = services.local_today()
    context = {
        "commitment": commitment,
        "writer": writer,
        "may_evaluate": evaluation.may_evaluate(request.user, commitment)
        and commitment.status != commitment.Status.DRAFT
        and evaluation.window_error(commitment.year, today) is None,
        "window": rules.evaluation_window(commitment.year),
    }
    return render(request, "honors/commitment/detail.html", context)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(request.user, pk)
    services.require_writer(request.user, commitment)
    initial = {"title": commitment.title, "detail": commitment.detail, "due": commitment.due}
    form = CommitmentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(
                actor=request.user, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect("honors:commitment-detail", pk=commitment.pk)
    context = {"form": form, "commitment": commitment, "org": commitment.org}
    return render(request, "honors/commitment/form.html", context)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(request.user, pk)
    try:
        services.commitment_publish(actor=request.user, commitment=commitment)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Commitment published: it is on the organization's page."))
    return redirect("honors:commitment-detail", pk=commitment.pk)


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A dated progress note (践诺进展)."""
    commitment = selectors.commitment_get(request.user, pk)
    services.require_writer(request.user, commitment)
    form = ProgressForm(request.POST or None, initial={"date": services.local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_add(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("honors:commitment-detail", pk=commitment.pk)
    context = {"form": form, "commitment": commitment}
    return render(request, "honors/commitment/progress.html", context)


@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """践诺评议 of one commitment: kept, partly kept or not kept, with a note."""
    commitment = selectors.commitment_get(request.user, pk)
    evaluation.require_evaluator(request.user, commitment)
    initial = {"verdict": commitment.verdict, "note": commitment.evaluation_note}
    form = EvaluateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.commitment_evaluate(
                actor=request.user, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect("honors:commitment-detail", pk=commitment.pk)
    context = {
        "form": form,
        "commitment": commitment,
        "window": rules.evaluation_window(commitment.year),
    }
    return render(request, "honors/commitment/evaluate.html", context)
