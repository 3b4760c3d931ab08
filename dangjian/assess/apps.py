from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _signed_in(user) -> bool:
    # Every account: secretaries submit monthly targets and appeals, inspectors score, members
    # see published results of their organization; the hub shows each part to those who may.
    return user.is_authenticated


# Each part lists its hub links in its own module (`<part>_urls.HUB`), so that adding a page
# touches one part's files only.
PARTS = ("ruleset", "round", "target", "kpi", "eval")


class AssessConfig(AppConfig):
    """创先争优 — 100-point rule sets by category (百分考核细则), scoring rounds, monthly
    targets with supervision bulletins (督查通报), department KPIs (业绩评价指标), evaluation
    by the people served (群众评议)."""

    name = "dangjian.assess"
    label = "assess"
    verbose_name = _("Assessment")
    menu = (MenuEntry(_("Assessment"), "assess:home", _signed_in, order=9),)
    reminders: tuple[str, ...] = ("dangjian.assess.target_reminders.target_reminders",)
    demo = "dangjian.assess.demo"
    # Public satisfaction (群众评议) is assessment's own indicator.
    indicators = "dangjian.assess.indicators"

    @property
    def hub(self) -> tuple[MenuEntry, ...]:
        """The hub page's links (assess:home), gathered from each part's `HUB`."""
        from importlib import import_module

        entries: list[MenuEntry] = []
        for part in PARTS:
            entries.extend(import_module(f"dangjian.assess.{part}_urls").HUB)
        return tuple(sorted(entries, key=lambda entry: entry.order))
