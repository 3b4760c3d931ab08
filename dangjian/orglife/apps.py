from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _sees_org_life(user) -> bool:
    # Every account: members see their own meetings, dues and development record; the hub
    # page shows each part only to those who may use it.
    return user.is_authenticated


class OrglifeConfig(AppConfig):
    """组织生活 — 三会一课, 发展党员, 组织关系转接, 党费, 民主评议党员, 换届."""

    name = "dangjian.orglife"
    label = "orglife"
    verbose_name = _("Organization life")
    # Each part adds its own entries (one line each).
    menu = (MenuEntry(_("Organization life"), "orglife:home", _sees_org_life, order=8),)
    # The hub page's links (orglife:home), one line per page a part offers, each shown to
    # those its predicate admits.
    hub: tuple[MenuEntry, ...] = (
        MenuEntry(_("Party dues"), "orglife:dues-home", _sees_org_life, order=40),
        MenuEntry(_("Member reviews"), "orglife:reviews", _sees_org_life, order=50),
        MenuEntry(_("Elections (换届)"), "orglife:elections", _sees_org_life, order=60),
    )
    # Daily reminders, run by `manage.py notices_daily` (one line per part).
    reminders: tuple[str, ...] = ()
    demo = "dangjian.orglife.demo"
