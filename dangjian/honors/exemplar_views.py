"""Staff pages of 评先树优 (login): rounds, opening one, a round with its nominations and the
committee's actions, nominating, a nomination with its review, objections and their answers,
the decision, attachments. Thin: the selectors read, the services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_nomination_services as nomination_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors import exemplar_services as services
from dangjian.honors import rules_exemplar as rules
from dangjian.honors import workdays
from dangjian.honors.exemplar_forms import (
    AnswerForm,
    DecideForm,
    NominationForm,
    ReviewForm,
    RoundForm,
)
from dangjian.honors.models import ExemplarRound, Nomination, Objection
from dangjian.lib.forms import attach_errors
from dangjian.orgs.scoping import Action, may, may_at


def _committee(request: HttpRequest, round_: ExemplarRound) -> None:
    if not services.committee_may(request.user, round_):
        raise PermissionDenied(services.ERRORS["not_committee_reviewer"])


def calendar_warning(start, end) -> str:
    years = workdays.uncovered_years(start, end)
    if not years:
        return ""
    return _("The holiday calendar for %(years)s is not loaded: weekends only.") % {
        "years": ", ".join(str(y) for y in years)
    }


@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    """评先树优 — the rounds in sight, newest first."""
    page = Paginator(selectors.round_list(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_open = (
        may(request.user, Action.CHANGE) and selectors.committee_choices(request.user).exists()
    )
    return render(request, "honors/exemplar/rounds.html", {"page": page, "can_open": can_open})


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    committees = selectors.committee_choices(request.user)
    if not may(request.user, Action.CHANGE) or not committees.exists():
        raise PermissionDenied(services.ERRORS["no_right"])
    # The form selects the first committee: pre-fill its first month without a round.
    month = selectors.first_free_month(request.user, committees[0], services.local_today())
    form = RoundForm(
        request.POST or None,
        committees=committees,
        initial={"period": f"{month:%Y-%m}", "kind": ExemplarRound.Kind.MONTHLY},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Round opened."))
            return redirect("honors:exemplar-round", pk=round_.pk)
    return render(request, "honors/exemplar/round_form.html", {"form": form})


@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    committee = services.committee_may(request.user, round_)
    nominating = (
        round_.status == ExemplarRound.Status.NOMINATING
        and selectors.nominating_orgs(request.user, round_).exists()
    )
    nominations = list(selectors.nominations_of(request.user, round_))
    today = services.local_today()
    in_notice = round_.status == ExemplarRound.Status.NOTICE
    context = {
        "round": round_,
        "nominations": nominations,
        "committee": committee,
        "nominating": nominating,
        # The decision comes after the notice, from a committee member not nominated in it
        # (decision_services refuses the others); read off the rows already loaded.
        "notice_running": in_notice
        and round_.notice_end is not None
        and today <= round_.notice_end,
        "may_decide": committee
        and in_notice
        and (round_.notice_end is None or today > round_.notice_end)
        and not any(
            services.is_own_nomination(request.user, n)
            for n in nominations
            if n.status == Nomination.Status.NOTICE
        ),
        "public_url": request.build_absolute_uri(
            reverse("honors:exemplar-notice", args=[round_.public_key])
        ),
        "today": today,
    }
    if round_.notice_start:
        context["calendar_warning"] = calendar_warning(round_.notice_start, round_.notice_end)
    return render(request, "honors/exemplar/round_detail.html", context)


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    try:
        services.round_close(actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Nominations closed: the committee reviews them."))
    return redirect("honors:exemplar-round", pk=round_.pk)


@require_http_methods(["GET", "POST"])
def round_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Start 公示: the dates it will have, then the button."""
    round_ = selectors.round_get(request.user, pk)
    _committee(request, round_)
    start, end = notice_services.notice_dates(round_, services.local_today())
    error = ""
    if request.method == "POST":
        try:
            notice_services.round_start_notice(actor=request.user, round_=round_)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The public notice has started."))
            return redirect("honors:exemplar-round", pk=round_.pk)
    context = {
        "round": round_,
        "start": start,
        "end": end,
        "error": error,
        "calendar_warning": calendar_warning(start, end),
        "unreviewed": notice_services.unreviewed_names(round_),
    }
    return render(request, "honors/exemplar/round_notice.html", context)


