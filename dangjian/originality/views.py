"""Pages of the originality check: check a text, the history of checks, a report, the corpus."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRefresh

from dangjian.lib.http import search_text
from dangjian.originality import limits, report_view, rules, selectors, services
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
