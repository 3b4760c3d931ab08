from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _signed_in(user) -> bool:
    # Every account: members report service and make commitments, secretaries nominate and
    # verify, the committee reviews; the hub shows each part to those who may.
    return user.is_authenticated


# Each part lists its hub links in its own module (`<part>_urls.HUB`), so that adding a page
# touches one part's files only.
PARTS = ("exemplar", "service", "commitment", "post", "star")


class HonorsConfig(AppConfig):
    """评先树优与党员服务 — monthly exemplars with 公示 and 两优一先, 党员百时奉献 volunteer
    service, 公开承诺/践诺评议, 设岗定责/党员示范岗, 评星挂牌."""

    name = "dangjian.honors"
    label = "honors"
    verbose_name = _("Honors and service")
    menu = (MenuEntry(_("Honors and service"), "honors:home", _signed_in, order=9),)
    reminders: tuple[str, ...] = ("dangjian.honors.service_reminders.service_reminders",)
    demo = "dangjian.honors.demo"
    # Volunteer-hour attainment and commitments kept feed assessment.
    indicators = "dangjian.honors.indicators"

    @property
    def hub(self) -> tuple[MenuEntry, ...]:
        """The hub page's links (honors:home), gathered from each part's `HUB`."""
        from importlib import import_module

        entries: list[MenuEntry] = []
        for part in PARTS:
            entries.extend(import_module(f"dangjian.honors.{part}_urls").HUB)
        return tuple(sorted(entries, key=lambda entry: entry.order))
