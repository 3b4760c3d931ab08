"""Pages of 组织关系转接: transfers in progress (转接中) at both ends, the history, issuing a
letter, a transfer with its decisions, the letter as .docx, and registering an arrival from
outside the county."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.docx_write import docx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orglife import transfer_arrival_services as arrivals
from dangjian.orglife import transfer_letters as letters
from dangjian.orglife import transfer_selectors as selectors
from dangjian.orglife import transfer_services as services
from dangjian.orglife.models import Transfer
from dangjian.orglife.transfer_forms import AcceptForm, IncomingForm, IssueForm, ReturnForm
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, may


def _org_param(request: HttpRequest) -> Organization | None:
    raw = request.GET.get("org", "")
    if not raw:
        return None
    pk = whole_number(raw)
    if pk is None:
        raise Http404("bad organization id")
    return org_selectors.org_get(request.user, pk)


def _rows(request: HttpRequest, transfers) -> list[tuple[Transfer, str]]:
    today = timezone.localdate()
    return [(transfer, transfer.state(today)) for transfer in transfers]


@require_safe
def transfer_list(request: HttpRequest) -> HttpResponse:
    """转接中 — letters issued and not yet decided, at the sending and the receiving end."""
    org = _org_param(request)
    context = {
        "org": org,
        "rows": _rows(request, selectors.transfers_pending(request.user, org)[:500]),
        "sender": may(request.user, Action.CHANGE),
    }
    return render(request, "orglife/transfers/list.html", context)


@require_safe
def transfer_history(request: HttpRequest) -> HttpResponse:
    """Read-only: who left (and arrived), when, with which letter; per organization."""
    org = _org_param(request)
    direction = request.GET.get("direction", "")
    rows = selectors.transfers_history(request.user, org, direction)[:500]
    context = {
        "org": org,
        "direction": direction,
        "org_choices": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[:500],
        "rows": _rows(request, rows),
        "sender": may(request.user, Action.CHANGE),
    }
    return render(request, "orglife/transfers/history.html", context)


@require_http_methods(["GET", "POST"])
def transfer_issue(request: HttpRequest) -> HttpResponse:
    """开具介绍信: choose the sending organization, then the person and the destination."""
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied(services.ERRORS["no_right_sender"])
    org = _org_param(request)
    if org is None:
        context = {"orgs": selectors.sending_choices(request.user)[:500]}
        return render(request, "orglife/transfers/issue_pick.html", context)
    if not org_selectors.org_queryset(request.user, Action.CHANGE).filter(pk=org.pk).exists():
        raise PermissionDenied(services.ERRORS["no_right_sender"])
    people = selectors.transferable_people(request.user, org)
    form = IssueForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("to_org_code").strip()
        try:
            to_org = services.org_by_code(code) if code else None
            transfer = services.transfer_issue(actor=request.user, to_org=to_org, **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Letter %(number)s issued.") % {"number": transfer})
            return redirect("orglife:transfer-detail", pk=transfer.pk)
    return render(request, "orglife/transfers/issue.html", {"org": org, "form": form})


@require_safe
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(request.user, pk)
    today = timezone.localdate()
    context = {
        "transfer": transfer,
        "state": transfer.state(today),
        "sides": selectors.sides(request.user, transfer),
        "accept_form": AcceptForm(initial={"on": today}),
        "return_form": ReturnForm(),
    }
    return render(request, "orglife/transfers/detail.html", context)


def _decision(request: HttpRequest, pk: int, decide, done: str) -> HttpResponse:
    """A POST from the transfer's page: the service decides who may; its refusal is shown."""
    transfer = selectors.transfer_get(request.user, pk)
    try:
        decide(transfer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("orglife:transfer-detail", pk=transfer.pk)


@require_POST
def transfer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    form = AcceptForm(request.POST)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return _decision(
        request,
        pk,
        lambda t: services.transfer_accept(actor=request.user, transfer=t, on=on),
        _("Transfer accepted."),
    )


@require_POST
def transfer_return(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _decision(
        request,
        pk,
        lambda t: services.transfer_return(actor=request.user, transfer=t, reason=reason),
        _("Transfer returned."),
    )


@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        lambda t: services.transfer_cancel(actor=request.user, transfer=t),
        _("Transfer cancelled."),
    )


@require_safe
def transfer_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """介绍信 (.docx) of a letter the county issued."""
    transfer = selectors.transfer_get(request.user, pk)
    if transfer.kind == Transfer.Kind.IN:
        raise Http404("a letter from outside the county is not ours to print")
    return docx_response(letters.letter_document(transfer), letters.letter_filename(transfer))


@require_http_methods(["GET", "POST"])
def transfer_register(request: HttpRequest) -> HttpResponse:
    """转入 from outside the county, registered by the receiving branch."""
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied(services.ERRORS["no_right_receiver"])
    form = IncomingForm(request.POST or None, orgs=selectors.receiving_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            transfer = arrivals.transfer_register_incoming(
                actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(person)s registered.") % {"person": transfer.person})
            return redirect("orglife:transfer-detail", pk=transfer.pk)
    return render(request, "orglife/transfers/register.html", {"form": form})