@require_http_methods(["GET", "POST"])
def round_decide(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    _committee(request, round_)
    nominations = [
        n
        for n in selectors.nominations_of(request.user, round_)
        if n.status == Nomination.Status.NOTICE
    ]
    decision_services.require_none_own(request.user, nominations)
    form = DecideForm(request.POST or None, nominations=nominations)
    if request.method == "POST" and form.is_valid():
        try:
            decision_services.round_decide(
                actor=request.user, round_=round_, decisions=form.decisions()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Decided: the awards are in the ledger."))
            return redirect("honors:exemplar-round", pk=round_.pk)
    return render(request, "honors/exemplar/round_decide.html", {"round": round_, "form": form})


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    orgs = selectors.nominating_orgs(request.user, round_)
    org_list = list(orgs)
    if not org_list:
        raise PermissionDenied(services.ERRORS["no_nominate_right"] % {"org": round_.org.name})
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        orgs=orgs,
        nominee_orgs=selectors.nominee_org_choices(request.user, org_list),
        people=selectors.nominee_person_choices(request.user, org_list),
        categories=services.categories_of(round_.kind),
    )
    if request.method == "POST" and form.is_valid():
        try:
            nomination = nomination_services.nomination_create(
                actor=request.user, round_=round_, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Nomination sent to the committee."))
            return redirect("honors:exemplar-nomination", pk=nomination.pk)
    return render(request, "honors/exemplar/nominate.html", {"round": round_, "form": form})


@require_safe
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(request.user, pk)
    round_ = nomination.round
    objections = selectors.objections_of(request.user, nomination)
    for objection in objections:
        objection.shown_contact = selectors.shown_contact(request.user, objection)
    committee = services.committee_may(request.user, round_)
    own = services.is_own_nomination(request.user, nomination)
    under_review = round_.status in (
        ExemplarRound.Status.NOMINATING,
        ExemplarRound.Status.REVIEWING,
    )
    context = {
        "own": own,
        "nomination": nomination,
        "round": round_,
        "attachments": selectors.attachments_of(nomination),
        "objections": objections,
        "committee": committee,
        "reviewable": committee
        and not own
        and nomination.created_by_id != request.user.pk
        and under_review
        and nomination.status
        in (Nomination.Status.NOMINATED, Nomination.Status.APPROVED, Nomination.Status.REJECTED),
        "withdrawable": nomination.status == Nomination.Status.NOMINATED
        and may_at(request.user, Action.CHANGE, nomination.org.path),
        "answerable": committee and not own and round_.status == ExemplarRound.Status.NOTICE,
        # The committee member who nominated it, or the nominee, waits for another reviewer.
        "other_reviewer": committee
        and under_review
        and nomination.status == Nomination.Status.NOMINATED
        and (own or nomination.created_by_id == request.user.pk),
    }
    return render(request, "honors/exemplar/nomination.html", context)


@require_http_methods(["GET", "POST"])
def nomination_review(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(request.user, pk)
    _committee(request, nomination.round)
    services.require_not_own(request.user, nomination)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_review(
                actor=request.user, nomination=nomination, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, pgettext("exemplar", "Review saved."))
            return redirect("honors:exemplar-round", pk=nomination.round_id)
    context = {"nomination": nomination, "form": form}
    return render(request, "honors/exemplar/review.html", context)


@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(request.user, pk)
    try:
        nomination_services.nomination_withdraw(actor=request.user, nomination=nomination)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Nomination withdrawn."))
    return redirect("honors:exemplar-nomination", pk=nomination.pk)


@require_http_methods(["GET", "POST"])
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_get(request.user, pk)
    _committee(request, objection.nomination.round)
    services.require_not_own(request.user, objection.nomination)
    initial = {}
    if objection.outcome != Objection.Outcome.OPEN:
        initial = {"outcome": objection.outcome, "answer": objection.answer}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice_services.objection_answer(
                actor=request.user, objection=objection, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Answer saved."))
            return redirect("honors:exemplar-nomination", pk=objection.nomination_id)
    objection.shown_contact = selectors.shown_contact(request.user, objection)
    return render(request, "honors/exemplar/answer.html", {"objection": objection, "form": form})


@require_safe
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A nomination's file for those who see the nomination; `?thumb=1`: a photo's thumbnail."""
    row = selectors.attachment_get(request.user, pk)
    thumb = request.GET.get("thumb") == "1" and row.thumbnail
    field = row.thumbnail if thumb else row.file
    is_image = row.content_type.startswith("image/")
    response = FileResponse(
        field.open("rb"),
        content_type=row.content_type,
        as_attachment=not is_image,
        filename=row.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
