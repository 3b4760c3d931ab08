"""The honors hub page."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    entries = apps.get_app_config("honors").hub
    links = [
        (reverse(entry.url_name), entry.label) for entry in entries if entry.shown_to(request.user)
    ]
    return render(request, "honors/home.html", {"links": links})
