from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _sees_org_life(user) -> bool:
    # Every account: members see their own meetings, dues and development record; the hub
    # page shows each part only to those who may use it.
    return user.is_authenticated


def _issues_transfers(user) -> bool:
    from dangjian.orgs.scoping import Action, may

    return may(user, Action.CHANGE)


def _sees_subtree(user) -> bool:
    # Pages over an organization's subtree (发展党员 pipeline, alerts): not for members.
    from dangjian.orglife.development_selectors import sees_pipeline

    return user.is_authenticated and sees_pipeline(user)


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
        MenuEntry(_("Meeting ledger"), "orglife:meeting-list", _sees_org_life, order=10),
        MenuEntry(_("Meeting compliance"), "orglife:meeting-compliance", _sees_subtree, order=11),
        MenuEntry(
            _("Development pipeline"), "orglife:development-pipeline", _sees_subtree, order=20
        ),
        MenuEntry(_("Development alerts"), "orglife:development-alerts", _sees_subtree, order=21),
        MenuEntry(_("Transfers in progress"), "orglife:transfer-list", _sees_org_life, order=30),
        MenuEntry(_("Transfer history"), "orglife:transfer-history", _sees_org_life, order=31),
        MenuEntry(
            _("Issue a transfer letter"), "orglife:transfer-issue", _issues_transfers, order=32
        ),
        MenuEntry(
            _("Register an arrival from outside the county"),
            "orglife:transfer-register",
            _issues_transfers,
            order=33,
        ),
        MenuEntry(_("Party dues"), "orglife:dues-home", _sees_org_life, order=40),
        MenuEntry(_("Member reviews"), "orglife:reviews", _sees_org_life, order=50),
        MenuEntry(_("Elections (换届)"), "orglife:elections", _sees_org_life, order=60),
    )
    # Daily reminders, run by `manage.py notices_daily` (one line per part).
    reminders: tuple[str, ...] = (
        "dangjian.orglife.meeting_reminders.committee_meeting_reminders",
        "dangjian.orglife.development_reminders.development_reminders",
        "dangjian.orglife.transfer_reminders.transfer_expiry_reminders",
    )
    demo = "dangjian.orglife.demo"
    # Assessment's automatic indicators (lib.indicators).
    indicators = "dangjian.orglife.indicators"
    # On the kernel's person page: 转接中, the development record, the dues.
    person_panel = "dangjian.orglife.person_panel.person_panel"
