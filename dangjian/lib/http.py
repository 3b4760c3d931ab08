"""Small helpers for reading requests."""

from django.http import Http404, HttpRequest

SEARCH_MAX_CHARS = 100


def search_text(request: HttpRequest, name: str = "q") -> str:
    """A search box's text: trimmed, without NUL (PostgreSQL refuses it), at most 100 chars."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:SEARCH_MAX_CHARS]


# The longest id a query may name: 18 digits always fit PostgreSQL's bigint (a 20-digit id
# would be a database error, not a "not found").
ID_MAX_DIGITS = 18


def whole_number(text: str | None) -> int | None:
    """`text` as a whole number when it is 1–18 ASCII digits, else None. `str.isdigit()` alone
    also admits "²" and other digits `int()` refuses."""
    if not text or len(text) > ID_MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def query_id(text: str | None) -> int | None:
    """An id (or a year) from a page's query: absent → None; anything but a whole number →
    404, as for an id that names nothing."""
    if not text:
        return None
    number = whole_number(text)
    if number is None:
        raise Http404("not a whole number")
    return number
