"""The work-tracking hub, and the one view that serves its files (after a scope check)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from dangjian.work.selectors import file_get

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    entries = apps.get_app_config("work").hub
    links = [
        (reverse(entry.url_name), entry.label) for entry in entries if entry.shown_to(request.user)
    ]
    return render(request, "work/home.html", {"links": links})


@require_safe
def file(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """A plan attachment, report evidence or project file — 404 outside the user's scope."""
    row = file_get(request.user, kind, pk)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("no file") from None
    is_image = Path(row.name).suffix.lower() in IMAGE_SUFFIXES
    return FileResponse(handle, as_attachment=not is_image, filename=row.name)
