"""Pages of the monthly supervision bulletin (督查通报): the archive (bulletins by month with
number, status, download), the request form, one bulletin with its browser preview (the same
content as the .docx), and the scoped download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess import bulletin_services as services
from dangjian.assess import rules_target as rules
from dangjian.assess import target_selectors as selectors
from dangjian.assess.bulletin_content import content_of, number_text
from dangjian.assess.bulletin_docx import archived_content
from dangjian.assess.models import Bulletin
from dangjian.assess.target_forms import BulletinRequestForm
from dangjian.lib.docx_write import docx_response
from dangjian.lib.forms import attach_errors
from dangjian.orgs.scoping import Action

NO_ISSUER = gettext_lazy(
    "Bulletins are issued by those who may change an organization (its secretaries, the "
    "department); you may change none."
)


def _issuers(user) -> list:
    """The organizations the user may issue for: the roots of their CHANGE reach."""
    return selectors.subtree_roots(user, Action.CHANGE)


def _bulletin(user, pk: int) -> Bulletin:
    rows = Bulletin.objects.visible_to(user, Action.VIEW).select_related("org", "requested_by")
    return get_object_or_404(rows.defer("result"), pk=pk)


@require_safe
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """通报存档 — the bulletins in the user's sight, newest month first."""
    rows = (
        Bulletin.objects.visible_to(request.user, Action.VIEW)
        .select_related("org")
        .defer("result")
        .order_by("-month", "-year", "-number")
    )
    page = Paginator(rows, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.number_text = number_text(row.year, row.number)
    context = {"page": page, "may_issue": bool(_issuers(request.user))}
    return render(request, "assess/target_bulletin_list.html", context)


@require_http_methods(["GET", "POST"])
def bulletin_request(request: HttpRequest) -> HttpResponse:
    """Request a month's bulletin: numbered now, written by the background job."""
    issuers = _issuers(request.user)
    if not issuers:
        raise PermissionDenied(NO_ISSUER)
    last_month = selectors.add_months(selectors.local_today().replace(day=1), -1)
    form = BulletinRequestForm(
        request.POST or None, orgs=issuers, initial={"month": f"{last_month:%Y-%m}"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        month = selectors.parse_month(data["month"])
        org = next(org for org in issuers if org.pk == data["org"])
        if month is None:
            form.add_error("month", _("Write the month as YYYY-MM, for example 2026-11."))
        else:
            try:
                bulletin = services.bulletin_request(
                    actor=request.user,
                    org=org,
                    month=month,
                    highlights=data["highlights"],
                    problems=data["problems"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The bulletin is being written."))
                return redirect("assess:bulletin-detail", pk=bulletin.pk)
    return render(request, "assess/target_bulletin_request.html", {"form": form})


def _preview(bulletin: Bulletin):
    """What the archived document says once written; today's content while the job is
    pending or running; nothing for a failed job (no document was kept)."""
    if bulletin.status == Bulletin.Status.DONE:
        data = (
            Bulletin.objects.unscoped("the result of a bulletin already read in scope")
            .filter(pk=bulletin.pk)
            .values_list("result", flat=True)
            .first()
        )
        return archived_content(bytes(data)) if data else None
    if bulletin.running:
        return content_of(bulletin)
    return None


@require_safe
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One bulletin: the job's status and the preview of what the document says."""
    bulletin = _bulletin(request.user, pk)
    context = {
        "bulletin": bulletin,
        "content": _preview(bulletin),
        "number": number_text(bulletin.year, bulletin.number),
    }
    return render(request, "assess/target_bulletin_detail.html", context)


@require_safe
def bulletin_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The .docx, for those who see the bulletin (404 otherwise, and until it is written)."""
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user, Action.VIEW), pk=pk)
    if bulletin.status != Bulletin.Status.DONE or not bulletin.result:
        raise Http404("not written yet")
    return docx_response(bytes(bulletin.result), bulletin.result_name or "bulletin.docx")
