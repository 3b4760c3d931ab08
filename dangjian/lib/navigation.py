"""The menu, assembled from what each installed app declares.

An app lists its entries as `menu = (MenuEntry(...), ...)` on its AppConfig; the kernel knows
no feature app by name. Who sees an entry is a predicate on the user, usually "may do this
action somewhere" (`orgs.scoping.may`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    shown_to: Callable[[object], bool]
    order: int = 100


@functools.cache
def menu_entries() -> tuple[MenuEntry, ...]:
    """Every app's entries, collected once per process (the app registry does not change)."""
    entries = [e for config in apps.get_app_configs() for e in getattr(config, "menu", ())]
    return tuple(sorted(entries, key=lambda e: e.order))


def navigation(request: HttpRequest) -> dict:
    """Context processor: the entries this user sees, as (url, label) pairs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home"), _("Home"))]
    items += [(reverse(e.url_name), e.label) for e in menu_entries() if e.shown_to(user)]
    return {"nav_items": items}
