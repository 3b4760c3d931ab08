"""Small helpers for reading requests."""

from django.http import HttpRequest

SEARCH_MAX_CHARS = 100


def search_text(request: HttpRequest, name: str = "q") -> str:
    """A search box's text: trimmed, without NUL (PostgreSQL refuses it), at most 100 chars."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:SEARCH_MAX_CHARS]
