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
from django.utils.module_loading import import_string
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


@functools.cache
def _home_panel_functions() -> tuple[Callable[[HttpRequest], str | None], ...]:
    return tuple(
        import_string(config.home_panel)
        for config in apps.get_app_configs()
        if getattr(config, "home_panel", None)
    )


def home_panels(request: HttpRequest) -> list[str]:
    """The home page's panels: each app may declare `home_panel = "dotted.function"` on its
    AppConfig, a function of the request that returns HTML (or None: nothing for this user).
    A member's first screen is their tasks, whichever system they come from."""
    panels = (panel(request) for panel in _home_panel_functions())
    return [html for html in panels if html]


@functools.cache
def _person_panel_functions() -> tuple[Callable[[HttpRequest, object], str | None], ...]:
    return tuple(
        import_string(config.person_panel)
        for config in apps.get_app_configs()
        if getattr(config, "person_panel", None)
    )


def person_panels(request: HttpRequest, person) -> list[str]:
    """A person page's panels from each system (`person_panel = "dotted.function"` on the
    AppConfig, a function of the request and a person the user may see, returning HTML or
    None): a secretary finds the person's development record, dues and transfer from the
    person, without the kernel naming those systems."""
    panels = (panel(request, person) for panel in _person_panel_functions())
    return [html for html in panels if html]
