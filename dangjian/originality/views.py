"""Pages of the originality check: check a text, the history of checks, a report, the corpus."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRefresh

from dangjian.lib.http import search_text
from dangjian.originality import (
    limits,
    pdf,
    pdf_full,
    report_view,
    rules,
    selectors,
    services,
    verification,
)
from dangjian.originality.forms import CheckForm
from dangjian.originality.models import Check


@require_http_methods(["GET", "POST"])
def check_new(request: HttpRequest) -> HttpResponse:
    selectors.require_reviewer(request.user)
    form = CheckForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        org_hint=request.GET.get("org"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check = services.text_check(
                actor=request.user,
                org=data["org"],
                title=data["title"],
                text=data["text"],
                author=data.get("author"),
                filename=data.get("filename", ""),
                parts=data.get("parts"),
            )
        except ValidationError as error:
            form.add_error("file" if data.get("filename") else "text", error.messages)
        except limits.CheckRefused as refused:
            form.add_error(None, str(refused))
            status = 429 if refused.reason == "rate" else 403
            return render(request, "originality/check_new.html", {"form": form}, status=status)
        else:
            return redirect("originality:check-detail", pk=check.pk)
    return render(request, "originality/check_new.html", {"form": form})


@require_safe
def check_list(request: HttpRequest) -> HttpResponse:
    selectors.require_reviewer(request.user)
    q = search_text(request)
    page = Paginator(selectors.check_list(request.user, q), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "originality/check_list.html", {"page": page, "q": q, "rules": rules})


@require_safe
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.check_get(request.user, pk)
    context = {
        "check": check,
        "rules": rules,
        "running": check.status in (Check.Status.PENDING, Check.Status.RUNNING),
    }
    if request.htmx:
        # While it runs, the status box polls itself; once done, the whole page reloads.
        if context["running"]:
            return render(request, "originality/check_detail.html#status", context)
        return HttpResponseClientRefresh()
    if check.status == Check.Status.DONE:
        sources = selectors.sources_for_report(request.user, selectors.report_refs(check.report))
        context["page"] = report_view.build(check.report, check.submission.text, sources)
    response = render(request, "originality/check_detail.html", context)
    response["Vary"] = "HX-Request"
    return response


@require_safe
def check_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 简洁报告 of a finished check, as the viewer may read it (hidden sources unnamed)."""
    return _pdf_response(request, pk, pdf.report_pdf, suffix="")


@require_safe
def check_pdf_full(request: HttpRequest, pk: int) -> HttpResponse:
    """The full report of a finished check (every source and passage), as check_pdf."""
    return _pdf_response(request, pk, pdf_full.full_report_pdf, suffix="-full")


def _pdf_response(request: HttpRequest, pk: int, render_pdf, *, suffix: str) -> HttpResponse:
    check = selectors.check_get(request.user, pk)
    if check.status != Check.Status.DONE:
        raise Http404
    body = render_pdf(
        check,
        selectors.report_for(request.user, check.report),
        verify_url=request.build_absolute_uri(reverse("originality:verify")),
    )
    response = HttpResponse(body, content_type="application/pdf")
    name = verification.report_number(check) + suffix
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_not_required
@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Public: a report number and its code confirm a printed report (figures and date)."""
    number = request.GET.get("number", "")[:40]
    code = request.GET.get("code", "")[:40]
    check = verification.verified_check(number, code) if number and code else None
    context = {"number": number, "code": code, "check": check, "asked": bool(number or code)}
    return render(request, "originality/verify.html", context)


@require_safe
def corpus_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    page = Paginator(selectors.corpus_list(request.user, q), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "originality/corpus_list.html", {"page": page, "q": q})


@require_safe
def corpus_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.corpus_get(request.user, pk)
    return render(request, "originality/corpus_detail.html", {"doc": doc})
