"""The notice centre (通知中心)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from dangjian.notices import selectors, services

PAGE_SIZE = 30


@require_safe
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notice_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/notice_list.html", {"page": page})


@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and follow the notice's link (a path inside this site only)."""
    notice = services.notice_read(actor=request.user, notice=selectors.notice_get(request.user, pk))
    if notice.link and url_has_allowed_host_and_scheme(notice.link, {request.get_host()}):
        return redirect(notice.link)
    return redirect("notices:list")


@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    services.notices_read_all(actor=request.user)
    return redirect("notices:list")


def unread(request: HttpRequest) -> dict:
    """Context processor: the unread count beside the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": selectors.unread_count(user)}
